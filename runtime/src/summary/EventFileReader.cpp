//===- EventFileReader.cpp - reading event files back ---------------------===//

#include "kiln/runtime/summary/event_file_reader.h"

#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/record_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kiln::runtime::summary {

Status readEventFile(const std::string &path, std::vector<Event> &out) {
  out.clear();
  std::unique_ptr<io::RecordReader> reader;
  KILN_IO_RETURN_IF_ERROR(io::RecordReader::open(path, {}, reader));
  std::string record;
  for (;;) {
    uint64_t offset = reader->offset();
    Status status = reader->read(record);
    if (status.code() == io::StatusCode::OutOfRange)
      return Status();
    KILN_IO_RETURN_IF_ERROR(status);
    Event event;
    status = parseEvent(record, event);
    if (!status.ok())
      return Status(status.code(), path + ": event " +
                                       std::to_string(out.size()) +
                                       " (record at byte offset " +
                                       std::to_string(offset) +
                                       "): " + status.message());
    out.push_back(std::move(event));
  }
}

Status listEventFiles(const std::string &logDir,
                      std::vector<std::string> &out) {
  out.clear();
  std::vector<std::string> names;
  if (Status listed = io::listDirectory(logDir, names); !listed.ok())
    return Status(listed.code(),
                  "cannot list the log directory: " + listed.message());
  for (const std::string &name : names) // sorted already
    if (name.find("tfevents") != std::string::npos)
      out.push_back(logDir + "/" + name);
  return Status();
}

} // namespace kiln::runtime::summary
