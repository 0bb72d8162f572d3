//===- RecordWriter.cpp - writing TFRecord files --------------------------===//

#include "kiln/runtime/io/record_writer.h"

#include "kiln/runtime/io/crc32c.h"
#include "kiln/runtime/io/file_system.h"

namespace kiln::runtime::io {

namespace {

void appendLittleEndian(std::string &out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

} // namespace

std::string recordHeader(uint64_t size) {
  std::string header;
  header.reserve(12);
  appendLittleEndian(header, size, 8);
  appendLittleEndian(header, maskCrc32c(crc32c(header)), 4);
  return header;
}

std::string recordFooter(std::string_view data) {
  std::string footer;
  appendLittleEndian(footer, maskCrc32c(crc32c(data)), 4);
  return footer;
}

Status RecordWriter::open(const std::string &path,
                          const RecordWriterOptions &options,
                          std::unique_ptr<RecordWriter> &out) {
  std::unique_ptr<OutputStream> file;
  KILN_IO_RETURN_IF_ERROR(openForWrite(path, file));
  out = std::make_unique<RecordWriter>(std::move(file), options);
  return Status();
}

RecordWriter::RecordWriter(std::unique_ptr<OutputStream> sink,
                           const RecordWriterOptions &options)
    : sink_(makeCompressingStream(std::move(sink), options.compression,
                                  options.compressionLevel)) {}

RecordWriter::~RecordWriter() { (void)close(); }

Status RecordWriter::write(std::string_view record) {
  if (closed_)
    return Status(StatusCode::FailedPrecondition,
                  sink_->name() + ": write after close");
  KILN_IO_RETURN_IF_ERROR(sink_->append(recordHeader(record.size())));
  KILN_IO_RETURN_IF_ERROR(sink_->append(record));
  KILN_IO_RETURN_IF_ERROR(sink_->append(recordFooter(record)));
  ++records_;
  return Status();
}

Status RecordWriter::flush() {
  if (closed_)
    return Status(StatusCode::FailedPrecondition,
                  sink_->name() + ": flush after close");
  return sink_->flush();
}

Status RecordWriter::close() {
  if (closed_)
    return Status();
  closed_ = true;
  return sink_->close();
}

} // namespace kiln::runtime::io
