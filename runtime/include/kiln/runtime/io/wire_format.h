//===- wire_format.h - protobuf binary encoding, by hand ------------------===//
//
// The runtime reads and writes a handful of protobuf messages
// (tf.train.Example now; Event, Summary and checkpoint bundle entries next)
// and must not link libprotobuf (../shared/DESIGN.md). These are the wire
// rules: tag = varint(field << 3 | wire type); wire types 0 varint,
// 1 fixed64, 2 length-delimited, 5 fixed32 (3 and 4, groups, are refused).
//
// WireReader never reads past its input and never trusts a length: every
// malformed input is an error naming the byte offset, so parsers built on it
// are safe on hostile bytes.
//
// Thread-safety: one thread at a time per reader or writer.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_WIRE_FORMAT_H
#define KILN_RUNTIME_IO_WIRE_FORMAT_H

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::runtime::io {

enum class WireType : uint8_t {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
};

/// Appends fields to a string. Writers emit fields in ascending field-number
/// order, as protobuf's own serializers do, so output is byte-identical.
class WireWriter {
public:
  explicit WireWriter(std::string &out) : out_(out) {}

  void writeVarint(uint64_t value);
  void writeTag(uint32_t field, WireType type);
  void writeFixed32(uint32_t value);
  void writeFixed64(uint64_t value);

  void varintField(uint32_t field, uint64_t value);
  /// int32/int64 fields: negative values take 10 bytes, as in protobuf.
  void int64Field(uint32_t field, int64_t value) {
    varintField(field, static_cast<uint64_t>(value));
  }
  void fixed32Field(uint32_t field, uint32_t value);
  void fixed64Field(uint32_t field, uint64_t value);
  void floatField(uint32_t field, float value);
  void doubleField(uint32_t field, double value);
  void bytesField(uint32_t field, std::string_view bytes);

private:
  std::string &out_;
};

/// The size of `value` as a varint.
size_t varintSize(uint64_t value);

/// One field as read: its number, wire type, and value (the integer for
/// varint/fixed types, the bytes for length-delimited ones).
struct WireField {
  uint32_t number = 0;
  WireType type = WireType::Varint;
  uint64_t integer = 0;
  std::string_view bytes;
  /// Offset of the field's tag within the reader's input.
  size_t offset = 0;
};

/// Walks the fields of one message. `baseOffset` is added to reported
/// offsets, so nested readers report positions in the outer buffer.
class WireReader {
public:
  explicit WireReader(std::string_view input, size_t baseOffset = 0)
      : input_(input), base_(baseOffset) {}

  bool atEnd() const { return position_ >= input_.size(); }

  /// Reads the next field. Returns false at the end or on malformed input;
  /// `error()` is empty in the first case and says what and where otherwise.
  bool next(WireField &field);
  const std::string &error() const { return error_; }

  /// Offset (including the base) of the next unread byte.
  size_t offset() const { return base_ + position_; }

  /// Reads a varint from `bytes` at `position`, advancing it; false when
  /// the bytes end inside it or it exceeds 10 bytes.
  static bool readVarint(std::string_view bytes, size_t &position,
                         uint64_t &value);

private:
  bool failAt(size_t position, const std::string &why);

  std::string_view input_;
  size_t base_;
  size_t position_ = 0;
  std::string error_;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_WIRE_FORMAT_H
