//===- FileWriter.cpp - TensorBoard event files ---------------------------===//

#include "kiln/runtime/summary/file_writer.h"

#include "kiln/runtime/io/file_system.h"

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace kiln::runtime::summary {

namespace {

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0')
    return "localhost";
  return name;
}

std::string joinPath(const std::string &directory, const std::string &name) {
  if (!directory.empty() && directory.back() == '/')
    return directory + name;
  return directory + "/" + name;
}

/// Prefixes an error with the event file it concerns, unless the lower
/// layer already named it.
Status naming(const std::string &path, Status status) {
  if (status.ok() || status.message().find(path) != std::string::npos)
    return status;
  return Status(status.code(), path + ": " + status.message());
}

} // namespace

std::string eventFileName(int64_t seconds, const std::string &host,
                          const std::string &suffix) {
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%010lld",
                static_cast<long long>(seconds));
  return std::string("events.out.tfevents.") + stamp + "." + host + suffix;
}

Status FileWriter::open(const std::string &logDir,
                        const FileWriterOptions &options,
                        std::unique_ptr<FileWriter> &out) {
  if (io::Status made = io::createDirectories(logDir); !made.ok())
    return io::Status(made.code(), "cannot create log directory " + logDir +
                                       ": " + made.message());
  // TF's C++ writer stamps the name and the first event with the same whole
  // second.
  int64_t seconds = static_cast<int64_t>(std::time(nullptr));
  std::string base = joinPath(
      logDir, eventFileName(seconds, hostName(), options.filenameSuffix));
  std::string path = base;
  for (int n = 1; io::fileExists(path).ok(); ++n)
    path = base + "." + std::to_string(n);

  std::unique_ptr<io::RecordWriter> records;
  KILN_IO_RETURN_IF_ERROR(naming(path, io::RecordWriter::open(path, {}, records)));
  std::unique_ptr<FileWriter> writer(
      new FileWriter(path, options, std::move(records)));
  {
    std::lock_guard<std::mutex> lock(writer->mutex_);
    // The version record goes out at once, so even a writer that never gets
    // an event leaves a valid file TensorBoard recognizes.
    writer->queue_.push_back(
        encodeEvent(fileVersionEvent(static_cast<double>(seconds))));
    KILN_IO_RETURN_IF_ERROR(writer->flushLocked());
  }
  out = std::move(writer);
  return Status();
}

FileWriter::FileWriter(std::string path, const FileWriterOptions &options,
                       std::unique_ptr<io::RecordWriter> records)
    : path_(std::move(path)), options_(options), records_(std::move(records)),
      lastWrite_(std::chrono::steady_clock::now()) {}

FileWriter::~FileWriter() {
  Status status = close();
  if (!status.ok())
    std::fprintf(stderr, "kiln: event file writer lost events: %s\n",
                 status.toString().c_str());
}

Status FileWriter::addSummary(const Summary &summary, int64_t step) {
  std::string record = encodeEvent(summaryEvent(wallTimeNow(), step, summary));
  std::lock_guard<std::mutex> lock(mutex_);
  return queueLocked(std::move(record));
}

Status FileWriter::addGraph(std::string graphDefBytes) {
  std::string record =
      encodeEvent(graphEvent(wallTimeNow(), std::move(graphDefBytes)));
  std::lock_guard<std::mutex> lock(mutex_);
  return queueLocked(std::move(record));
}

Status FileWriter::addEvent(const Event &event) {
  std::string record = encodeEvent(event);
  std::lock_guard<std::mutex> lock(mutex_);
  return queueLocked(std::move(record));
}

Status FileWriter::queueLocked(std::string record) {
  if (closed_)
    return Status(io::StatusCode::FailedPrecondition,
                  path_ + ": event added after the writer was closed");
  queue_.push_back(std::move(record));
  std::chrono::duration<double> age =
      std::chrono::steady_clock::now() - lastWrite_;
  if (queue_.size() >= options_.maxQueue || age.count() >= options_.flushSeconds)
    return flushLocked();
  return Status();
}

Status FileWriter::flushLocked() {
  // Events leave the queue only once written: after an error, a later flush
  // (or close) retries the rest rather than dropping them.
  size_t written = 0;
  Status status;
  for (; written < queue_.size(); ++written) {
    status = records_->write(queue_[written]);
    if (!status.ok())
      break;
  }
  queue_.erase(queue_.begin(), queue_.begin() + written);
  if (status.ok())
    status = records_->flush();
  lastWrite_ = std::chrono::steady_clock::now();
  return naming(path_, status);
}

Status FileWriter::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_)
    return Status();
  return flushLocked();
}

Status FileWriter::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_)
    return Status();
  closed_ = true;
  Status status = flushLocked();
  Status closed = naming(path_, records_->close());
  return status.ok() ? closed : status;
}

} // namespace kiln::runtime::summary
