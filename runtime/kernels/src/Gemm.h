//===- Gemm.h - the GEMM core every CPU kernel builds on --------*- C++ -*-===//
#ifndef KILN_KERNELS_GEMM_H
#define KILN_KERNELS_GEMM_H

#include <cstdint>

namespace kiln::kernels {

/// out[m][n] = activation(sum_k a[m][k] * b[k][n] + bias[n]), all row-major
/// and contiguous; `bias` may be null. Bands of rows run on the kernels'
/// threads when the product is large enough.
template <typename T>
void gemm(const T *a, const T *b, const T *bias, T *out, int64_t m, int64_t k,
          int64_t n, int32_t activation);

/// The same on the calling thread only (for callers that parallelize
/// over several GEMMs themselves).
template <typename T>
void gemmOnThisThread(const T *a, const T *b, const T *bias, T *out, int64_t m,
                      int64_t k, int64_t n, int32_t activation);

/// gemm<float> for a b that stays the same from call to call: the first
/// call that finds *state == 0 packs b into `panelStorage` (panelFloats
/// floats, 64-byte aligned) and sets *state to 2; calls that then find 2
/// read that copy instead of packing b again. Storage too small or
/// misaligned is not used. See kiln_cpu_matmul_packed_f32.
void gemmConstantB(const float *a, const float *b, const float *bias,
                   float *out, int64_t m, int64_t k, int64_t n,
                   int32_t activation, float *panelStorage,
                   int64_t panelFloats, int32_t *state);

extern template void gemm<float>(const float *, const float *, const float *,
                                 float *, int64_t, int64_t, int64_t, int32_t);
extern template void gemm<double>(const double *, const double *,
                                  const double *, double *, int64_t, int64_t,
                                  int64_t, int32_t);
extern template void gemmOnThisThread<float>(const float *, const float *,
                                             const float *, float *, int64_t,
                                             int64_t, int64_t, int32_t);
extern template void gemmOnThisThread<double>(const double *, const double *,
                                              const double *, double *,
                                              int64_t, int64_t, int64_t,
                                              int32_t);

} // namespace kiln::kernels

#endif // KILN_KERNELS_GEMM_H
