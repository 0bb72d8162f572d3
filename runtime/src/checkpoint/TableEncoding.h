//===- TableEncoding.h - fixed-width and varint coding for tables ---------===//
//
// Private to runtime/src/checkpoint. LevelDB tables mix protobuf-style
// varints with little-endian fixed32/fixed64 fields; these helpers write and
// read them without ever reading past the input.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CHECKPOINT_TABLEENCODING_H
#define KILN_RUNTIME_SRC_CHECKPOINT_TABLEENCODING_H

#include "kiln/runtime/io/wire_format.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::runtime::checkpoint::detail {

inline void putVarint(std::string &out, uint64_t value) {
  io::WireWriter(out).writeVarint(value);
}
inline void putFixed32(std::string &out, uint32_t value) {
  io::WireWriter(out).writeFixed32(value);
}
inline void putFixed64(std::string &out, uint64_t value) {
  io::WireWriter(out).writeFixed64(value);
}

/// Little-endian fixed-width values at `at`; the caller checks the bounds.
inline uint32_t fixed32At(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value |= uint32_t(static_cast<uint8_t>(bytes[at + i])) << (8 * i);
  return value;
}
inline uint64_t fixed64At(std::string_view bytes, size_t at) {
  return fixed32At(bytes, at) | uint64_t(fixed32At(bytes, at + 4)) << 32;
}

/// Where a block sits in the file: offset and size, trailer excluded.
struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;

  void encodeTo(std::string &out) const {
    putVarint(out, offset);
    putVarint(out, size);
  }
  /// Reads a handle at `position`, advancing it; false when malformed.
  bool decodeFrom(std::string_view bytes, size_t &position) {
    return io::WireReader::readVarint(bytes, position, offset) &&
           io::WireReader::readVarint(bytes, position, size);
  }
};

} // namespace kiln::runtime::checkpoint::detail

#endif // KILN_RUNTIME_SRC_CHECKPOINT_TABLEENCODING_H
