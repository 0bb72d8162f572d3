//===- event_file_reader.h - reading event files back ---------------------===//
//
// For tests and tools: reads every Event of an event file (kiln's or
// TensorFlow's), verifying the TFRecord CRCs. A corrupt record or a message
// that does not parse is an error naming the file and the record.
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_EVENT_FILE_READER_H
#define KILN_RUNTIME_SUMMARY_EVENT_FILE_READER_H

#include "kiln/runtime/summary/event.h"

#include <string>
#include <vector>

namespace kiln::runtime::summary {

/// Reads all events of `path` into `out`.
Status readEventFile(const std::string &path, std::vector<Event> &out);

/// The event files in local directory `logDir` (names containing
/// "tfevents"), sorted by name: the order TensorBoard reads them in.
Status listEventFiles(const std::string &logDir,
                      std::vector<std::string> &out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_EVENT_FILE_READER_H
