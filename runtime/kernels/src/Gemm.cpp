//===- Gemm.cpp - the GEMM core: kiln's packed f32 GEMM, else Eigen ------===//
//
// f32 runs on kiln's own packed GEMM (PackedGemm.cpp) where the kernels
// are built with AVX-512: it applies the bias and activation to each
// register tile before storing it. f64, and f32 on other CPUs, run on
// Eigen's tensor contraction with the bias and activation as its output
// kernel, on each block of the result while that block is still in cache;
// either way the epilogue costs no extra pass over memory.
//
// Threads split the result into independent blocks, each computed on its
// own with its own packing: bands of rows where there are enough rows,
// else bands of columns (short and wide products such as an MLP layer at
// a small batch). Eigen's own thread-pool contraction was slower than one
// thread below about 10^8 multiply-adds.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "PackedGemm.h"
#include "ThreadPool.h"

#include <unsupported/Eigen/CXX11/Tensor>

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <cstdint>
#include <type_traits>

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

/// Rows per thread below which splitting a GEMM costs more than it saves
/// (each band packs the whole right-hand side again).
constexpr int64_t kMinRowsPerThread = 32;
/// Multiply-adds below which a GEMM stays on one thread (the pool's
/// workers spin between a step's sections, so a split pays off early: the
/// MLP at batch 37 ran 77 us on 2 threads with this threshold, 94-102 us
/// with 8M).
constexpr int64_t kMinParallelMultiplyAdds = int64_t(1) << 21;

template <typename T>
void eigenGemm(const T *a, const T *b, const T *bias, T *out, int64_t m,
               int64_t k, int64_t n, int32_t activation) {
  RowMajorMatrix<const T> lhs(a, m, k), rhs(b, k, n);
  RowMajorMatrix<T> result(out, m, n);
  Eigen::array<Eigen::IndexPair<Eigen::Index>, 1> contracted{
      Eigen::IndexPair<Eigen::Index>(1, 0)};
  result = lhs.contract(rhs, contracted, BiasActivation<T>{bias, activation});
}

#ifdef KILN_HAVE_PACKED_SGEMM

/// Rows (columns) of the result per thread below which a band of rows
/// (columns) is too thin to keep the micro-kernel busy.
constexpr int64_t kMinPackedRowsPerThread = 4 * sgemm::kTileRows;
constexpr int64_t kMinPackedColsPerThread = 2 * sgemm::kTileCols;

/// Band `part` of `parts` over [0, total) starts here; bounds are
/// multiples of `unit` (part == parts: total).
int64_t bandStart(int64_t total, int64_t parts, int64_t part, int64_t unit) {
  if (part >= parts)
    return total;
  int64_t units = (total + unit - 1) / unit;
  return std::min(total, units * part / parts * unit);
}

void packedGemm(const float *a, const float *b, const float *bias, float *out,
                int64_t m, int64_t k, int64_t n, bool relu,
                const float *bPanels = nullptr) {
  // Column bands start at multiples of 32 columns: first is their offset.
  auto packed = [&](int64_t first) {
    return sgemm::PackedB{bPanels, sgemm::packedPanelsSize(1, n), first};
  };
  const sgemm::PackedB whole = packed(0);
  const int64_t threads = threadCount();
  const int64_t rowBands =
      std::min(threads, std::max<int64_t>(1, m / kMinPackedRowsPerThread));
  const int64_t colBands =
      std::min(threads, std::max<int64_t>(1, n / kMinPackedColsPerThread));
  if (m * n * k < kMinParallelMultiplyAdds || std::max(rowBands, colBands) <= 1)
    return sgemm::multiply(a, k, b, n, bias, out, n, m, k, n, relu,
                           bPanels ? &whole : nullptr);
  if (rowBands >= colBands) {
    parallelFor(rowBands, [&](int64_t band) {
      int64_t first = bandStart(m, rowBands, band, sgemm::kTileRows);
      int64_t last = bandStart(m, rowBands, band + 1, sgemm::kTileRows);
      sgemm::multiply(a + first * k, k, b, n, bias, out + first * n, n,
                      last - first, k, n, relu, bPanels ? &whole : nullptr);
    });
  } else {
    parallelFor(colBands, [&](int64_t band) {
      int64_t first = bandStart(n, colBands, band, sgemm::kTileCols);
      int64_t last = bandStart(n, colBands, band + 1, sgemm::kTileCols);
      const sgemm::PackedB columns = packed(first);
      sgemm::multiply(a, k, b + first, n, bias ? bias + first : nullptr,
                      out + first, n, m, k, last - first, relu,
                      bPanels ? &columns : nullptr);
    });
  }
}

