//===- line_reader.h - text files, a line at a time -----------------------===//
//
// What tf.data.TextLineDataset reads: lines split on '\n', with the newline
// and every '\r' removed (TF drops carriage returns anywhere in a line), optionally GZIP/ZLIB-compressed, through
// the file-system layer. Line numbers start at 1 so errors can name them.
//
// Thread-safety: one thread at a time per reader.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_LINE_READER_H
#define KILN_RUNTIME_IO_LINE_READER_H

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/stream.h"

#include <memory>
#include <string>

namespace kiln::runtime::io {

class LineReader {
public:
  static Status open(const std::string &path, Compression compression,
                     std::unique_ptr<LineReader> &out);
  explicit LineReader(std::unique_ptr<InputStream> source);

  /// The next line into `line`; OutOfRange after the last one. A final line
  /// without a newline still counts.
  Status readLine(std::string &line);

  /// The number of the line readLine returned last (1-based).
  uint64_t lineNumber() const { return lineNumber_; }
  const std::string &name() const { return source_->name(); }

private:
  Status fill();

  std::unique_ptr<InputStream> source_;
  std::string buffer_;
  size_t position_ = 0;
  bool ended_ = false;
  uint64_t lineNumber_ = 0;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_LINE_READER_H
