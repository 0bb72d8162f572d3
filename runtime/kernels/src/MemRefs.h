//===- MemRefs.h - reading MLIR strided memref descriptors ------*- C++ -*-===//
#ifndef KILN_KERNELS_MEMREFS_H
#define KILN_KERNELS_MEMREFS_H

#include <cstdint>
#include <vector>

namespace kiln::kernels {

/// Row-major with no gaps: the layout the GEMM core takes as is.
template <typename MemRef> bool isRowMajorContiguous(const MemRef &m) {
  constexpr int rank = sizeof(m.sizes) / sizeof(m.sizes[0]);
  int64_t expected = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (m.sizes[d] != 1 && m.strides[d] != expected)
      return false;
    expected *= m.sizes[d];
  }
  return true;
}

template <typename MemRef> int64_t elementCount(const MemRef &m) {
  int64_t count = 1;
  for (int64_t size : m.sizes)
    count *= size;
  return count;
}

/// Calls fn(offset) for every element's offset from `aligned`, row-major.
template <typename MemRef, typename Fn> void forEachOffset(const MemRef &m, Fn fn) {
  constexpr int rank = sizeof(m.sizes) / sizeof(m.sizes[0]);
  int64_t index[rank] = {};
  for (int64_t i = 0, count = elementCount(m); i < count; ++i) {
    int64_t offset = m.offset;
    for (int d = 0; d < rank; ++d)
      offset += index[d] * m.strides[d];
    fn(offset);
    for (int d = rank - 1; d >= 0 && ++index[d] == m.sizes[d]; --d)
      index[d] = 0;
  }
}

/// The view's elements, contiguous: the view itself when it already is,
/// else a copy in `storage` (strided operands are rare slices).
template <typename T, typename MemRef>
const T *contiguous(const MemRef &m, std::vector<T> &storage) {
  if (isRowMajorContiguous(m))
    return m.aligned + m.offset;
  storage.clear();
  storage.reserve(elementCount(m));
  forEachOffset(m, [&](int64_t offset) { storage.push_back(m.aligned[offset]); });
  return storage.data();
}

/// Writes contiguous `values` into the strided view `m`.
template <typename T, typename MemRef> void scatter(const T *values, const MemRef &m) {
  forEachOffset(m, [&](int64_t offset) { m.aligned[offset] = *values++; });
}

/// Where a kernel writes its result: the view itself when it is contiguous,
/// otherwise a temporary that commit() scatters into the view.
template <typename T, typename MemRef> class OutputBuffer {
public:
  explicit OutputBuffer(const MemRef &view) : view(view) {
    if (!isRowMajorContiguous(view))
      storage.resize(elementCount(view));
  }
  T *data() { return storage.empty() ? view.aligned + view.offset : storage.data(); }
  void commit() {
    if (!storage.empty())
      scatter(storage.data(), view);
  }

private:
  const MemRef &view;
  std::vector<T> storage;
};

} // namespace kiln::kernels

#endif // KILN_KERNELS_MEMREFS_H
