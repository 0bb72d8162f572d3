//===- FileWriterTest.cpp - event files: name, framing, round trips -------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/io/crc32c.h"
#include "kiln/runtime/summary/event_file_reader.h"
#include "kiln/runtime/summary/file_writer.h"
#include "kiln/runtime/summary/graph_def.h"
#include "kiln/runtime/summary/histogram.h"
#include "kiln/runtime/summary/image.h"
#include "kiln/runtime/summary/png.h"
#include "kiln/runtime/summary/scalar.h"

#include <cmath>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <regex>
#include <sys/resource.h>
#include <thread>

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

/// The single event file in `logDir`.
std::string onlyEventFile(const std::string &logDir) {
  std::vector<std::string> files;
  Status status = listEventFiles(logDir, files);
  EXPECT_TRUE(status.ok()) << status.toString();
  EXPECT_EQ(files.size(), 1u);
  return files.empty() ? "" : files[0];
}

uint32_t littleEndian32(const std::string &bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= uint32_t(static_cast<uint8_t>(bytes[at + i])) << (8 * i);
  return value;
}

TEST(EventFileName, FollowsTensorFlowsCppWriter) {
  EXPECT_EQ(eventFileName(1700000000, "host", ""),
            "events.out.tfevents.1700000000.host");
  EXPECT_EQ(eventFileName(42, "h", ".v2"), "events.out.tfevents.0000000042.h.v2");
}

TEST(FileWriter, CreatesTheLogDirAndStartsWithTheVersionRecord) {
  std::string logDir = freshDir("first") + "/nested/train";
  std::unique_ptr<FileWriter> writer;
  int64_t before = static_cast<int64_t>(std::time(nullptr));
  KILN_ASSERT_OK(FileWriter::open(logDir, {}, writer));
  std::string path = writer->path();
  EXPECT_EQ(onlyEventFile(logDir), path);
  std::string name = path.substr(path.rfind('/') + 1);
  EXPECT_TRUE(std::regex_match(name, std::regex(R"(events\.out\.tfevents\.\d{10}\..+)")))
      << name;
  KILN_ASSERT_OK(writer->close());

  // Byte level: one TFRecord (FACTS.md 3.2) holding Event{wall_time,
  // file_version} (3.3); the stamp in the name is the wall time.
  std::string bytes = readBytes(path);
  ASSERT_EQ(bytes.size(), 12u + 24u + 4u);
  EXPECT_EQ(hexOf(bytes.substr(0, 8)), "18 00 00 00 00 00 00 00");
  EXPECT_EQ(littleEndian32(bytes, 8),
            io::maskCrc32c(io::crc32c(bytes.data(), 8)));
  std::string data = bytes.substr(12, 24);
  EXPECT_EQ(littleEndian32(bytes, 36), io::maskCrc32c(io::crc32c(data)));
  EXPECT_EQ(hexOf(data.substr(9)),
            "1a 0d 62 72 61 69 6e 2e 45 76 65 6e 74 3a 32");
  Event first;
  KILN_ASSERT_OK(parseEvent(data, first));
  EXPECT_EQ(first.kind, Event::Kind::FileVersion);
  EXPECT_EQ(first.wallTime, static_cast<double>(static_cast<int64_t>(first.wallTime)))
      << "the version event carries whole seconds";
  EXPECT_GE(first.wallTime, static_cast<double>(before));
  EXPECT_NE(name.find(std::to_string(static_cast<int64_t>(first.wallTime))),
            std::string::npos);
}

