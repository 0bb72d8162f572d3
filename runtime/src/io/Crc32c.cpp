//===- Crc32c.cpp - CRC-32C (Castagnoli) ----------------------------------===//
//
// Slicing-by-8 tables: eight table lookups per 8 input bytes instead of one
// per byte, about 4x the simple loop on the record sizes TFRecord files hold,
// and portable (no SSE4.2 dispatch to maintain).
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/crc32c.h"

#include <array>

namespace kiln::runtime::io {

namespace {

constexpr uint32_t kReflectedPolynomial = 0x82F63B78u;

using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables makeTables() {
  Tables tables{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ ((crc & 1) ? kReflectedPolynomial : 0);
    tables[0][byte] = crc;
  }
  // tables[k][b]: the CRC of byte b followed by k zero bytes.
  for (uint32_t byte = 0; byte < 256; ++byte)
    for (int k = 1; k < 8; ++k) {
      uint32_t previous = tables[k - 1][byte];
      tables[k][byte] = (previous >> 8) ^ tables[0][previous & 0xff];
    }
  return tables;
}

constexpr Tables kTables = makeTables();

} // namespace

uint32_t crc32cExtend(uint32_t crc, const void *data, size_t size) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  uint32_t state = ~crc;
  while (size >= 8) {
    // Assemble little-endian words byte by byte: no alignment or host
    // endianness assumptions.
    uint32_t low = state ^ (uint32_t(bytes[0]) | uint32_t(bytes[1]) << 8 |
                            uint32_t(bytes[2]) << 16 | uint32_t(bytes[3]) << 24);
    state = kTables[7][low & 0xff] ^ kTables[6][(low >> 8) & 0xff] ^
            kTables[5][(low >> 16) & 0xff] ^ kTables[4][low >> 24] ^
            kTables[3][bytes[4]] ^ kTables[2][bytes[5]] ^
            kTables[1][bytes[6]] ^ kTables[0][bytes[7]];
    bytes += 8;
    size -= 8;
  }
  while (size--)
    state = (state >> 8) ^ kTables[0][(state ^ *bytes++) & 0xff];
  return ~state;
}

} // namespace kiln::runtime::io
