//===- MatMul.cpp - the matmul kernels: strided views onto the GEMM -------===//

#include "Gemm.h"
#include "MemRefs.h"

#include "kiln/kernels/cpu_kernels.h"

#include <vector>

namespace kiln::kernels {
namespace {

template <typename T, typename MemRef2D, typename MemRef1D>
void matmul(const MemRef2D *a, const MemRef2D *b, const MemRef1D *bias,
            const MemRef2D *out, int32_t activation) {
  const int64_t m = a->sizes[0], k = a->sizes[1], n = b->sizes[1];
  std::vector<T> aStorage, bStorage, biasStorage;
  const T *biasData = bias ? contiguous<T>(*bias, biasStorage) : nullptr;
  OutputBuffer<T, MemRef2D> result(*out);
  gemm<T>(contiguous<T>(*a, aStorage), contiguous<T>(*b, bStorage), biasData,
          result.data(), m, k, n, activation);
  result.commit();
}

void matmulConstantB(const KilnMemRef2xF32 *a, const KilnMemRef2xF32 *b,
                     const KilnMemRef1xF32 *bias, const KilnMemRef2xF32 *out,
                     const KilnMemRef1xF32 *panels,
                     const KilnMemRef1xI32 *state, int32_t activation) {
  const int64_t m = a->sizes[0], k = a->sizes[1], n = b->sizes[1];
  std::vector<float> aStorage, bStorage, biasStorage;
  const float *biasData =
      bias ? contiguous<float>(*bias, biasStorage) : nullptr;
  // Storage the kernel cannot write as one run is treated as none.
  const int64_t panelFloats = panels->strides[0] == 1 ? panels->sizes[0] : 0;
  OutputBuffer<float, KilnMemRef2xF32> result(*out);
  gemmConstantB(contiguous<float>(*a, aStorage),
                contiguous<float>(*b, bStorage), biasData, result.data(), m,
                k, n, activation, panels->aligned + panels->offset,
                panelFloats, state->aligned + state->offset);
  result.commit();
}

} // namespace
} // namespace kiln::kernels

using kiln::kernels::matmul;
using kiln::kernels::matmulConstantB;

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

void _mlir_ciface_kiln_cpu_matmul_packed_f32(const KilnMemRef2xF32 *a,
                                             const KilnMemRef2xF32 *b,
                                             const KilnMemRef2xF32 *out,
                                             const KilnMemRef1xF32 *panels,
                                             const KilnMemRef1xI32 *state,
                                             int32_t activation) {
  matmulConstantB(a, b, nullptr, out, panels, state, activation);
}

void _mlir_ciface_kiln_cpu_matmul_bias_packed_f32(
    const KilnMemRef2xF32 *a, const KilnMemRef2xF32 *b,
    const KilnMemRef1xF32 *bias, const KilnMemRef2xF32 *out,
    const KilnMemRef1xF32 *panels, const KilnMemRef1xI32 *state,
    int32_t activation) {
  matmulConstantB(a, b, bias, out, panels, state, activation);
}

void _mlir_ciface_kiln_cpu_matmul_bias_f64(const KilnMemRef2xF64 *a,
                                           const KilnMemRef2xF64 *b,
                                           const KilnMemRef1xF64 *bias,
                                           const KilnMemRef2xF64 *out,
                                           int32_t activation) {
  matmul<double>(a, b, bias, out, activation);
}

} // extern "C"
