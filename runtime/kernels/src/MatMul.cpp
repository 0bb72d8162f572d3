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

} // extern "C"
