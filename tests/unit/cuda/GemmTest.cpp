//===- GemmTest.cpp - row-major products in cuBLASLt's terms --------------===//
//
// kiln_cuda_gemm translates a step's row-major product into cuBLASLt's
// column-major one. Here the translation is evaluated on the host the way
// cuBLASLt defines its result, for every transpose and epilogue, strided
// rows and both types, against a float64 reference computed directly from
// the row-major description; then the loader finds and binds the real
// cuBLASLt where one is installed, and without a GPU the call says why.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/gemm.h"
#include "kiln/runtime/cuda/cublaslt.h"
#include "kiln/runtime/cuda/gemm_plan.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace kiln::cuda {
namespace {

uint64_t address(const void *pointer) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pointer));
}

/// `status` is a `code` error whose message contains `text`.
void expectError(const Status &status, StatusCode code,
                 const std::string &text) {
  EXPECT_EQ(status.code(), code) << status.message();
  EXPECT_NE(errorOf(status).find(text), std::string::npos) << status.message();
}

struct Case {
  int64_t m, n, k;
  bool transposeA, transposeB;
  int32_t epilogue;
  int64_t padding; // extra elements at the end of every stored row
};

/// Runs `c` through the plan on the host and compares it with the
/// row-major definition, in float64.
template <typename T> void check(const Case &c) {
  std::mt19937 random(17);
  std::uniform_real_distribution<double> value(-1, 1);
  int64_t rowsA = c.transposeA ? c.k : c.m, colsA = c.transposeA ? c.m : c.k;
  int64_t rowsB = c.transposeB ? c.n : c.k, colsB = c.transposeB ? c.k : c.n;
  int64_t lda = colsA + c.padding, ldb = colsB + c.padding,
          ldd = c.n + c.padding;
  std::vector<T> a(rowsA * lda), b(rowsB * ldb), bias(c.n);
  std::vector<T> d(c.m * ldd, T(-99));
  for (T &x : a)
    x = T(value(random));
  for (T &x : b)
    x = T(value(random));
  for (T &x : bias)
    x = T(value(random));
  GemmCall call;
  call.dtype = sizeof(T) == 4 ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
  call.transposeA = c.transposeA;
  call.transposeB = c.transposeB;
  call.epilogue = c.epilogue;
  call.m = c.m;
  call.n = c.n;
  call.k = c.k;
  call.a = address(a.data());
  call.lda = lda;
  call.b = address(b.data());
  call.ldb = ldb;
  call.bias = address(bias.data());
  call.d = address(d.data());
  call.ldd = ldd;
  StatusOr<CublasLtGemm> gemm = planCublasLtGemm(call);
  ASSERT_TRUE(gemm.ok()) << gemm.status().message();
  runCublasLtGemmOnHost(*gemm);

  bool addBias = c.epilogue == KILN_GEMM_EPILOGUE_BIAS ||
                 c.epilogue == KILN_GEMM_EPILOGUE_BIAS_RELU;
  bool relu = c.epilogue == KILN_GEMM_EPILOGUE_RELU ||
              c.epilogue == KILN_GEMM_EPILOGUE_BIAS_RELU;
  double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-13;
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.n; ++j) {
      double sum = 0;
      for (int64_t l = 0; l < c.k; ++l) {
        double x = c.transposeA ? a[l * lda + i] : a[i * lda + l];
        double y = c.transposeB ? b[j * ldb + l] : b[l * ldb + j];
        sum += x * y;
      }
      if (addBias)
        sum += bias[j];
      if (relu)
        sum = std::max(sum, 0.0);
      ASSERT_NEAR(d[i * ldd + j], sum, tolerance * (1 + std::abs(sum)))
          << "at [" << i << ", " << j << "] of " << call.describe();
    }
    // The padding of D's rows is not written.
    for (int64_t j = c.n; j < ldd; ++j)
      ASSERT_EQ(d[i * ldd + j], T(-99));
  }
}

TEST(GemmPlan, EveryTransposeAndEpilogueMatchesTheRowMajorProduct) {
  for (bool transposeA : {false, true})
    for (bool transposeB : {false, true})
      for (int32_t epilogue :
           {KILN_GEMM_EPILOGUE_NONE, KILN_GEMM_EPILOGUE_BIAS,
            KILN_GEMM_EPILOGUE_RELU, KILN_GEMM_EPILOGUE_BIAS_RELU}) {
        check<float>({7, 5, 3, transposeA, transposeB, epilogue, 0});
        check<double>({6, 9, 11, transposeA, transposeB, epilogue, 0});
        // Rows longer than the matrix (a view of a wider buffer).
        check<float>({4, 3, 5, transposeA, transposeB, epilogue, 2});
      }
}

TEST(GemmPlan, EdgeShapes) {
  check<float>({1, 1, 1, false, false, KILN_GEMM_EPILOGUE_BIAS_RELU, 0});
  check<float>({1, 33, 64, true, false, KILN_GEMM_EPILOGUE_BIAS, 0});
  check<double>({40, 1, 2, false, true, KILN_GEMM_EPILOGUE_RELU, 1});
}

