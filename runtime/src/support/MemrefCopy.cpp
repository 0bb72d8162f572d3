//===- MemrefCopy.cpp - the strided copy compiled steps may call ----------===//
//
// MLIR lowers a copy between non-contiguous buffers (a slice of a concat, a
// reshape of a view) to a call `memrefCopy(elementSize, src, dst)` taking
// unranked descriptors. Ahead-of-time objects link this definition from the
// runtime core so they need no MLIR library at run time.
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

/// MLIR's unranked memref: the rank and a pointer to a ranked descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct UnrankedDescriptor {
  int64_t rank;
  void *descriptor;
};

struct RankedView {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;
};

RankedView view(const UnrankedDescriptor *unranked) {
  auto *words = static_cast<int64_t *>(unranked->descriptor);
  int64_t rank = unranked->rank;
  return {reinterpret_cast<char *>(words[1]), words[2], words + 3,
          words + 3 + rank};
}

} // namespace

extern "C" void memrefCopy(int64_t elementSize, UnrankedDescriptor *src,
                           UnrankedDescriptor *dst) {
  int64_t rank = src->rank;
  RankedView from = view(src), to = view(dst);
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d)
    count *= from.sizes[d];
  if (count == 0)
    return;
  // Odometer over the index space; each step adds one stride per view.
  std::vector<int64_t> index(rank, 0);
  int64_t fromOffset = from.offset, toOffset = to.offset;
  for (int64_t n = 0; n < count; ++n) {
    std::memcpy(to.aligned + toOffset * elementSize,
                from.aligned + fromOffset * elementSize, elementSize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      fromOffset += from.strides[d];
      toOffset += to.strides[d];
      if (++index[d] < from.sizes[d])
        break;
      fromOffset -= from.strides[d] * from.sizes[d];
      toOffset -= to.strides[d] * to.sizes[d];
      index[d] = 0;
    }
  }
}
