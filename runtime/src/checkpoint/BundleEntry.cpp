//===- BundleEntry.cpp - BundleHeaderProto and BundleEntryProto -----------===//

#include "kiln/runtime/checkpoint/bundle_entry.h"

#include "kiln/runtime/io/wire_format.h"

namespace kiln::runtime::checkpoint {

namespace {

using io::WireField;
using io::WireReader;
using io::WireType;
using io::WireWriter;

// Field numbers (tensor_bundle.proto, tensor_shape.proto, versions.proto).
enum : uint32_t {
  kHeaderNumShards = 1,
  kHeaderEndianness = 2,
  kHeaderVersion = 3,
  kVersionProducer = 1,
  kVersionMinConsumer = 2,
  kVersionBadConsumers = 3,
  kEntryDtype = 1,
  kEntryShape = 2,
  kEntryShardId = 3,
  kEntryOffset = 4,
  kEntrySize = 5,
  kEntryCrc32c = 6,
  kEntrySlices = 7,
  kShapeDim = 2,
  kShapeUnknownRank = 3,
  kDimSize = 1,
};

io::Status malformed(const std::string &context, const char *message,
                     const std::string &why) {
  return io::dataLoss(context + ": malformed " + message + ": " + why);
}

io::Status wrongType(const std::string &context, const char *message,
                     const WireField &field) {
  return malformed(context, message,
                   "field " + std::to_string(field.number) +
                       " has the wrong wire type at byte " +
                       std::to_string(field.offset));
}

/// Appends the varints of a repeated int32 field, packed or not.
bool appendInt32s(const WireField &field, std::vector<int32_t> &out) {
  if (field.type == WireType::Varint) {
    out.push_back(static_cast<int32_t>(field.integer));
    return true;
  }
  if (field.type != WireType::LengthDelimited)
    return false;
  size_t position = 0;
  while (position < field.bytes.size()) {
    uint64_t value;
    if (!WireReader::readVarint(field.bytes, position, value))
      return false;
    out.push_back(static_cast<int32_t>(value));
  }
  return true;
}

io::Status decodeVersion(std::string_view bytes, const std::string &context,
                         BundleHeader &out) {
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    bool ok = true;
    switch (field.number) {
    case kVersionProducer:
      ok = field.type == WireType::Varint;
      out.producer = static_cast<int32_t>(field.integer);
      break;
    case kVersionMinConsumer:
      ok = field.type == WireType::Varint;
      out.minConsumer = static_cast<int32_t>(field.integer);
      break;
    case kVersionBadConsumers:
      ok = appendInt32s(field, out.badConsumers);
      break;
    default:
      break;
    }
    if (!ok)
      return wrongType(context, "bundle version", field);
  }
  if (!reader.error().empty())
    return malformed(context, "bundle version", reader.error());
  return io::Status();
}

io::Status decodeShape(std::string_view bytes, const std::string &context,
                       BundleEntry &out) {
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    if (field.number == kShapeUnknownRank) {
      if (field.type != WireType::Varint)
        return wrongType(context, "tensor shape", field);
      out.unknownRank = field.integer != 0;
    } else if (field.number == kShapeDim) {
      if (field.type != WireType::LengthDelimited)
        return wrongType(context, "tensor shape", field);
      int64_t size = 0;
      WireReader dimReader(field.bytes);
      WireField dimField;
      while (dimReader.next(dimField))
        if (dimField.number == kDimSize) {
          if (dimField.type != WireType::Varint)
            return wrongType(context, "tensor shape dimension", dimField);
          size = static_cast<int64_t>(dimField.integer);
        }
      if (!dimReader.error().empty())
        return malformed(context, "tensor shape dimension", dimReader.error());
      out.shape.push_back(size);
    }
  }
  if (!reader.error().empty())
    return malformed(context, "tensor shape", reader.error());
  return io::Status();
}

} // namespace

