//===- CublasLtHeaderTest.cpp - kiln's cuBLASLt values are the header's ---===//
//
// The CUDA layer declares the few cuBLASLt types and enum values it uses
// itself, so it builds without CUDA headers. Where the toolkit's headers
// exist, this file (built only then) checks every one of them against
// cublasLt.h at compile time: a mismatch fails the build.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/cublaslt.h"
#include "kiln/runtime/cuda/gemm_plan.h"

#include <cublasLt.h>

#include <cstddef>

namespace kiln::cuda {
namespace {

static_assert(kCublasOpN == CUBLAS_OP_N && kCublasOpT == CUBLAS_OP_T);
static_assert(kCudaR32F == CUDA_R_32F && kCudaR64F == CUDA_R_64F);
static_assert(kCublasCompute32F == CUBLAS_COMPUTE_32F &&
              kCublasCompute64F == CUBLAS_COMPUTE_64F);
static_assert(kCublasLtEpilogueDefault == CUBLASLT_EPILOGUE_DEFAULT &&
              kCublasLtEpilogueRelu == CUBLASLT_EPILOGUE_RELU &&
              kCublasLtEpilogueBias == CUBLASLT_EPILOGUE_BIAS &&
              kCublasLtEpilogueReluBias == CUBLASLT_EPILOGUE_RELU_BIAS);
static_assert(kCublasStatusSuccess == CUBLAS_STATUS_SUCCESS);
static_assert(kCublasLtMatmulDescTransA == CUBLASLT_MATMUL_DESC_TRANSA &&
              kCublasLtMatmulDescTransB == CUBLASLT_MATMUL_DESC_TRANSB &&
              kCublasLtMatmulDescEpilogue == CUBLASLT_MATMUL_DESC_EPILOGUE &&
              kCublasLtMatmulDescBiasPointer ==
                  CUBLASLT_MATMUL_DESC_BIAS_POINTER);
static_assert(kCublasLtPrefMaxWorkspaceBytes ==
                  CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES &&
              kCublasLtPrefMinAlignmentABytes ==
                  CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES &&
              kCublasLtPrefMinAlignmentBBytes ==
                  CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES &&
              kCublasLtPrefMinAlignmentCBytes ==
                  CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES &&
              kCublasLtPrefMinAlignmentDBytes ==
                  CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES);
static_assert(sizeof(CublasLtAlgo) == sizeof(cublasLtMatmulAlgo_t));
static_assert(sizeof(CublasLtHeuristicResult) ==
              sizeof(cublasLtMatmulHeuristicResult_t));
static_assert(offsetof(CublasLtHeuristicResult, workspaceSize) ==
                  offsetof(cublasLtMatmulHeuristicResult_t, workspaceSize) &&
              offsetof(CublasLtHeuristicResult, state) ==
                  offsetof(cublasLtMatmulHeuristicResult_t, state));

// The entry points' types are the header's, parameter for parameter.
static_assert(sizeof(cublasStatus) == sizeof(cublasStatus_t));
static_assert(sizeof(cublasComputeType_t) == sizeof(int32_t) &&
              sizeof(cudaDataType) == sizeof(int32_t) &&
              sizeof(cublasLtMatmulDescAttributes_t) == sizeof(int32_t) &&
              sizeof(cublasLtMatmulPreferenceAttributes_t) == sizeof(int32_t));

} // namespace
} // namespace kiln::cuda
