//===- Cudnn.cpp - find, load and bind cuDNN ------------------------------===//

#include "kiln/runtime/cuda/cudnn.h"

#include "LibraryLoader.h"

#include <iterator>

namespace kiln::cuda {

namespace {

constexpr const char *kCudnnLibrary = "libcudnn.so.9";

} // namespace

std::string Cudnn::describe(const char *call, cudnnStatus status) const {
  const char *text =
      api_.cudnnGetErrorString ? api_.cudnnGetErrorString(status) : nullptr;
  return std::string(call) + ": " +
         (text ? text : "cuDNN status " + std::to_string(status));
}

StatusOr<Cudnn> Cudnn::loadFrom(const std::string &path) {
  OpenedLibrary opened =
      openLibrary(path, kCudnnLibrary, toolkitLibraryDirectories());
  if (!opened.handle)
    return Status(StatusCode::FailedPrecondition,
                  std::string("no cuDNN: ") + kCudnnLibrary +
                      " was not found (tried " + opened.tried +
                      "; install cuDNN 9 or the nvidia-cudnn wheel, or "
                      "point KILN_CUDA_LIBRARY_PATH at it)");
  Cudnn library;
  library.path_ = opened.path;
  CudnnApi &api = library.api_;
  auto field = [](auto &entry) { return reinterpret_cast<void **>(&entry); };
  const Binding bindings[] = {
      {field(api.cudnnGetVersion), {"cudnnGetVersion"}},
      {field(api.cudnnGetErrorString), {"cudnnGetErrorString"}},
      {field(api.cudnnCreate), {"cudnnCreate"}},
      {field(api.cudnnSetStream), {"cudnnSetStream"}},
      {field(api.cudnnCreateTensorDescriptor), {"cudnnCreateTensorDescriptor"}},
      {field(api.cudnnSetTensor4dDescriptor), {"cudnnSetTensor4dDescriptor"}},
      {field(api.cudnnDestroyTensorDescriptor),
       {"cudnnDestroyTensorDescriptor"}},
      {field(api.cudnnCreateFilterDescriptor), {"cudnnCreateFilterDescriptor"}},
      {field(api.cudnnSetFilter4dDescriptor), {"cudnnSetFilter4dDescriptor"}},
      {field(api.cudnnDestroyFilterDescriptor),
       {"cudnnDestroyFilterDescriptor"}},
      {field(api.cudnnCreateConvolutionDescriptor),
       {"cudnnCreateConvolutionDescriptor"}},
      {field(api.cudnnSetConvolution2dDescriptor),
       {"cudnnSetConvolution2dDescriptor"}},
      {field(api.cudnnSetConvolutionMathType), {"cudnnSetConvolutionMathType"}},
      {field(api.cudnnDestroyConvolutionDescriptor),
       {"cudnnDestroyConvolutionDescriptor"}},
      {field(api.cudnnCreateActivationDescriptor),
       {"cudnnCreateActivationDescriptor"}},
      {field(api.cudnnSetActivationDescriptor),
       {"cudnnSetActivationDescriptor"}},
      {field(api.cudnnDestroyActivationDescriptor),
       {"cudnnDestroyActivationDescriptor"}},
      {field(api.cudnnGetConvolutionForwardAlgorithm_v7),
       {"cudnnGetConvolutionForwardAlgorithm_v7"}},
      {field(api.cudnnConvolutionForward), {"cudnnConvolutionForward"}},
      {field(api.cudnnConvolutionBiasActivationForward),
       {"cudnnConvolutionBiasActivationForward"}},
      {field(api.cudnnActivationForward), {"cudnnActivationForward"}},
      {field(api.cudnnGetConvolutionBackwardFilterAlgorithm_v7),
       {"cudnnGetConvolutionBackwardFilterAlgorithm_v7"}},
      {field(api.cudnnConvolutionBackwardFilter),
       {"cudnnConvolutionBackwardFilter"}},
  };
  if (const char *missing =
          bindSymbols(opened.handle, bindings, std::size(bindings)))
    return Status(StatusCode::FailedPrecondition,
                  "cuDNN at " + library.path_ + " has no " + missing);
  return library;
}

StatusOr<const Cudnn *> Cudnn::load() { return loadOnce<Cudnn>(); }

} // namespace kiln::cuda
