//===- file_writer.h - writing TensorBoard event files to a log dir -------===//
//
// The C++ counterpart of tf.compat.v1.summary.FileWriter. open() creates the
// log directory if it is missing and starts
//   <logdir>/events.out.tfevents.<%010d seconds>.<hostname><suffix>
// (TF's C++ EventsWriter name, FACTS.md section 3.1) with the record
// Event{wall_time, file_version "brain.Event:2"}. If a file of that name
// already exists (two writers in one second), ".1", ".2", ... is appended
// rather than truncating it; TensorBoard reads any name containing
// "tfevents".
//
// Events are queued in memory and written as TFRecords (masked CRC-32C) when
// `maxQueue` events are waiting, when `flushSeconds` have passed since the
// last write (checked as events arrive; there is no background thread), and
// on flush() and close(). The destructor closes, so queued events reach the
// file on every normal exit; an error there is printed to stderr since it
// cannot be returned. Every error names the event file.
//
// Usage:
//   std::unique_ptr<FileWriter> writer;
//   KILN_IO_RETURN_IF_ERROR(FileWriter::open("logs/train", {}, writer));
//   KILN_IO_RETURN_IF_ERROR(writer->addGraph(graphDefBytes));
//   KILN_IO_RETURN_IF_ERROR(writer->addSummary(scalarSummary("loss", l), step));
//   KILN_IO_RETURN_IF_ERROR(writer->close());
//
// Thread-safety: all methods may be called from several threads (a trainer
// and an evaluator sharing one writer); a mutex orders them.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_FILE_WRITER_H
#define KILN_RUNTIME_SUMMARY_FILE_WRITER_H

#include "kiln/runtime/io/record_writer.h"
#include "kiln/runtime/summary/event.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kiln::runtime::summary {

struct FileWriterOptions {
  /// Events waiting in memory before they are written (TF's max_queue).
  size_t maxQueue = 10;
  /// Oldest age of queued events before they are written (TF's flush_secs).
  double flushSeconds = 120;
  /// Appended to the file name, e.g. ".v2" or ".worker0".
  std::string filenameSuffix;
};

class FileWriter {
public:
  /// Creates `logDir` if needed and opens a new event file in it. `logDir`
  /// may be local or any scheme the file-system layer serves (directories
  /// are created for local paths only).
  static Status open(const std::string &logDir, const FileWriterOptions &options,
                     std::unique_ptr<FileWriter> &out);
  ~FileWriter();
  FileWriter(const FileWriter &) = delete;
  FileWriter &operator=(const FileWriter &) = delete;

  /// Queues Event{now, step, summary}.
  Status addSummary(const Summary &summary, int64_t step);
  /// Queues Event{now, graph_def}: TensorBoard's graph dashboard.
  Status addGraph(std::string graphDefBytes);
  /// Queues any event (its wall time is kept as given).
  Status addEvent(const Event &event);

  /// Writes queued events and pushes them to the file system, so that
  /// TensorBoard sees them.
  Status flush();
  /// Flushes and closes the file; later adds fail. Closing twice is fine.
  Status close();

  /// The event file's full path.
  const std::string &path() const { return path_; }

private:
  FileWriter(std::string path, const FileWriterOptions &options,
             std::unique_ptr<io::RecordWriter> records);
  Status queueLocked(std::string record);
  Status flushLocked();

  const std::string path_;
  const FileWriterOptions options_;
  std::mutex mutex_;
  std::unique_ptr<io::RecordWriter> records_;
  std::vector<std::string> queue_;
  std::chrono::steady_clock::time_point lastWrite_;
  bool closed_ = false;
};

/// The event file name TF's C++ writer would pick at `seconds` on `host`.
std::string eventFileName(int64_t seconds, const std::string &host,
                          const std::string &suffix);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_FILE_WRITER_H
