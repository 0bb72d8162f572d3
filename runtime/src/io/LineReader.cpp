//===- LineReader.cpp - text files, a line at a time ----------------------===//

#include "kiln/runtime/io/line_reader.h"

#include "kiln/runtime/io/file_system.h"

#include <algorithm>

namespace kiln::runtime::io {

Status LineReader::open(const std::string &path, Compression compression,
                        std::unique_ptr<LineReader> &out) {
  std::unique_ptr<InputStream> file;
  KILN_IO_RETURN_IF_ERROR(openForRead(path, file));
  out = std::make_unique<LineReader>(
      makeDecompressingStream(std::move(file), compression));
  return Status();
}

LineReader::LineReader(std::unique_ptr<InputStream> source)
    : source_(std::move(source)) {}

Status LineReader::fill() {
  constexpr size_t kChunk = 1 << 16;
  buffer_.erase(0, position_);
  position_ = 0;
  size_t start = buffer_.size();
  buffer_.resize(start + kChunk);
  size_t got = 0;
  Status status = source_->read(buffer_.data() + start, kChunk, got);
  buffer_.resize(start + got);
  if (got < kChunk)
    ended_ = true;
  return status;
}

Status LineReader::readLine(std::string &line) {
  size_t searchFrom = position_;
  for (;;) {
    size_t newline = buffer_.find('\n', searchFrom);
    if (newline != std::string::npos) {
      line.assign(buffer_, position_, newline - position_);
      position_ = newline + 1;
      break;
    }
    if (ended_) {
      if (position_ == buffer_.size())
        return outOfRange(name() + ": end of file after line " +
                          std::to_string(lineNumber_));
      line.assign(buffer_, position_, std::string::npos);
      position_ = buffer_.size();
      break;
    }
    size_t scanned = buffer_.size() - position_;
    KILN_IO_RETURN_IF_ERROR(fill());
    searchFrom = position_ + scanned;
  }
  // TF's line reader drops every carriage return, not just one before the
  // newline; doing the same keeps CRLF files and stray CRs reading alike.
  line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
  ++lineNumber_;
  return Status();
}

} // namespace kiln::runtime::io
