//===- checked_size.h - element counts and byte sizes that cannot wrap ----===//
//
// Every size kiln computes from input (a .npy header, a GraphDef Const, a
// feed, a type a frontend or shape inference built) goes through here: a
// product of dimensions that would wrap 64 bits, or a tensor larger than
// kMaxTensorBytes, is refused instead of becoming a small number that a
// step then reads or writes past. Header-only, no dependencies.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKED_SIZE_H
#define KILN_RUNTIME_CHECKED_SIZE_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln {

/// The largest tensor kiln handles, 2^48 bytes (256 TiB): beyond any
/// machine's memory, and far enough below 2^63 that sums of a step's
/// buffers cannot wrap either.
inline constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 48;

/// The element count of a tensor of `rank` dimensions `dims` whose elements
/// take `elementBytes` bytes (at least 1 is assumed). False when a
/// dimension is negative or the tensor would exceed kMaxTensorBytes.
inline bool checkedElementCount(const int64_t *dims, size_t rank,
                                uint64_t elementBytes, uint64_t &count) {
  uint64_t limit = kMaxTensorBytes / (elementBytes ? elementBytes : 1);
  count = 1;
  for (size_t i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return false;
    uint64_t dim = static_cast<uint64_t>(dims[i]);
    if (dim != 0 && count > limit / dim) {
      // Keep going: a zero dimension later makes the tensor empty.
      for (size_t j = i + 1; j < rank; ++j)
        if (dims[j] == 0) {
          count = 0;
          return true;
        }
      return false;
    }
    count *= dim;
  }
  return true;
}

/// "[d0, d1, ...]" for messages.
inline std::string formatDims(const int64_t *dims, size_t rank) {
  std::string text = "[";
  for (size_t i = 0; i < rank; ++i)
    text += (i ? ", " : "") + std::to_string(dims[i]);
  return text + "]";
}

} // namespace kiln

#endif // KILN_RUNTIME_CHECKED_SIZE_H