TEST(FileWriter, EverySummaryKindRoundTrips) {
  std::string logDir = freshDir("kinds");
  std::vector<GraphNode> nodes = {{"input/x", "Placeholder", {}, ""},
                                  {"layer1/Relu", "Relu", {"input/x"}, ""}};
  Histogram histogram;
  for (int i = 0; i < 100; ++i)
    KILN_ASSERT_OK(histogram.add(std::sin(i * 0.1)));
  std::vector<uint8_t> pixels(2 * 3 * 4 * 3);
  for (size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<uint8_t>(i * 3);
  {
    std::unique_ptr<FileWriter> writer;
    KILN_ASSERT_OK(FileWriter::open(logDir, {}, writer));
    KILN_ASSERT_OK(writer->addGraph(encodeGraphDef(nodes)));
    for (int step = 0; step < 25; ++step)
      KILN_ASSERT_OK(writer->addSummary(scalarSummary("loss", 1.0 / (step + 1)), step));
    Summary mixed;
    mixed.values.push_back(histogramValue("weights", histogram));
    KILN_ASSERT_OK(addImageValues("input", pixels.data(), {2, 3, 4, 3}, 2, mixed));
    KILN_ASSERT_OK(writer->addSummary(mixed, 100));
    // No close(): the destructor must flush what is queued.
  }
  std::vector<Event> events;
  KILN_ASSERT_OK(readEventFile(onlyEventFile(logDir), events));
  ASSERT_EQ(events.size(), 1u + 1u + 25u + 1u);
  EXPECT_EQ(events[0].fileVersion, "brain.Event:2");
  ASSERT_EQ(events[1].kind, Event::Kind::GraphDef);
  std::vector<GraphNode> back;
  KILN_ASSERT_OK(parseGraphDefNodes(events[1].graphDef, back));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].inputs, std::vector<std::string>{"input/x"});
  for (int step = 0; step < 25; ++step) {
    const Event &event = events[2 + step];
    ASSERT_EQ(event.kind, Event::Kind::Summary);
    EXPECT_EQ(event.step, step);
    ASSERT_EQ(event.summary.values.size(), 1u);
    EXPECT_EQ(event.summary.values[0].simpleValue, static_cast<float>(1.0 / (step + 1)));
    EXPECT_GT(event.wallTime, 1.6e9);
  }
  const Summary &mixed = events.back().summary;
  EXPECT_EQ(events.back().step, 100);
  ASSERT_EQ(mixed.values.size(), 3u);
  EXPECT_EQ(mixed.values[0].histogram.bucket, histogram.toProto().bucket);
  EXPECT_EQ(mixed.values[0].histogram.num, 100.0);
  EXPECT_EQ(mixed.values[2].tag, "input/image/1");
  DecodedPng decoded;
  KILN_ASSERT_OK(decodePng(mixed.values[2].image.encodedImage, decoded));
  EXPECT_EQ(decoded.pixels,
            std::vector<uint8_t>(pixels.begin() + 36, pixels.end()));
}

TEST(FileWriter, EventsWaitInTheQueueUntilFlush) {
  std::string logDir = freshDir("queue");
  FileWriterOptions options;
  options.maxQueue = 100;
  std::unique_ptr<FileWriter> writer;
  KILN_ASSERT_OK(FileWriter::open(logDir, options, writer));
  size_t versionOnly = readBytes(writer->path()).size();
  KILN_ASSERT_OK(writer->addSummary(scalarSummary("a", 1), 1));
  EXPECT_EQ(readBytes(writer->path()).size(), versionOnly);
  KILN_ASSERT_OK(writer->flush());
  EXPECT_GT(readBytes(writer->path()).size(), versionOnly);
}

TEST(FileWriter, FullQueueAndOldEventsAreWritten) {
  std::string logDir = freshDir("autoflush");
  FileWriterOptions options;
  options.maxQueue = 3;
  std::unique_ptr<FileWriter> writer;
  KILN_ASSERT_OK(FileWriter::open(logDir, options, writer));
  std::vector<Event> events;
  for (int step = 0; step < 3; ++step)
    KILN_ASSERT_OK(writer->addSummary(scalarSummary("a", step), step));
  KILN_ASSERT_OK(readEventFile(writer->path(), events));
  EXPECT_EQ(events.size(), 4u);

  std::unique_ptr<FileWriter> timed;
  options.maxQueue = 1000;
  options.flushSeconds = 0; // every event is already old enough
  options.filenameSuffix = ".timed";
  KILN_ASSERT_OK(FileWriter::open(logDir, options, timed));
  KILN_ASSERT_OK(timed->addSummary(scalarSummary("a", 1), 1));
  KILN_ASSERT_OK(readEventFile(timed->path(), events));
  EXPECT_EQ(events.size(), 2u);
}