std::string encodeBundleHeader(const BundleHeader &header) {
  std::string version;
  WireWriter versionWriter(version);
  if (header.producer != 0)
    versionWriter.int64Field(kVersionProducer, header.producer);
  if (header.minConsumer != 0)
    versionWriter.int64Field(kVersionMinConsumer, header.minConsumer);
  if (!header.badConsumers.empty()) {
    std::string packed;
    WireWriter packedWriter(packed);
    for (int32_t bad : header.badConsumers)
      packedWriter.writeVarint(static_cast<uint64_t>(int64_t(bad)));
    versionWriter.bytesField(kVersionBadConsumers, packed);
  }
  std::string out;
  WireWriter writer(out);
  if (header.numShards != 0)
    writer.int64Field(kHeaderNumShards, header.numShards);
  if (header.endianness != 0)
    writer.int64Field(kHeaderEndianness, header.endianness);
  writer.bytesField(kHeaderVersion, version);
  return out;
}

std::string encodeBundleEntry(const BundleEntry &entry) {
  std::string shape;
  WireWriter shapeWriter(shape);
  for (int64_t dim : entry.shape) {
    std::string dimBytes;
    if (dim != 0)
      WireWriter(dimBytes).int64Field(kDimSize, dim);
    shapeWriter.bytesField(kShapeDim, dimBytes);
  }
  if (entry.unknownRank)
    shapeWriter.varintField(kShapeUnknownRank, 1);
  std::string out;
  WireWriter writer(out);
  if (entry.dtype != 0)
    writer.int64Field(kEntryDtype, entry.dtype);
  writer.bytesField(kEntryShape, shape);
  if (entry.shardId != 0)
    writer.int64Field(kEntryShardId, entry.shardId);
  if (entry.offset != 0)
    writer.int64Field(kEntryOffset, entry.offset);
  if (entry.size != 0)
    writer.int64Field(kEntrySize, entry.size);
  if (entry.maskedCrc32c != 0)
    writer.fixed32Field(kEntryCrc32c, entry.maskedCrc32c);
  return out;
}

io::Status decodeBundleHeader(std::string_view bytes, const std::string &context,
                              BundleHeader &out) {
  out = BundleHeader();
  // Absent fields mean zero in proto3, not kiln's defaults.
  out.numShards = 0;
  out.producer = 0;
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    bool ok = true;
    switch (field.number) {
    case kHeaderNumShards:
      ok = field.type == WireType::Varint;
      out.numShards = static_cast<int32_t>(field.integer);
      break;
    case kHeaderEndianness:
      ok = field.type == WireType::Varint;
      out.endianness = static_cast<int32_t>(field.integer);
      break;
    case kHeaderVersion:
      if (field.type != WireType::LengthDelimited)
        return wrongType(context, "bundle header", field);
      KILN_IO_RETURN_IF_ERROR(decodeVersion(field.bytes, context, out));
      break;
    default:
      break;
    }
    if (!ok)
      return wrongType(context, "bundle header", field);
  }
  if (!reader.error().empty())
    return malformed(context, "bundle header", reader.error());
  return io::Status();
}

io::Status decodeBundleEntry(std::string_view bytes, const std::string &context,
                             BundleEntry &out) {
  out = BundleEntry();
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    bool ok = true;
    switch (field.number) {
    case kEntryDtype:
      ok = field.type == WireType::Varint;
      out.dtype = static_cast<int32_t>(field.integer);
      break;
    case kEntryShape:
      if (field.type != WireType::LengthDelimited)
        return wrongType(context, "bundle entry", field);
      out.shape.clear();
      KILN_IO_RETURN_IF_ERROR(decodeShape(field.bytes, context, out));
      break;
    case kEntryShardId:
      ok = field.type == WireType::Varint;
      out.shardId = static_cast<int32_t>(field.integer);
      break;
    case kEntryOffset:
      ok = field.type == WireType::Varint;
      out.offset = static_cast<int64_t>(field.integer);
      break;
    case kEntrySize:
      ok = field.type == WireType::Varint;
      out.size = static_cast<int64_t>(field.integer);
      break;
    case kEntryCrc32c:
      ok = field.type == WireType::Fixed32;
      out.maskedCrc32c = static_cast<uint32_t>(field.integer);
      break;
    case kEntrySlices:
      out.sliced = true;
      break;
    default:
      break;
    }
    if (!ok)
      return wrongType(context, "bundle entry", field);
  }
  if (!reader.error().empty())
    return malformed(context, "bundle entry", reader.error());
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
