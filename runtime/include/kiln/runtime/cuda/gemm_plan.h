//===- gemm_plan.h - a row-major product in cuBLASLt's terms ----*- C++ -*-===//
//
// cuBLASLt multiplies column-major matrices; a step stores row-major ones.
// A row-major [r, c] matrix with row stride ld is, read column-major, its
// transpose: a [c, r] matrix with leading dimension ld. So the row-major
//
//   D[m, n] = op(A) op(B)          is computed as the column-major
//   D'[n, m] = op(B)' op(A)'       (D' = D^T, stored in D's bytes)
//
// with cuBLASLt's A being the step's B and its B the step's A, and the
// bias (one value per column of D) one value per row of D', which is how
// cuBLASLt's BIAS epilogues broadcast. planCublasLtGemm() does this
// translation; runCublasLtGemmOnHost() evaluates the result the way
// cuBLASLt defines it, on host memory, so tests check the translation on
// machines without a GPU.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_GEMM_PLAN_H
#define KILN_RUNTIME_CUDA_GEMM_PLAN_H

#include "kiln/runtime/cuda/gemm.h"
#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <string>
#include <tuple>

namespace kiln::cuda {

/// A kiln_cuda_gemm call (gemm.h), row-major.
struct GemmCall {
  int32_t dtype = 0;
  bool transposeA = false, transposeB = false;
  int32_t epilogue = KILN_GEMM_EPILOGUE_NONE;
  int64_t m = 0, n = 0, k = 0;
  uint64_t a = 0;
  int64_t lda = 0;
  uint64_t b = 0;
  int64_t ldb = 0;
  uint64_t bias = 0, d = 0;
  int64_t ldd = 0;
  uint64_t workspace = 0, workspaceBytes = 0;

  /// "f32 [64, 128] x [128, 32]" (with ^T for a transposed operand), for
  /// messages.
  std::string describe() const;
};

/// cuBLASLt's values for the few enums kiln sets (cublasLt.h,
/// cublas_api.h, library_types.h); tests compare them with the headers
/// where those exist.
enum : int32_t {
  kCublasOpN = 0,
  kCublasOpT = 1,
  kCudaR32F = 0,
  kCudaR64F = 1,
  kCublasCompute32F = 68,
  kCublasCompute64F = 70,
  kCublasLtEpilogueDefault = 1,
  kCublasLtEpilogueRelu = 2,
  kCublasLtEpilogueBias = 4,
  kCublasLtEpilogueReluBias = 6,
};

/// A stored matrix as cublasLtMatrixLayoutCreate takes it.
struct CublasLtLayout {
  uint64_t rows = 0, cols = 0;
  int64_t ld = 0;
  auto key() const { return std::tie(rows, cols, ld); }
};

/// D = epilogue(op(A) op(B)), column-major, in cuBLASLt's terms.
struct CublasLtGemm {
  int32_t transA = kCublasOpN, transB = kCublasOpN;
  uint64_t m = 0, n = 0, k = 0; // D is [m, n]; op(A) [m, k]; op(B) [k, n]
  uint64_t a = 0, b = 0, d = 0, bias = 0;
  CublasLtLayout layoutA, layoutB, layoutD;
  int32_t epilogue = kCublasLtEpilogueDefault;
  int32_t dataType = kCudaR32F, computeType = kCublasCompute32F;
  uint64_t elementBytes = 4;
  uint64_t workspace = 0, workspaceBytes = 0;
};

/// The column-major product `call` asks for. Fails, naming the product,
/// on a dtype other than f32/f64, an unknown epilogue, a size below 1, a
/// row stride shorter than its row, or a bias missing for a BIAS
/// epilogue.
StatusOr<CublasLtGemm> planCublasLtGemm(const GemmCall &call);

/// Computes `gemm` on host memory as cuBLASLt defines it (accumulating in
/// the element type, bias added per row of D, then relu).
void runCublasLtGemmOnHost(const CublasLtGemm &gemm);

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_GEMM_PLAN_H
