//===- RecordReader.cpp - reading TFRecord files --------------------------===//

#include "kiln/runtime/io/record_reader.h"

#include "kiln/runtime/io/crc32c.h"
#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <cstdio>

namespace kiln::runtime::io {

namespace {

uint64_t loadLittleEndian(const char *bytes, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i)
    value |= uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
  return value;
}

std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

} // namespace

Status RecordReader::open(const std::string &path,
                          const RecordReaderOptions &options,
                          std::unique_ptr<RecordReader> &out) {
  std::unique_ptr<InputStream> file;
  KILN_IO_RETURN_IF_ERROR(openForRead(path, file));
  out = std::make_unique<RecordReader>(std::move(file), options);
  return Status();
}

RecordReader::RecordReader(std::unique_ptr<InputStream> source,
                           const RecordReaderOptions &options)
    : source_(makeDecompressingStream(std::move(source), options.compression)),
      options_(options) {}

Status RecordReader::fail(Status status) {
  sticky_ = status;
  return status;
}

Status RecordReader::read(std::string &record) {
  if (!sticky_.ok())
    return sticky_;
  // Offsets count the bytes the record framing sees: for a compressed file
  // that is the decompressed stream, so say so.
  const std::string where =
      name() + ": record at " +
      (options_.compression == Compression::None ? "" : "uncompressed ") +
      "byte offset " + std::to_string(offset_);

  char header[12];
  size_t got = 0;
  Status status = source_->read(header, sizeof(header), got);
  if (!status.ok())
    return fail(status);
  if (got == 0)
    return outOfRange(name() + ": end of file after " +
                      std::to_string(offset_) + " bytes");
  if (got < sizeof(header))
    return fail(dataLoss(where + ": truncated header (" + std::to_string(got) +
                         " of 12 bytes)"));
  uint32_t lengthCrc = static_cast<uint32_t>(loadLittleEndian(header + 8, 4));
  uint32_t expectedLengthCrc = maskCrc32c(crc32c(header, 8));
  if (lengthCrc != expectedLengthCrc)
    return fail(dataLoss(where + ": corrupt length (masked CRC " +
                         hex32(lengthCrc) + ", expected " +
                         hex32(expectedLengthCrc) + ")"));
  uint64_t length = loadLittleEndian(header, 8);
  if (length > options_.maxRecordBytes)
    return fail(dataLoss(where + ": length " + std::to_string(length) +
                         " exceeds the " +
                         std::to_string(options_.maxRecordBytes) +
                         "-byte limit"));

  // Grow the buffer as bytes arrive rather than trusting `length` up front:
  // a truncated file then costs only what it holds.
  record.clear();
  constexpr uint64_t kStep = 1 << 20;
  while (record.size() < length) {
    size_t want = static_cast<size_t>(std::min(kStep, length - record.size()));
    size_t start = record.size();
    record.resize(start + want);
    status = source_->read(record.data() + start, want, got);
    if (!status.ok())
      return fail(status);
    if (got < want) {
      record.resize(start + got);
      return fail(dataLoss(where + ": truncated data (" +
                           std::to_string(record.size()) + " of " +
                           std::to_string(length) + " bytes)"));
    }
  }
  char footer[4];
  status = source_->read(footer, sizeof(footer), got);
  if (!status.ok())
    return fail(status);
  if (got < sizeof(footer))
    return fail(dataLoss(where + ": truncated data CRC (" +
                         std::to_string(got) + " of 4 bytes)"));
  uint32_t dataCrc = static_cast<uint32_t>(loadLittleEndian(footer, 4));
  uint32_t expectedDataCrc = maskCrc32c(crc32c(record));
  if (dataCrc != expectedDataCrc)
    return fail(dataLoss(where + ": corrupt data (masked CRC " + hex32(dataCrc) +
                         ", expected " + hex32(expectedDataCrc) + ")"));
  offset_ += sizeof(header) + length + sizeof(footer);
  return Status();
}

Status readAllRecords(const std::string &path,
                      const RecordReaderOptions &options,
                      std::vector<std::string> &records) {
  std::unique_ptr<RecordReader> reader;
  KILN_IO_RETURN_IF_ERROR(RecordReader::open(path, options, reader));
  records.clear();
  for (;;) {
    std::string record;
    Status status = reader->read(record);
    if (status.code() == StatusCode::OutOfRange)
      return Status();
    KILN_IO_RETURN_IF_ERROR(status);
    records.push_back(std::move(record));
  }
}

} // namespace kiln::runtime::io