TEST(FileWriter, WritersInOneSecondDoNotClobberEachOther) {
  std::string logDir = freshDir("same_second");
  std::unique_ptr<FileWriter> a, b;
  KILN_ASSERT_OK(FileWriter::open(logDir, {}, a));
  KILN_ASSERT_OK(FileWriter::open(logDir, {}, b));
  EXPECT_NE(a->path(), b->path());
  KILN_ASSERT_OK(a->addSummary(scalarSummary("a", 1), 1));
  KILN_ASSERT_OK(a->close());
  KILN_ASSERT_OK(b->close());
  std::vector<Event> events;
  KILN_ASSERT_OK(readEventFile(a->path(), events));
  EXPECT_EQ(events.size(), 2u);
}

TEST(FileWriter, ThreadsShareOneWriter) {
  std::unique_ptr<FileWriter> writer;
  FileWriterOptions options;
  options.maxQueue = 7; // writes happen while other threads queue
  KILN_ASSERT_OK(FileWriter::open(freshDir("threads"), options, writer));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int step = 0; step < 100; ++step)
        EXPECT_TRUE(writer->addSummary(scalarSummary("t" + std::to_string(t), step),
                                       step).ok());
    });
  for (std::thread &thread : threads)
    thread.join();
  KILN_ASSERT_OK(writer->close());
  std::vector<Event> events;
  KILN_ASSERT_OK(readEventFile(writer->path(), events));
  ASSERT_EQ(events.size(), 401u);
  std::map<std::string, int> nextStep;
  for (size_t i = 1; i < events.size(); ++i) {
    const SummaryValue &value = events[i].summary.values.at(0);
    // Each thread's events stay in its own order.
    EXPECT_EQ(events[i].step, nextStep[value.tag]++) << value.tag;
  }
}

TEST(FileWriterErrors, AddAfterCloseNamesTheFile) {
  std::unique_ptr<FileWriter> writer;
  KILN_ASSERT_OK(FileWriter::open(freshDir("closed"), {}, writer));
  KILN_ASSERT_OK(writer->close());
  KILN_ASSERT_OK(writer->close());
  KILN_EXPECT_ERROR(writer->addSummary(scalarSummary("a", 1), 1),
                    io::StatusCode::FailedPrecondition,
                    writer->path() + ": event added after the writer was closed");
}

TEST(FileWriterErrors, LogDirUnderAFileIsAClearError) {
  std::string file = freshDir("not_a_dir");
  io::testing::writeBytes(file, "x");
  std::unique_ptr<FileWriter> writer;
  KILN_EXPECT_ERROR(FileWriter::open(file + "/logs", {}, writer),
                    io::StatusCode::FailedPrecondition,
                    "cannot create log directory " + file + "/logs");
  KILN_EXPECT_ERROR(FileWriter::open(file, {}, writer),
                    io::StatusCode::FailedPrecondition,
                    "it exists and is not a directory");
  EXPECT_EQ(writer, nullptr);
}

TEST(FileWriterErrors, FailedWritesNameTheFileAndKeepTheEvents) {
  // A file-size limit makes write() fail with EFBIG (SIGXFSZ ignored) once
  // the version record is out: a full disk, reproducibly.
  std::unique_ptr<FileWriter> writer;
  KILN_ASSERT_OK(FileWriter::open(freshDir("efbig"), {}, writer));
  rlimit saved;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  void (*savedHandler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 100;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  KILN_ASSERT_OK(writer->addSummary(scalarSummary(std::string(200, 't'), 1), 1));
  Status failed = writer->flush();
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, savedHandler);
  KILN_EXPECT_ERROR(failed, io::StatusCode::FailedPrecondition, writer->path());
  KILN_EXPECT_ERROR(failed, io::StatusCode::FailedPrecondition, "cannot write");
}

TEST(EventFileReader, CorruptRecordsNameTheFileAndOffset) {
  std::unique_ptr<FileWriter> writer;
  KILN_ASSERT_OK(FileWriter::open(freshDir("corrupt"), {}, writer));
  KILN_ASSERT_OK(writer->addSummary(scalarSummary("a", 1), 1));
  KILN_ASSERT_OK(writer->close());
  std::string bytes = readBytes(writer->path());
  bytes[40 + 12 + 3] ^= 1; // a data byte of the second record
  std::string bad = writer->path() + ".bad";
  io::testing::writeBytes(bad, bytes);
  std::vector<Event> events;
  KILN_EXPECT_ERROR(readEventFile(bad, events), io::StatusCode::DataLoss, bad);
  KILN_EXPECT_ERROR(readEventFile(bad, events), io::StatusCode::DataLoss,
                    "offset 40");
}

} // namespace
