//===- Snappy.cpp - decompressing snappy-compressed table blocks ----------===//
//
// Element tags (low two bits of the tag byte): 0 literal, 1 copy with an
// 11-bit offset and length 4..11, 2 copy with a 16-bit offset, 3 copy with a
// 32-bit offset (lengths 1..64 for the last two).
//===----------------------------------------------------------------------===//

#include "Snappy.h"

#include "kiln/runtime/io/wire_format.h"

namespace kiln::runtime::checkpoint::detail {

namespace {

/// `count` little-endian bytes at `position`, advancing it.
bool readLittleEndian(std::string_view input, size_t &position, size_t count,
                      uint64_t &value) {
  if (input.size() - position < count)
    return false;
  value = 0;
  for (size_t i = 0; i < count; ++i)
    value |= uint64_t(static_cast<uint8_t>(input[position + i])) << (8 * i);
  position += count;
  return true;
}

} // namespace

Status snappyUncompress(std::string_view input, std::string &out) {
  size_t position = 0;
  uint64_t expected = 0;
  if (!io::WireReader::readVarint(input, position, expected)) {
    return dataLoss("snappy: malformed uncompressed length");
  }
  // No element expands by more than 64 bytes per 3 input bytes, so a larger
  // claim is corrupt; checking it bounds the allocation.
  if (expected > 22 * uint64_t(input.size()) + 64) {
    return dataLoss("snappy: uncompressed length " + std::to_string(expected) +
                    " is impossible for " + std::to_string(input.size()) +
                    " bytes");
  }
  out.clear();
  out.reserve(expected);
  while (position < input.size()) {
    uint8_t tag = static_cast<uint8_t>(input[position++]);
    uint64_t length = 0, offset = 0;
    if ((tag & 3) == 0) {
      length = tag >> 2;
      if (length >= 60) { // the length follows in 1..4 bytes
        if (!readLittleEndian(input, position, length - 59, length)) {
          return dataLoss("snappy: truncated literal length");
        }
      }
      length += 1;
      if (input.size() - position < length || out.size() + length > expected) {
        return dataLoss("snappy: literal runs past the input or the output");
      }
      out.append(input.substr(position, length));
      position += length;
      continue;
    }
    bool ok = true;
    if ((tag & 3) == 1) {
      length = 4 + ((tag >> 2) & 7);
      uint64_t low;
      ok = readLittleEndian(input, position, 1, low);
      offset = (uint64_t(tag >> 5) << 8) | low;
    } else {
      length = 1 + (tag >> 2);
      ok = readLittleEndian(input, position, (tag & 3) == 2 ? 2 : 4, offset);
    }
    if (!ok) {
      return dataLoss("snappy: truncated copy");
    }
    if (offset == 0 || offset > out.size() || out.size() + length > expected) {
      return dataLoss("snappy: copy reaches outside the output");
    }
    // Byte by byte: a copy may overlap the bytes it produces (runs).
    size_t from = out.size() - offset;
    for (uint64_t i = 0; i < length; ++i)
      out.push_back(out[from + i]);
  }
  if (out.size() != expected) {
    return dataLoss("snappy: " + std::to_string(out.size()) +
                    " bytes decompressed, " + std::to_string(expected) +
                    " expected");
  }
  return Status();
}

} // namespace kiln::runtime::checkpoint::detail
