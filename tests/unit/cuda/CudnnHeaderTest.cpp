//===- CudnnHeaderTest.cpp - kiln's cuDNN values are the header's ---------===//
//
// As CublasLtHeaderTest.cpp does for cuBLASLt: where cuDNN's headers
// exist, this file (built only then) checks kiln's own declarations
// against cudnn.h at compile time: a mismatch fails the build.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/cudnn.h"

#include <cudnn.h>

#include <cstddef>

namespace kiln::cuda {
namespace {

static_assert(kCudnnStatusSuccess == CUDNN_STATUS_SUCCESS);
static_assert(kCudnnDataFloat == CUDNN_DATA_FLOAT &&
              kCudnnDataDouble == CUDNN_DATA_DOUBLE);
static_assert(kCudnnTensorNhwc == CUDNN_TENSOR_NHWC);
static_assert(kCudnnCrossCorrelation == CUDNN_CROSS_CORRELATION);
static_assert(kCudnnActivationRelu == CUDNN_ACTIVATION_RELU &&
              kCudnnActivationIdentity == CUDNN_ACTIVATION_IDENTITY);
static_assert(kCudnnNotPropagateNan == CUDNN_NOT_PROPAGATE_NAN);
static_assert(kCudnnFmaMath == CUDNN_FMA_MATH);
static_assert(kCudnnFwdAlgoImplicitPrecompGemm ==
              CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM);
static_assert(sizeof(CudnnAlgoPerf) == sizeof(cudnnConvolutionFwdAlgoPerf_t) &&
              offsetof(CudnnAlgoPerf, status) ==
                  offsetof(cudnnConvolutionFwdAlgoPerf_t, status) &&
              offsetof(CudnnAlgoPerf, memory) ==
                  offsetof(cudnnConvolutionFwdAlgoPerf_t, memory));
static_assert(sizeof(CudnnAlgoPerf) ==
                  sizeof(cudnnConvolutionBwdFilterAlgoPerf_t) &&
              offsetof(CudnnAlgoPerf, status) ==
                  offsetof(cudnnConvolutionBwdFilterAlgoPerf_t, status) &&
              offsetof(CudnnAlgoPerf, memory) ==
                  offsetof(cudnnConvolutionBwdFilterAlgoPerf_t, memory));
// The enums kiln passes as 32-bit integers are that wide.
static_assert(sizeof(cudnnStatus_t) == sizeof(cudnnStatus) &&
              sizeof(cudnnDataType_t) == 4 &&
              sizeof(cudnnTensorFormat_t) == 4 &&
              sizeof(cudnnConvolutionMode_t) == 4 &&
              sizeof(cudnnActivationMode_t) == 4 &&
              sizeof(cudnnMathType_t) == 4 &&
              sizeof(cudnnConvolutionFwdAlgo_t) == 4 &&
              sizeof(cudnnConvolutionBwdFilterAlgo_t) == 4);

} // namespace
} // namespace kiln::cuda