TEST(GemmPlan, TheSwapIsCuBlasLtsColumnMajorView) {
  // D[2, 3] = A[2, 4] B[4, 3] row-major is D^T[3, 2] = B^T A^T: cuBLASLt's
  // A is the step's B, read as [3, 4] with leading dimension 3.
  GemmCall call;
  call.dtype = KILN_DTYPE_F32;
  call.epilogue = KILN_GEMM_EPILOGUE_BIAS;
  call.m = 2;
  call.n = 3;
  call.k = 4;
  call.a = 0x1000;
  call.lda = 4;
  call.b = 0x2000;
  call.ldb = 3;
  call.bias = 0x3000;
  call.d = 0x4000;
  call.ldd = 3;
  CublasLtGemm gemm = planCublasLtGemm(call).value();
  EXPECT_EQ(gemm.m, 3u);
  EXPECT_EQ(gemm.n, 2u);
  EXPECT_EQ(gemm.k, 4u);
  EXPECT_EQ(gemm.a, 0x2000u);
  EXPECT_EQ(gemm.b, 0x1000u);
  EXPECT_EQ(gemm.transA, kCublasOpN);
  EXPECT_EQ(gemm.transB, kCublasOpN);
  EXPECT_EQ(gemm.layoutA.key(), CublasLtLayout({3, 4, 3}).key());
  EXPECT_EQ(gemm.layoutB.key(), CublasLtLayout({4, 2, 4}).key());
  EXPECT_EQ(gemm.layoutD.key(), CublasLtLayout({3, 2, 3}).key());
  EXPECT_EQ(gemm.epilogue, kCublasLtEpilogueBias);
  EXPECT_EQ(gemm.computeType, kCublasCompute32F);
}

TEST(GemmPlan, RefusesWhatCuBlasLtCannotTake) {
  GemmCall call;
  call.dtype = KILN_DTYPE_F32;
  call.m = 4;
  call.n = 3;
  call.k = 2;
  call.lda = 2;
  call.ldb = 3;
  call.ldd = 3;
  EXPECT_TRUE(planCublasLtGemm(call).ok());
  GemmCall wrongType = call;
  wrongType.dtype = KILN_DTYPE_I32;
  expectError(planCublasLtGemm(wrongType).status(), StatusCode::InvalidArgument,
              "f32 and f64 only");
  GemmCall empty = call;
  empty.k = 0;
  expectError(planCublasLtGemm(empty).status(), StatusCode::InvalidArgument,
              "at least 1");
  GemmCall shortRows = call;
  shortRows.lda = 1;
  expectError(planCublasLtGemm(shortRows).status(), StatusCode::InvalidArgument,
              "GPU matmul f32 [4, 2] x [2, 3]: a row stride is shorter");
  GemmCall noBias = call;
  noBias.epilogue = KILN_GEMM_EPILOGUE_BIAS_RELU;
  expectError(planCublasLtGemm(noBias).status(), StatusCode::InvalidArgument,
              "none was passed");
  GemmCall badEpilogue = call;
  badEpilogue.epilogue = 9;
  expectError(planCublasLtGemm(badEpilogue).status(),
              StatusCode::InvalidArgument, "unknown epilogue 9");
}

TEST(GemmPlan, TheEmulatedCallReportsABadCallAsTheStepsStatus) {
  float a[4] = {1, 2, 3, 4}, d[4] = {};
  kiln_cuda_emulated_gemm(KILN_DTYPE_F32, 0, 0, KILN_GEMM_EPILOGUE_NONE, 2, 2,
                          1, address(a), 1, address(a + 2), 2, 0, address(d), 2,
                          0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK);
  EXPECT_EQ(d[3], 2 * 4);
  kiln_cuda_emulated_gemm(KILN_DTYPE_F32, 0, 0, KILN_GEMM_EPILOGUE_BIAS, 2, 2,
                          1, address(a), 1, address(a + 2), 2, 0, address(d), 2,
                          0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(kiln_cuda_last_error()).find("none was passed"),
            std::string::npos);
}

TEST(CublasLt, AMissingLibraryIsNamed) {
  StatusOr<CublasLt> missing =
      CublasLt::loadFrom("/nonexistent/libcublasLt.so");
  expectError(missing.status(), StatusCode::FailedPrecondition,
              "no cuBLASLt: libcublasLt.so.13 was not found");
}

TEST(CublasLt, BindsEveryEntryPointOfAnInstalledLibrary) {
  StatusOr<const CublasLt *> library = CublasLt::load();
  if (!library.ok())
    GTEST_SKIP() << "no cuBLASLt here: " << library.status().message();
  // Binding needs no GPU; the version is the library's own.
  EXPECT_GE((*library)->api().cublasLtGetVersion(), 130000u)
      << (*library)->path();
  EXPECT_EQ((*library)->describe("cublasLtMatmul", 15),
            "cublasLtMatmul: CUBLAS_STATUS_NOT_SUPPORTED (the requested "
            "functionality is not supported)");
}

TEST(CublasLt, WithoutAGpuTheCallSaysWhy) {
  if (CudaDriver::load().ok())
    GTEST_SKIP() << "this machine has a GPU";
  float a[4] = {}, d[4] = {};
  kiln_cuda_gemm(KILN_DTYPE_F32, 0, 0, KILN_GEMM_EPILOGUE_NONE, 2, 2, 1,
                 address(a), 1, address(a + 2), 2, 0, address(d), 2, 0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_FAILED_PRECONDITION);
  std::string message = kiln_cuda_last_error();
  EXPECT_TRUE(message.rfind("no CUDA driver", 0) == 0 ||
              message.rfind("no GPU", 0) == 0)
      << message;
}

} // namespace
} // namespace kiln::cuda
