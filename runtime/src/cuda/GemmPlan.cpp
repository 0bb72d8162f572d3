//===- GemmPlan.cpp - a row-major product in cuBLASLt's terms -------------===//

#include "kiln/runtime/cuda/gemm_plan.h"

#include "ThreadStatus.h"
#include "kiln/runtime/executable.h"

#include <algorithm>
#include <cstring>

namespace kiln::cuda {

namespace {

template <typename T> T *at(uint64_t address) {
  return reinterpret_cast<T *>(static_cast<uintptr_t>(address));
}

template <typename T> void runOnHost(const CublasLtGemm &gemm) {
  const T *a = at<const T>(gemm.a), *b = at<const T>(gemm.b);
  const T *bias = at<const T>(gemm.bias);
  T *d = at<T>(gemm.d);
  const int64_t lda = gemm.layoutA.ld, ldb = gemm.layoutB.ld,
                ldd = gemm.layoutD.ld;
  // Column-major: element (row, col) of a matrix with leading dimension ld
  // is at row + col * ld; op(X) = X^T swaps the two.
  auto opA = [&](uint64_t row, uint64_t col) {
    return gemm.transA == kCublasOpN ? a[row + col * lda] : a[col + row * lda];
  };
  auto opB = [&](uint64_t row, uint64_t col) {
    return gemm.transB == kCublasOpN ? b[row + col * ldb] : b[col + row * ldb];
  };
  bool addBias = gemm.epilogue == kCublasLtEpilogueBias ||
                 gemm.epilogue == kCublasLtEpilogueReluBias;
  bool relu = gemm.epilogue == kCublasLtEpilogueRelu ||
              gemm.epilogue == kCublasLtEpilogueReluBias;
  for (uint64_t col = 0; col < gemm.n; ++col)
    for (uint64_t row = 0; row < gemm.m; ++row) {
      T sum = 0;
      for (uint64_t i = 0; i < gemm.k; ++i)
        sum += opA(row, i) * opB(i, col);
      if (addBias)
        sum += bias[row];
      if (relu)
        sum = std::max<T>(sum, 0);
      d[row + col * ldd] = sum;
    }
}

} // namespace

std::string GemmCall::describe() const {
  std::string text = dtype == KILN_DTYPE_F32 ? "f32"
                     : dtype == KILN_DTYPE_F64
                         ? "f64"
                         : "dtype " + std::to_string(dtype);
  auto shape = [](int64_t rows, int64_t cols, bool transposed) {
    return "[" + std::to_string(rows) + ", " + std::to_string(cols) + "]" +
           (transposed ? "^T" : "");
  };
  return text + " " + (transposeA ? shape(k, m, true) : shape(m, k, false)) +
         " x " + (transposeB ? shape(n, k, true) : shape(k, n, false));
}

StatusOr<CublasLtGemm> planCublasLtGemm(const GemmCall &call) {
  auto refuse = [&](const std::string &why) {
    return invalidArgument("GPU matmul " + call.describe() + ": " + why);
  };
  if (call.dtype != KILN_DTYPE_F32 && call.dtype != KILN_DTYPE_F64)
    return refuse("cuBLASLt is called for f32 and f64 only");
  if (call.epilogue < KILN_GEMM_EPILOGUE_NONE ||
      call.epilogue > KILN_GEMM_EPILOGUE_BIAS_RELU)
    return refuse("unknown epilogue " + std::to_string(call.epilogue));
  if (call.m < 1 || call.n < 1 || call.k < 1)
    return refuse("every size must be at least 1");
  // Row strides of the stored matrices: at least their row's length.
  int64_t rowA = call.transposeA ? call.m : call.k;
  int64_t rowB = call.transposeB ? call.k : call.n;
  if (call.lda < rowA || call.ldb < rowB || call.ldd < call.n)
    return refuse("a row stride is shorter than its row (lda " +
                  std::to_string(call.lda) + ", ldb " +
                  std::to_string(call.ldb) + ", ldd " +
                  std::to_string(call.ldd) + ")");
  bool bias = call.epilogue == KILN_GEMM_EPILOGUE_BIAS ||
              call.epilogue == KILN_GEMM_EPILOGUE_BIAS_RELU;
  if (bias && !call.bias)
    return refuse("the epilogue adds a bias but none was passed");

  CublasLtGemm gemm;
  // D' = D^T [n, m] = op(B)^T op(A)^T: cuBLASLt's A is the step's B.
  gemm.m = call.n;
  gemm.n = call.m;
  gemm.k = call.k;
  gemm.a = call.b;
  gemm.b = call.a;
  gemm.d = call.d;
  // The step's B, stored [k, n] row-major, reads column-major as
  // B^T [n, k] = op(B)^T: no transpose. Stored [n, k] (transposed), it
  // reads as [k, n] and must be transposed.
  gemm.transA = call.transposeB ? kCublasOpT : kCublasOpN;
  gemm.layoutA =
      call.transposeB
          ? CublasLtLayout{uint64_t(call.k), uint64_t(call.n), call.ldb}
          : CublasLtLayout{uint64_t(call.n), uint64_t(call.k), call.ldb};
  gemm.transB = call.transposeA ? kCublasOpT : kCublasOpN;
  gemm.layoutB =
      call.transposeA
          ? CublasLtLayout{uint64_t(call.m), uint64_t(call.k), call.lda}
          : CublasLtLayout{uint64_t(call.k), uint64_t(call.m), call.lda};
  gemm.layoutD = {uint64_t(call.n), uint64_t(call.m), call.ldd};
  gemm.bias = bias ? call.bias : 0;
  switch (call.epilogue) {
  case KILN_GEMM_EPILOGUE_NONE:
    gemm.epilogue = kCublasLtEpilogueDefault;
    break;
  case KILN_GEMM_EPILOGUE_BIAS:
    gemm.epilogue = kCublasLtEpilogueBias;
    break;
  case KILN_GEMM_EPILOGUE_RELU:
    gemm.epilogue = kCublasLtEpilogueRelu;
    break;
  default:
    gemm.epilogue = kCublasLtEpilogueReluBias;
    break;
  }
  bool f32 = call.dtype == KILN_DTYPE_F32;
  gemm.dataType = f32 ? kCudaR32F : kCudaR64F;
  gemm.computeType = f32 ? kCublasCompute32F : kCublasCompute64F;
  gemm.elementBytes = f32 ? 4 : 8;
  gemm.workspace = call.workspace;
  gemm.workspaceBytes = call.workspaceBytes;
  return gemm;
}

void runCublasLtGemmOnHost(const CublasLtGemm &gemm) {
  if (gemm.dataType == kCudaR32F)
    runOnHost<float>(gemm);
  else
    runOnHost<double>(gemm);
}

} // namespace kiln::cuda

extern "C" void kiln_cuda_emulated_gemm(int32_t dtype, int32_t transpose_a,
                                        int32_t transpose_b, int32_t epilogue,
                                        int64_t m, int64_t n, int64_t k,
                                        uint64_t a, int64_t lda, uint64_t b,
                                        int64_t ldb, uint64_t bias, uint64_t d,
                                        int64_t ldd, uint64_t workspace,
                                        uint64_t workspace_bytes) {
  using namespace kiln::cuda;
  if (threadErrorPending())
    return;
  GemmCall call{dtype,
                transpose_a != 0,
                transpose_b != 0,
                epilogue,
                m,
                n,
                k,
                a,
                lda,
                b,
                ldb,
                bias,
                d,
                ldd,
                workspace,
                workspace_bytes};
  kiln::StatusOr<CublasLtGemm> gemm = planCublasLtGemm(call);
  if (recordIfError(gemm.status()))
    return;
  runCublasLtGemmOnHost(*gemm);
}
