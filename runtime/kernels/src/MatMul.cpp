//===- MatMul.cpp - GEMM with a fused bias and activation -----------------===//
//
// Eigen's tensor contraction does the blocking, packing and threading; the
// bias and activation run as its output kernel, on each block of the result
// while that block is still in cache, so the epilogue costs no extra pass
// over memory.
//
//===----------------------------------------------------------------------===//

#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <vector>

namespace kiln::kernels {
namespace {

template <typename T>
using RowMajorMatrix =
    Eigen::TensorMap<Eigen::Tensor<T, 2, Eigen::RowMajor, Eigen::Index>>;

template <typename T> struct BiasActivation {
  const T *bias; // null: no bias
  int32_t activation;

  void apply(T *values, Eigen::Index count, Eigen::Index biasStart,
             bool biasAlongValues) const {
    if (bias) {
      if (biasAlongValues)
        for (Eigen::Index i = 0; i < count; ++i)
          values[i] += bias[biasStart + i];
      else
        for (Eigen::Index i = 0; i < count; ++i)
          values[i] += bias[biasStart];
    }
    if (activation == KILN_CPU_ACTIVATION_RELU)
      for (Eigen::Index i = 0; i < count; ++i)
        values[i] = std::max(values[i], T(0));
  }

  // Eigen hands over a column-major view of one finished block. For row
  // major operands it computes the transposed product (swapped_arguments),
  // so mapper rows then run along the output's columns, the bias axis.
  template <typename Index, typename Scalar>
  EIGEN_ALWAYS_INLINE void
  operator()(const Eigen::internal::blas_data_mapper<Scalar, Index, Eigen::ColMajor>
                 &mapper,
             const Eigen::TensorContractionParams &params, Index i, Index j,
             Index rows, Index cols) const {
    for (Index col = 0; col < cols; ++col) {
      T *values = &mapper(0, col);
      if (params.swapped_arguments)
        apply(values, rows, i, /*biasAlongValues=*/true);
      else
        apply(values, rows, j + col, /*biasAlongValues=*/false);
    }
  }
};

template <typename MemRef> bool isRowMajorContiguous(const MemRef &m) {
  return m.strides[1] == 1 && (m.sizes[0] <= 1 || m.strides[0] == m.sizes[1]);
}

/// A contiguous copy of a strided 2-D view; strided operands are rare
/// (slices of a larger buffer), so copying beats a strided GEMM.
template <typename T, typename MemRef>
const T *contiguous(const MemRef &m, std::vector<T> &storage) {
  const T *base = m.aligned + m.offset;
  if (isRowMajorContiguous(m))
    return base;
  storage.resize(m.sizes[0] * m.sizes[1]);
  for (int64_t r = 0; r < m.sizes[0]; ++r)
    for (int64_t c = 0; c < m.sizes[1]; ++c)
      storage[r * m.sizes[1] + c] = base[r * m.strides[0] + c * m.strides[1]];
  return storage.data();
}

template <typename T, typename MemRef2D, typename MemRef1D>
void matmul(const MemRef2D *a, const MemRef2D *b, const MemRef1D *bias,
            const MemRef2D *out, int32_t activation) {
  const Eigen::Index m = a->sizes[0], k = a->sizes[1], n = b->sizes[1];
  std::vector<T> aStorage, bStorage, biasStorage, outStorage;
  const T *aData = contiguous<T>(*a, aStorage);
  const T *bData = contiguous<T>(*b, bStorage);
  const T *biasData = nullptr;
  if (bias) {
    biasData = bias->aligned + bias->offset;
    if (bias->strides[0] != 1) {
      biasStorage.resize(n);
      for (Eigen::Index i = 0; i < n; ++i)
        biasStorage[i] = biasData[i * bias->strides[0]];
      biasData = biasStorage.data();
    }
  }
  bool outContiguous = isRowMajorContiguous(*out);
  T *outData = out->aligned + out->offset;
  if (!outContiguous) {
    outStorage.resize(m * n);
    outData = outStorage.data();
  }

  RowMajorMatrix<const T> lhs(aData, m, k), rhs(bData, k, n);
  RowMajorMatrix<T> result(outData, m, n);
  Eigen::array<Eigen::IndexPair<Eigen::Index>, 1> contracted{
      Eigen::IndexPair<Eigen::Index>(1, 0)};
  BiasActivation<T> epilogue{biasData, activation};
  if (const Eigen::ThreadPoolDevice *device = threadPoolDevice())
    result.device(*device) = lhs.contract(rhs, contracted, epilogue);
  else
    result = lhs.contract(rhs, contracted, epilogue);

  if (!outContiguous) {
    T *base = out->aligned + out->offset;
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index c = 0; c < n; ++c)
        base[r * out->strides[0] + c * out->strides[1]] = outData[r * n + c];
  }
}

} // namespace
} // namespace kiln::kernels

using kiln::kernels::matmul;

extern "C" {

void _mlir_ciface_kiln_cpu_matmul_f32(const KilnMemRef2xF32 *a,
                                      const KilnMemRef2xF32 *b,
                                      const KilnMemRef2xF32 *out,
                                      int32_t activation) {
  matmul<float>(a, b, static_cast<const KilnMemRef1xF32 *>(nullptr), out,
                activation);
}

void _mlir_ciface_kiln_cpu_matmul_f64(const KilnMemRef2xF64 *a,
                                      const KilnMemRef2xF64 *b,
                                      const KilnMemRef2xF64 *out,
                                      int32_t activation) {
  matmul<double>(a, b, static_cast<const KilnMemRef1xF64 *>(nullptr), out,
                 activation);
}

void _mlir_ciface_kiln_cpu_matmul_bias_f32(const KilnMemRef2xF32 *a,
                                           const KilnMemRef2xF32 *b,
                                           const KilnMemRef1xF32 *bias,
                                           const KilnMemRef2xF32 *out,
                                           int32_t activation) {
  matmul<float>(a, b, bias, out, activation);
}

void _mlir_ciface_kiln_cpu_matmul_bias_f64(const KilnMemRef2xF64 *a,
                                           const KilnMemRef2xF64 *b,
                                           const KilnMemRef1xF64 *bias,
                                           const KilnMemRef2xF64 *out,
                                           int32_t activation) {
  matmul<double>(a, b, bias, out, activation);
}

const KilnCpuKernelSymbol *kiln_cpu_kernel_symbols(void) {
  static const KilnCpuKernelSymbol symbols[] = {
      {"_mlir_ciface_" KILN_CPU_MATMUL_F32,
       reinterpret_cast<void *>(&_mlir_ciface_kiln_cpu_matmul_f32)},
      {"_mlir_ciface_" KILN_CPU_MATMUL_F64,
       reinterpret_cast<void *>(&_mlir_ciface_kiln_cpu_matmul_f64)},
      {"_mlir_ciface_" KILN_CPU_MATMUL_BIAS_F32,
       reinterpret_cast<void *>(&_mlir_ciface_kiln_cpu_matmul_bias_f32)},
      {"_mlir_ciface_" KILN_CPU_MATMUL_BIAS_F64,
       reinterpret_cast<void *>(&_mlir_ciface_kiln_cpu_matmul_bias_f64)},
      {nullptr, nullptr}};
  return symbols;
}

} // extern "C"
