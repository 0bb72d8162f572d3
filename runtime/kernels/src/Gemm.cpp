//===- Gemm.cpp - Eigen contraction with a fused bias and activation ------===//
//
// Eigen's tensor contraction does the blocking, packing and vectorization;
// the bias and activation run as its output kernel, on each block of the
// result while that block is still in cache, so the epilogue costs no
// extra pass over memory. Threads split the rows of the result: each
// computes a band of rows on its own (Eigen's own thread-pool contraction
// was slower than one thread below about 10^8 multiply-adds).
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "ThreadPool.h"

#include <unsupported/Eigen/CXX11/Tensor>

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>

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

} // namespace

/// Rows per thread below which splitting a GEMM costs more than it saves
/// (each band packs the whole right-hand side again).
constexpr int64_t kMinRowsPerThread = 32;
/// Multiply-adds below which a GEMM stays on one thread.
constexpr int64_t kMinParallelMultiplyAdds = int64_t(1) << 21;

template <typename T>
void gemmOnThisThread(const T *a, const T *b, const T *bias, T *out, int64_t m,
                      int64_t k, int64_t n, int32_t activation) {
  RowMajorMatrix<const T> lhs(a, m, k), rhs(b, k, n);
  RowMajorMatrix<T> result(out, m, n);
  Eigen::array<Eigen::IndexPair<Eigen::Index>, 1> contracted{
      Eigen::IndexPair<Eigen::Index>(1, 0)};
  result = lhs.contract(rhs, contracted, BiasActivation<T>{bias, activation});
}

template <typename T>
void gemm(const T *a, const T *b, const T *bias, T *out, int64_t m, int64_t k,
          int64_t n, int32_t activation) {
  int64_t bands = std::min<int64_t>(threadCount(), m / kMinRowsPerThread);
  if (bands <= 1 || m * n * k < kMinParallelMultiplyAdds)
    return gemmOnThisThread(a, b, bias, out, m, k, n, activation);
  parallelFor(bands, [&](int64_t band) {
    int64_t first = m * band / bands, last = m * (band + 1) / bands;
    gemmOnThisThread(a + first * k, b, bias, out + first * n, last - first, k,
                     n, activation);
  });
}

template void gemm<float>(const float *, const float *, const float *, float *,
                          int64_t, int64_t, int64_t, int32_t);
template void gemmOnThisThread<float>(const float *, const float *,
                                      const float *, float *, int64_t, int64_t,
                                      int64_t, int32_t);
template void gemmOnThisThread<double>(const double *, const double *,
                                       const double *, double *, int64_t,
                                       int64_t, int64_t, int32_t);
template void gemm<double>(const double *, const double *, const double *,
                           double *, int64_t, int64_t, int64_t, int32_t);

} // namespace kiln::kernels
