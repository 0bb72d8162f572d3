//===- cudnn.h - cuDNN, loaded at run time ----------------------*- C++ -*-===//
//
// Like the driver and cuBLASLt, cuDNN 9 is found and bound with dlopen the
// first time a step convolves on the GPU. kiln calls cuDNN's legacy
// convolution API (cudnn_cnn.h: descriptors, cudnnConvolutionForward,
// cudnnConvolutionBiasActivationForward, cudnnConvolutionBackwardFilter),
// which cuDNN 9 marks deprecated
// but still ships in every 9.x release: one call runs a convolution with
// its bias, residual and relu fused, as TensorFlow's fused convolutions
// do, without building graph-API operation graphs. The entry points below
// are cuDNN's own, with its handles as pointers and enums as 32-bit ints.
//
// Thread-safety: Cudnn::load() may be called from any thread; the
// returned table is immutable.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_CUDNN_H
#define KILN_RUNTIME_CUDA_CUDNN_H

#include "kiln/runtime/cuda/driver.h"
#include "kiln/runtime/status_cc.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln::cuda {

using cudnnStatus = int;
using cudnnHandle = struct cudnnContext *;
using cudnnTensorDescriptor = struct cudnnTensorStruct *;
using cudnnFilterDescriptor = struct cudnnFilterStruct *;
using cudnnConvolutionDescriptor = struct cudnnConvolutionStruct *;
using cudnnActivationDescriptor = struct cudnnActivationStruct *;

/// cudnnConvolutionFwdAlgoPerf_t and cudnnConvolutionBwdFilterAlgoPerf_t,
/// which share their layout.
struct CudnnAlgoPerf {
  int32_t algo;
  cudnnStatus status;
  float time;
  size_t memory;
  int32_t determinism;
  int32_t mathType;
  int reserved[3];
};

/// The enum values kiln passes (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h).
enum : int32_t {
  kCudnnStatusSuccess = 0,
  kCudnnDataFloat = 0,
  kCudnnDataDouble = 1,
  kCudnnTensorNhwc = 1,
  kCudnnCrossCorrelation = 1,
  kCudnnActivationRelu = 1,
  kCudnnActivationIdentity = 5,
  kCudnnNotPropagateNan = 0,
  kCudnnFmaMath = 3,
  kCudnnFwdAlgoImplicitPrecompGemm = 1,
};

