//===- WireFormat.cpp - protobuf binary encoding, by hand -----------------===//

#include "kiln/runtime/io/wire_format.h"

#include <cstring>

namespace kiln::runtime::io {

size_t varintSize(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

void WireWriter::writeVarint(uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void WireWriter::writeTag(uint32_t field, WireType type) {
  writeVarint(uint64_t(field) << 3 | static_cast<uint8_t>(type));
}

void WireWriter::writeFixed32(uint32_t value) {
  for (int i = 0; i < 4; ++i)
    out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void WireWriter::writeFixed64(uint64_t value) {
  for (int i = 0; i < 8; ++i)
    out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void WireWriter::varintField(uint32_t field, uint64_t value) {
  writeTag(field, WireType::Varint);
  writeVarint(value);
}

void WireWriter::fixed32Field(uint32_t field, uint32_t value) {
  writeTag(field, WireType::Fixed32);
  writeFixed32(value);
}

void WireWriter::fixed64Field(uint32_t field, uint64_t value) {
  writeTag(field, WireType::Fixed64);
  writeFixed64(value);
}

void WireWriter::floatField(uint32_t field, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  fixed32Field(field, bits);
}

void WireWriter::doubleField(uint32_t field, double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  fixed64Field(field, bits);
}

void WireWriter::bytesField(uint32_t field, std::string_view bytes) {
  writeTag(field, WireType::LengthDelimited);
  writeVarint(bytes.size());
  out_.append(bytes.data(), bytes.size());
}

bool WireReader::readVarint(std::string_view bytes, size_t &position,
                            uint64_t &value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (position >= bytes.size())
      return false;
    uint8_t byte = static_cast<uint8_t>(bytes[position++]);
    value |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false; // more than 10 bytes
}

bool WireReader::failAt(size_t position, const std::string &why) {
  error_ = why + " at byte offset " + std::to_string(base_ + position);
  position_ = input_.size(); // stop: the rest cannot be framed
  return false;
}

bool WireReader::next(WireField &field) {
  if (atEnd() || !error_.empty())
    return false;
  size_t start = position_;
  uint64_t tag;
  if (!readVarint(input_, position_, tag))
    return failAt(start, "malformed tag");
  field.offset = base_ + start;
  field.number = static_cast<uint32_t>(tag >> 3);
  if (tag >> 3 == 0 || tag >> 3 > 0x1fffffff)
    return failAt(start, "invalid field number " + std::to_string(tag >> 3));
  uint8_t type = tag & 7;
  field.bytes = {};
  field.integer = 0;
  switch (type) {
  case 0:
    field.type = WireType::Varint;
    if (!readVarint(input_, position_, field.integer))
      return failAt(start, "malformed varint in field " +
                               std::to_string(field.number));
    return true;
  case 1:
  case 5: {
    size_t width = type == 1 ? 8 : 4;
    field.type = type == 1 ? WireType::Fixed64 : WireType::Fixed32;
    if (input_.size() - position_ < width)
      return failAt(start, "truncated fixed-width field " +
                               std::to_string(field.number));
    for (size_t i = 0; i < width; ++i)
      field.integer |=
          uint64_t(static_cast<uint8_t>(input_[position_ + i])) << (8 * i);
    position_ += width;
    return true;
  }
  case 2: {
    field.type = WireType::LengthDelimited;
    uint64_t length;
    if (!readVarint(input_, position_, length))
      return failAt(start, "malformed length in field " +
                               std::to_string(field.number));
    if (length > input_.size() - position_)
      return failAt(start, "field " + std::to_string(field.number) +
                               " claims " + std::to_string(length) +
                               " bytes but " +
                               std::to_string(input_.size() - position_) +
                               " remain");
    field.bytes = input_.substr(position_, static_cast<size_t>(length));
    position_ += static_cast<size_t>(length);
    return true;
  }
  default:
    return failAt(start, "unsupported wire type " + std::to_string(type) +
                             " in field " + std::to_string(field.number));
  }
}

} // namespace kiln::runtime::io
