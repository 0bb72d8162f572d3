//===- crc32c.h - CRC-32C (Castagnoli) and TensorFlow's masking -----------===//
//
// TFRecord framing, SSTable block trailers and checkpoint bundles all store
// CRC-32C (polynomial 0x1EDC6F41, reflected, init and final XOR 0xFFFFFFFF)
// "masked": a CRC of bytes that themselves contain CRCs is weak, so TF
// rotates it and adds a constant before storing it.
//
// Thread-safe: pure functions over a table built at compile time.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_CRC32C_H
#define KILN_RUNTIME_IO_CRC32C_H

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kiln::runtime::io {

/// The CRC-32C of `data` appended to bytes whose CRC-32C is `crc` (0 for
/// none), so a CRC can be computed over data that arrives in pieces.
uint32_t crc32cExtend(uint32_t crc, const void *data, size_t size);

/// The CRC-32C of `data`.
inline uint32_t crc32c(const void *data, size_t size) {
  return crc32cExtend(0, data, size);
}
inline uint32_t crc32c(std::string_view data) {
  return crc32c(data.data(), data.size());
}

/// TensorFlow's masking: rotate right by 15 bits, add 0xa282ead8.
constexpr uint32_t kCrc32cMaskDelta = 0xa282ead8u;
inline uint32_t maskCrc32c(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + kCrc32cMaskDelta;
}
inline uint32_t unmaskCrc32c(uint32_t masked) {
  uint32_t rotated = masked - kCrc32cMaskDelta;
  return (rotated >> 17) | (rotated << 15);
}

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_CRC32C_H
