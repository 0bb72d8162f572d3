//===- RecordTest.cpp - TFRecord writing, reading, corruption, truncation -===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/record_reader.h"
#include "kiln/runtime/io/record_writer.h"

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;

namespace {

Status writeRecords(const std::string &path,
                    const std::vector<std::string> &records,
                    Compression compression = Compression::None) {
  std::unique_ptr<RecordWriter> writer;
  RecordWriterOptions options;
  options.compression = compression;
  KILN_IO_RETURN_IF_ERROR(RecordWriter::open(path, options, writer));
  for (const std::string &record : records)
    KILN_IO_RETURN_IF_ERROR(writer->write(record));
  return writer->close();
}

std::vector<std::string> sampleRecords() {
  std::vector<std::string> records = {"", "a", "hello", std::string(3, '\0')};
  std::string big(1 << 21, '\0'); // crosses the reader's 1 MiB growth step
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>(i * 31 + (i >> 9));
  records.push_back(big);
  for (int i = 0; i < 100; ++i)
    records.push_back(std::string(static_cast<size_t>(i), char('A' + i % 26)));
  return records;
}

TEST(RecordFraming, MatchesTheWorkedExampleBytes) {
  // FACTS.md section 3.2.
  EXPECT_EQ(hexOf(recordHeader(5) + "hello" + recordFooter("hello")),
            "05 00 00 00 00 00 00 00 ea b2 04 3e 68 65 6c 6c 6f bb 1f 1c 19");
  EXPECT_EQ(hexOf(recordHeader(0) + recordFooter("")),
            "00 00 00 00 00 00 00 00 29 03 98 07 d8 ea 82 a2");
}

TEST(RecordIO, RoundTripsEveryCompression) {
  std::vector<std::string> records = sampleRecords();
  for (Compression compression :
       {Compression::None, Compression::Gzip, Compression::Zlib}) {
    std::string path = tempPath(std::string("roundtrip_") +
                                compressionName(compression) + ".tfrecord");
    KILN_ASSERT_OK(writeRecords(path, records, compression));
    RecordReaderOptions options;
    options.compression = compression;
    std::vector<std::string> back;
    KILN_ASSERT_OK(readAllRecords(path, options, back));
    ASSERT_EQ(back.size(), records.size());
    for (size_t i = 0; i < records.size(); ++i)
      EXPECT_EQ(back[i], records[i]) << "record " << i;
  }
}

TEST(RecordIO, EmptyFileHasNoRecords) {
  std::string path = tempPath("empty.tfrecord");
  KILN_ASSERT_OK(writeRecords(path, {}));
  EXPECT_EQ(readBytes(path), "");
  std::vector<std::string> back;
  KILN_ASSERT_OK(readAllRecords(path, {}, back));
  EXPECT_TRUE(back.empty());
}

TEST(RecordIO, ReaderReportsOffsetsAndEndOfFile) {
  std::string path = tempPath("offsets.tfrecord");
  KILN_ASSERT_OK(writeRecords(path, {"abc", "de"}));
  std::unique_ptr<RecordReader> reader;
  KILN_ASSERT_OK(RecordReader::open(path, {}, reader));
  std::string record;
  EXPECT_EQ(reader->offset(), 0u);
  KILN_ASSERT_OK(reader->read(record));
  EXPECT_EQ(reader->offset(), 19u);
  KILN_ASSERT_OK(reader->read(record));
  EXPECT_EQ(record, "de");
  KILN_EXPECT_ERROR(reader->read(record), StatusCode::OutOfRange, path);
  KILN_EXPECT_ERROR(reader->read(record), StatusCode::OutOfRange, path);
}

TEST(RecordIO, FlushMakesRecordsReadableBeforeClose) {
  for (Compression compression : {Compression::None, Compression::Gzip}) {
    std::string path = tempPath("flushed.tfrecord");
    std::unique_ptr<RecordWriter> writer;
    RecordWriterOptions options;
    options.compression = compression;
    KILN_ASSERT_OK(RecordWriter::open(path, options, writer));
    KILN_ASSERT_OK(writer->write("early"));
    KILN_ASSERT_OK(writer->flush());
    // A GZIP stream without its trailer is truncated to a reader, but the
    // flushed record itself must come out whole.
    std::unique_ptr<RecordReader> reader;
    RecordReaderOptions readOptions;
    readOptions.compression = compression;
    KILN_ASSERT_OK(RecordReader::open(path, readOptions, reader));
    std::string record;
    KILN_ASSERT_OK(reader->read(record));
    EXPECT_EQ(record, "early");
    KILN_ASSERT_OK(writer->close());
    EXPECT_EQ(writer->recordsWritten(), 1u);
    KILN_EXPECT_ERROR(writer->write("late"), StatusCode::FailedPrecondition,
                      "write after close");
  }
}

/// Reads every record of `bytes` (written to a file); returns the status
/// that ended the loop and the count read before it.
Status readBytesAsRecords(const std::string &bytes, size_t &count,
                          const std::string &path) {
  writeBytes(path, bytes);
  std::unique_ptr<RecordReader> reader;
  KILN_IO_RETURN_IF_ERROR(RecordReader::open(path, {}, reader));
  count = 0;
  std::string record;
  Status status;
  while ((status = reader->read(record)).ok())
    ++count;
  return status;
}

TEST(RecordIO, EveryFlippedByteIsDataLossNamingFileAndRecordOffset) {
  std::string path = tempPath("corrupt.tfrecord");
  KILN_ASSERT_OK(writeRecords(path, {"first record", "second", "third!"}));
  std::string good = readBytes(path);
  // Record starts: 0, 28, 50.
  const size_t starts[] = {0, 28, 50, good.size()};
  for (size_t at = 0; at < good.size(); ++at) {
    std::string bad = good;
    bad[at] ^= 0x20;
    size_t count = 0;
    Status status = readBytesAsRecords(bad, count, path);
    size_t record = 0;
    while (starts[record + 1] <= at)
      ++record;
    EXPECT_EQ(status.code(), StatusCode::DataLoss)
        << "byte " << at << ": " << status.toString();
    EXPECT_EQ(count, record) << "byte " << at;
    std::string where = path + ": record at byte offset " +
                        std::to_string(starts[record]);
    EXPECT_NE(status.message().find(where), std::string::npos)
        << status.message();
    EXPECT_NE(status.message().find("corrupt"), std::string::npos)
        << status.message();
  }
}

TEST(RecordIO, EveryTruncationIsDataLossOrAShorterFile) {
  std::string path = tempPath("truncated.tfrecord");
  KILN_ASSERT_OK(writeRecords(path, {"first record", "second", "third!"}));
  std::string good = readBytes(path);
  for (size_t length = 0; length < good.size(); ++length) {
    size_t count = 0;
    Status status = readBytesAsRecords(good.substr(0, length), count, path);
    if (length == 0 || length == 28 || length == 50) {
      EXPECT_EQ(status.code(), StatusCode::OutOfRange) << length;
      continue;
    }
    EXPECT_EQ(status.code(), StatusCode::DataLoss)
        << "length " << length << ": " << status.toString();
    EXPECT_NE(status.message().find("truncated"), std::string::npos)
        << status.message();
    EXPECT_NE(status.message().find(path + ": record at byte offset"),
              std::string::npos);
  }
}

TEST(RecordIO, CorruptLengthWithValidCrcIsRefusedNotAllocated) {
  // A length CRC that matches a huge length: the reader must refuse it
  // rather than try to allocate.
  std::string bytes = recordHeader(uint64_t(1) << 60) + "tiny";
  size_t count = 0;
  std::string path = tempPath("huge.tfrecord");
  KILN_EXPECT_ERROR(readBytesAsRecords(bytes, count, path),
                    StatusCode::DataLoss, "exceeds the");
  // Under the limit but longer than the file: a truncation, not an
  // allocation of the claimed size.
  bytes = recordHeader(uint64_t(1) << 30) + "tiny";
  KILN_EXPECT_ERROR(readBytesAsRecords(bytes, count, path),
                    StatusCode::DataLoss, "truncated data (4 of 1073741824");
}

TEST(RecordIO, CompressedCorruptionIsDataLoss) {
  std::string path = tempPath("corrupt.tfrecord.gz");
  KILN_ASSERT_OK(writeRecords(path, sampleRecords(), Compression::Gzip));
  std::string good = readBytes(path);
  for (size_t at : {size_t(20), good.size() / 3, good.size() - 6}) {
    std::string bad = good;
    bad[at] ^= 0x41;
    writeBytes(path, bad);
    RecordReaderOptions options;
    options.compression = Compression::Gzip;
    std::vector<std::string> back;
    Status status = readAllRecords(path, options, back);
    EXPECT_EQ(status.code(), StatusCode::DataLoss)
        << "byte " << at << ": " << status.toString();
    EXPECT_NE(status.message().find(path), std::string::npos);
  }
  writeBytes(path, good.substr(0, good.size() - 3));
  RecordReaderOptions options;
  options.compression = Compression::Gzip;
  std::vector<std::string> back;
  KILN_EXPECT_ERROR(readAllRecords(path, options, back), StatusCode::DataLoss,
                    "truncated GZIP");
}

TEST(RecordIO, CompressedRecordErrorsGiveTheUncompressedOffset) {
  // A bad data CRC inside an intact GZIP stream.
  std::string framed = recordHeader(2) + "ok" + recordFooter("ok") +
                       recordHeader(3) + "bad" + recordFooter("BAD");
  std::string path = tempPath("badcrc.tfrecord.gz");
  std::unique_ptr<OutputStream> file;
  KILN_ASSERT_OK(openForWrite(path, file));
  auto gzip = makeCompressingStream(std::move(file), Compression::Gzip);
  KILN_ASSERT_OK(gzip->append(framed));
  KILN_ASSERT_OK(gzip->close());
  RecordReaderOptions options;
  options.compression = Compression::Gzip;
  std::vector<std::string> back;
  KILN_EXPECT_ERROR(readAllRecords(path, options, back), StatusCode::DataLoss,
                    path + ": record at uncompressed byte offset 18: corrupt "
                           "data");
}

TEST(RecordIO, MissingFileNamesThePath) {
  std::vector<std::string> back;
  std::string path = tempPath("nope.tfrecord");
  KILN_EXPECT_ERROR(readAllRecords(path, {}, back), StatusCode::NotFound, path);
}

} // namespace
