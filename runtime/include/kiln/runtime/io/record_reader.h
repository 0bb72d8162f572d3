//===- record_reader.h - reading TFRecord files ---------------------------===//
//
// Reads the framing record_writer.h describes, verifying both CRCs of every
// record. A corrupt or truncated file is a DataLoss error naming the file and
// the byte offset of the record at fault (offsets count decompressed bytes
// for compressed files), never a crash or an attempt to allocate a corrupt
// length; the end of the file at a record boundary is OutOfRange, as in TF.
//
// Usage:
//   std::unique_ptr<RecordReader> reader;
//   KILN_IO_RETURN_IF_ERROR(RecordReader::open(path, {}, reader));
//   std::string record;
//   Status status;
//   while ((status = reader->read(record)).ok()) use(record);
//   if (status.code() != StatusCode::OutOfRange) return status;
//
// Thread-safety: one thread at a time per reader.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_RECORD_READER_H
#define KILN_RUNTIME_IO_RECORD_READER_H

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/stream.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::runtime::io {

struct RecordReaderOptions {
  Compression compression = Compression::None;
  /// A record longer than this is treated as corruption rather than
  /// allocated: a flipped bit in a length would otherwise ask for exabytes.
  uint64_t maxRecordBytes = uint64_t(1) << 31;
};

class RecordReader {
public:
  static Status open(const std::string &path, const RecordReaderOptions &options,
                     std::unique_ptr<RecordReader> &out);
  /// Reads from an already open stream, which the reader then owns.
  RecordReader(std::unique_ptr<InputStream> source,
               const RecordReaderOptions &options);

  /// The next record into `record`; OutOfRange at a clean end of the file.
  /// After an error other than OutOfRange the reader is stuck on it.
  Status read(std::string &record);

  /// Byte offset (in the decompressed stream) of the next record.
  uint64_t offset() const { return offset_; }
  const std::string &name() const { return source_->name(); }

private:
  Status fail(Status status);

  std::unique_ptr<InputStream> source_;
  RecordReaderOptions options_;
  uint64_t offset_ = 0;
  Status sticky_;
};

/// Reads every record of `path` into `records`.
Status readAllRecords(const std::string &path, const RecordReaderOptions &options,
                      std::vector<std::string> &records);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_RECORD_READER_H
