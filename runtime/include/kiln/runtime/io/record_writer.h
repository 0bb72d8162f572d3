//===- record_writer.h - writing TFRecord files ---------------------------===//
//
// A TFRecord file is a sequence of records, each framed as
//   uint64 length (LE) | uint32 masked CRC-32C of those 8 bytes |
//   data | uint32 masked CRC-32C of data
// with no file header or footer; GZIP or ZLIB compression wraps the whole
// stream. Files written here open in tf.data.TFRecordDataset (and
// tf.io.TFRecordWriter's files open in RecordReader).
//
// Usage:
//   std::unique_ptr<RecordWriter> writer;
//   KILN_IO_RETURN_IF_ERROR(RecordWriter::open(path, {}, writer));
//   KILN_IO_RETURN_IF_ERROR(writer->write(serializedExample));
//   KILN_IO_RETURN_IF_ERROR(writer->close());
//
// Thread-safety: one thread at a time per writer.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_RECORD_WRITER_H
#define KILN_RUNTIME_IO_RECORD_WRITER_H

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/stream.h"

#include <memory>
#include <string>
#include <string_view>

namespace kiln::runtime::io {

struct RecordWriterOptions {
  Compression compression = Compression::None;
  int compressionLevel = -1; // zlib's default
};

/// The 12-byte header (length and its masked CRC) that precedes `size` data
/// bytes, and the 4-byte footer after `data`. Exposed for tests and for
/// writers (event files) that frame records into their own buffers.
std::string recordHeader(uint64_t size);
std::string recordFooter(std::string_view data);

class RecordWriter {
public:
  /// Creates (or truncates) `path` through the file system layer.
  static Status open(const std::string &path, const RecordWriterOptions &options,
                     std::unique_ptr<RecordWriter> &out);
  /// Writes into an already open stream, which the writer then owns.
  RecordWriter(std::unique_ptr<OutputStream> sink,
               const RecordWriterOptions &options);
  ~RecordWriter();

  Status write(std::string_view record);
  /// Pushes everything written so far to the file; a reader can read it
  /// (compressed streams do a zlib sync flush).
  Status flush();
  /// Flushes, finishes the compressed stream and closes the file. The
  /// destructor closes too, but cannot report an error.
  Status close();

  uint64_t recordsWritten() const { return records_; }

private:
  std::unique_ptr<OutputStream> sink_;
  uint64_t records_ = 0;
  bool closed_ = false;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_RECORD_WRITER_H