struct CudnnApi {
  size_t (*cudnnGetVersion)();
  const char *(*cudnnGetErrorString)(cudnnStatus status);
  cudnnStatus (*cudnnCreate)(cudnnHandle *handle);
  cudnnStatus (*cudnnSetStream)(cudnnHandle handle, CUstream stream);
  cudnnStatus (*cudnnCreateTensorDescriptor)(cudnnTensorDescriptor *desc);
  cudnnStatus (*cudnnSetTensor4dDescriptor)(cudnnTensorDescriptor desc,
                                            int32_t format, int32_t dataType,
                                            int n, int c, int h, int w);
  cudnnStatus (*cudnnDestroyTensorDescriptor)(cudnnTensorDescriptor desc);
  cudnnStatus (*cudnnCreateFilterDescriptor)(cudnnFilterDescriptor *desc);
  cudnnStatus (*cudnnSetFilter4dDescriptor)(cudnnFilterDescriptor desc,
                                            int32_t dataType, int32_t format,
                                            int k, int c, int h, int w);
  cudnnStatus (*cudnnDestroyFilterDescriptor)(cudnnFilterDescriptor desc);
  cudnnStatus (*cudnnCreateConvolutionDescriptor)(
      cudnnConvolutionDescriptor *desc);
  cudnnStatus (*cudnnSetConvolution2dDescriptor)(
      cudnnConvolutionDescriptor desc, int padH, int padW, int strideH,
      int strideW, int dilationH, int dilationW, int32_t mode,
      int32_t computeType);
  cudnnStatus (*cudnnSetConvolutionMathType)(cudnnConvolutionDescriptor desc,
                                             int32_t mathType);
  cudnnStatus (*cudnnDestroyConvolutionDescriptor)(
      cudnnConvolutionDescriptor desc);
  cudnnStatus (*cudnnCreateActivationDescriptor)(
      cudnnActivationDescriptor *desc);
  cudnnStatus (*cudnnSetActivationDescriptor)(cudnnActivationDescriptor desc,
                                              int32_t mode, int32_t nanOption,
                                              double coefficient);
  cudnnStatus (*cudnnDestroyActivationDescriptor)(
      cudnnActivationDescriptor desc);
  cudnnStatus (*cudnnGetConvolutionForwardAlgorithm_v7)(
      cudnnHandle handle, cudnnTensorDescriptor x, cudnnFilterDescriptor w,
      cudnnConvolutionDescriptor conv, cudnnTensorDescriptor y, int requested,
      int *returned, CudnnAlgoPerf *results);
  cudnnStatus (*cudnnConvolutionForward)(
      cudnnHandle handle, const void *alpha, cudnnTensorDescriptor xDesc,
      const void *x, cudnnFilterDescriptor wDesc, const void *w,
      cudnnConvolutionDescriptor conv, int32_t algo, void *workspace,
      size_t workspaceBytes, const void *beta, cudnnTensorDescriptor yDesc,
      void *y);
  cudnnStatus (*cudnnConvolutionBiasActivationForward)(
      cudnnHandle handle, const void *alpha1, cudnnTensorDescriptor xDesc,
      const void *x, cudnnFilterDescriptor wDesc, const void *w,
      cudnnConvolutionDescriptor conv, int32_t algo, void *workspace,
      size_t workspaceBytes, const void *alpha2, cudnnTensorDescriptor zDesc,
      const void *z, cudnnTensorDescriptor biasDesc, const void *bias,
      cudnnActivationDescriptor activation, cudnnTensorDescriptor yDesc,
      void *y);
  cudnnStatus (*cudnnGetConvolutionBackwardFilterAlgorithm_v7)(
      cudnnHandle handle, cudnnTensorDescriptor x, cudnnTensorDescriptor dy,
      cudnnConvolutionDescriptor conv, cudnnFilterDescriptor dw, int requested,
      int *returned, CudnnAlgoPerf *results);
  cudnnStatus (*cudnnConvolutionBackwardFilter)(
      cudnnHandle handle, const void *alpha, cudnnTensorDescriptor xDesc,
      const void *x, cudnnTensorDescriptor dyDesc, const void *dy,
      cudnnConvolutionDescriptor conv, int32_t algo, void *workspace,
      size_t workspaceBytes, const void *beta, cudnnFilterDescriptor dwDesc,
      void *dw);
  cudnnStatus (*cudnnActivationForward)(cudnnHandle handle,
                                        cudnnActivationDescriptor activation,
                                        const void *alpha,
                                        cudnnTensorDescriptor xDesc,
                                        const void *x, const void *beta,
                                        cudnnTensorDescriptor yDesc, void *y);
};

class Cudnn {
public:
  /// The process's cuDNN, loaded on the first call (later calls return
  /// the same table or the same error): FailedPrecondition "no cuDNN: ..."
  /// when the library cannot be found.
  static StatusOr<const Cudnn *> load();

  /// Loads cuDNN from `path` (a file) or, when empty, by searching
  /// libcudnn.so.9 as cublaslt.h describes for cuBLASLt. A fresh, uncached
  /// load, for tests.
  static StatusOr<Cudnn> loadFrom(const std::string &path);

  const CudnnApi &api() const { return api_; }
  const std::string &path() const { return path_; }

  /// "cudnnConvolutionForward: CUDNN_STATUS_NOT_SUPPORTED ...", for
  /// messages.
  std::string describe(const char *call, cudnnStatus status) const;

private:
  CudnnApi api_{};
  std::string path_;
};

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_CUDNN_H