/// The packed copy of a constant b, or null when there is none to read
/// yet (another call is writing it) or the storage cannot hold it.
const float *constantPanels(const float *b, int64_t k, int64_t n,
                            float *storage, int64_t floats, int32_t *state) {
  if (floats < sgemm::packedPanelsSize(k, n) ||
      reinterpret_cast<uintptr_t>(storage) % 64 != 0)
    return nullptr;
  enum : int32_t { kEmpty = 0, kPacking = 1, kReady = 2 };
  // The state lives in the executable's memory, not in a std::atomic (C++17
  // has no atomic_ref): the builtins give the same ordering.
  int32_t seen = __atomic_load_n(state, __ATOMIC_ACQUIRE);
  if (seen == kReady)
    return storage;
  if (seen != kEmpty ||
      !__atomic_compare_exchange_n(state, &seen, kPacking, /*weak=*/false,
                                   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    return nullptr;
  sgemm::packWhole(b, n, k, n, storage);
  __atomic_store_n(state, kReady, __ATOMIC_RELEASE);
  return storage;
}

#endif // KILN_HAVE_PACKED_SGEMM

} // namespace

void gemmConstantB(const float *a, const float *b, const float *bias,
                   float *out, int64_t m, int64_t k, int64_t n,
                   int32_t activation, float *panelStorage,
                   int64_t panelFloats, int32_t *state) {
#ifdef KILN_HAVE_PACKED_SGEMM
  return packedGemm(a, b, bias, out, m, k, n,
                    activation == KILN_CPU_ACTIVATION_RELU,
                    constantPanels(b, k, n, panelStorage, panelFloats, state));
#endif
  gemm<float>(a, b, bias, out, m, k, n, activation);
}

template <typename T>
void gemmOnThisThread(const T *a, const T *b, const T *bias, T *out, int64_t m,
                      int64_t k, int64_t n, int32_t activation) {
#ifdef KILN_HAVE_PACKED_SGEMM
  if constexpr (std::is_same_v<T, float>)
    return sgemm::multiply(a, k, b, n, bias, out, n, m, k, n,
                           activation == KILN_CPU_ACTIVATION_RELU);
#endif
  eigenGemm(a, b, bias, out, m, k, n, activation);
}

template <typename T>
void gemm(const T *a, const T *b, const T *bias, T *out, int64_t m, int64_t k,
          int64_t n, int32_t activation) {
#ifdef KILN_HAVE_PACKED_SGEMM
  if constexpr (std::is_same_v<T, float>)
    return packedGemm(a, b, bias, out, m, k, n,
                      activation == KILN_CPU_ACTIVATION_RELU);
#endif
  int64_t bands = std::min<int64_t>(threadCount(), m / kMinRowsPerThread);
  if (bands <= 1 || m * n * k < kMinParallelMultiplyAdds)
    return eigenGemm(a, b, bias, out, m, k, n, activation);
  parallelFor(bands, [&](int64_t band) {
    int64_t first = m * band / bands, last = m * (band + 1) / bands;
    eigenGemm(a + first * k, b, bias, out + first * n, last - first, k, n,
              activation);
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
