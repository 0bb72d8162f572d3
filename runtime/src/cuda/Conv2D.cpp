//===- Conv2D.cpp - compiled steps' convolutions through cuDNN ------------===//
//
// A convolution's descriptors and algorithm (cuDNN's heuristic choice that
// fits the workspace, fused epilogue permitting) are made once per shape
// and cached for the life of the process. cuDNN's handle is not for
// concurrent use, so calls take turns on it.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/conv2d.h"

#include "ThreadStatus.h"
#include "kiln/runtime/cuda/conv2d_plan.h"
#include "kiln/runtime/cuda/cudnn.h"
#include "kiln/runtime/executable.h"

#include <map>
#include <memory>
#include <mutex>

namespace kiln::cuda {

namespace {

using ShapeKey = decltype(std::declval<const Conv2DCall &>().shapeKey());

struct Plan {
  cudnnTensorDescriptor x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor filter = nullptr;
  cudnnConvolutionDescriptor conv = nullptr;
  cudnnActivationDescriptor activation = nullptr;
  int32_t algo = 0;
};

class Convolutions {
public:
  /// Runs `call` (checked) on cuDNN; the error names the convolution.
  Status run(const Cudnn &library, const Conv2DCall &call) {
    std::lock_guard<std::mutex> lock(mutex_);
    const CudnnApi &api = library.api();
    std::string what = "GPU conv2d " + call.describe();
    auto fail = [&](const char *step, cudnnStatus status) {
      return internalError(what + ": " + library.describe(step, status));
    };
    if (!handle_)
      if (cudnnStatus status = api.cudnnCreate(&handle_))
        return fail("cudnnCreate", status);
    std::unique_ptr<Plan> &slot = plans_[call.shapeKey()];
    if (!slot) {
      auto plan = std::make_unique<Plan>();
      if (Status made = makePlan(library, call, what, *plan); !made.ok()) {
        destroy(api, *plan);
        plans_.erase(call.shapeKey());
        return made;
      }
      slot = std::move(plan);
    }
    const Plan &plan = *slot;
    float one32 = 1, zero32 = 0;
    double one64 = 1, zero64 = 0;
    bool f32 = call.dtype == KILN_DTYPE_F32;
    const void *one = f32 ? static_cast<const void *>(&one32) : &one64;
    const void *zero = f32 ? static_cast<const void *>(&zero32) : &zero64;
    auto pointer = [](uint64_t address) {
      return reinterpret_cast<void *>(static_cast<uintptr_t>(address));
    };
    void *workspace = pointer(call.workspace);
    cudnnStatus status;
    if (call.backpropFilter) {
      status = api.cudnnConvolutionBackwardFilter(
          handle_, one, plan.x, pointer(call.x), plan.y, pointer(call.y),
          plan.conv, plan.algo, workspace, call.workspaceBytes, zero,
          plan.filter, pointer(call.filter));
      if (status != kCudnnStatusSuccess)
        return fail("cudnnConvolutionBackwardFilter", status);
    } else if (call.epilogue & KILN_CONV_EPILOGUE_BIAS) {
      // y = act(conv + alpha2 z + bias): z is the residual, or y itself
      // scaled by zero.
      bool residual = call.epilogue & KILN_CONV_EPILOGUE_RESIDUAL;
      status = api.cudnnConvolutionBiasActivationForward(
          handle_, one, plan.x, pointer(call.x), plan.filter,
          pointer(call.filter), plan.conv, plan.algo, workspace,
          call.workspaceBytes, residual ? one : zero, plan.y,
          pointer(residual ? call.residual : call.y), plan.bias,
          pointer(call.bias), plan.activation, plan.y, pointer(call.y));
      if (status != kCudnnStatusSuccess)
        return fail("cudnnConvolutionBiasActivationForward", status);
    } else {
      status = api.cudnnConvolutionForward(
          handle_, one, plan.x, pointer(call.x), plan.filter,
          pointer(call.filter), plan.conv, plan.algo, workspace,
          call.workspaceBytes, zero, plan.y, pointer(call.y));
      if (status != kCudnnStatusSuccess)
        return fail("cudnnConvolutionForward", status);
      if (call.epilogue & KILN_CONV_EPILOGUE_RELU) {
        status = api.cudnnActivationForward(handle_, plan.activation, one,
                                            plan.y, pointer(call.y), zero,
                                            plan.y, pointer(call.y));
        if (status != kCudnnStatusSuccess)
          return fail("cudnnActivationForward", status);
      }
    }
    return Status();
  }

private:
  Status makePlan(const Cudnn &library, const Conv2DCall &call,
                  const std::string &what, Plan &plan) {
    const CudnnApi &api = library.api();
    int32_t type =
        call.dtype == KILN_DTYPE_F32 ? kCudnnDataFloat : kCudnnDataDouble;
    cudnnStatus status = kCudnnStatusSuccess;
    const char *failed = nullptr;
    auto step = [&](const char *name, cudnnStatus result) {
      if (status == kCudnnStatusSuccess && result != kCudnnStatusSuccess) {
        status = result;
        failed = name;
      }
      return status == kCudnnStatusSuccess;
    };
    auto tensor = [&](cudnnTensorDescriptor &desc, int64_t n, int64_t c,
                      int64_t h, int64_t w) {
      return step("cudnnCreateTensorDescriptor",
                  api.cudnnCreateTensorDescriptor(&desc)) &&
             step("cudnnSetTensor4dDescriptor",
                  api.cudnnSetTensor4dDescriptor(desc, kCudnnTensorNhwc, type,
                                                 n, c, h, w));
    };
    bool relu = call.epilogue & KILN_CONV_EPILOGUE_RELU;
    bool bias = call.epilogue & KILN_CONV_EPILOGUE_BIAS;
    tensor(plan.x, call.n, call.c, call.h, call.w) &&
        tensor(plan.y, call.n, call.k, call.oh, call.ow) &&
        tensor(plan.bias, 1, call.k, 1, 1) &&
        step("cudnnCreateFilterDescriptor",
             api.cudnnCreateFilterDescriptor(&plan.filter)) &&
        step("cudnnSetFilter4dDescriptor",
             api.cudnnSetFilter4dDescriptor(plan.filter, type, kCudnnTensorNhwc,
                                            call.k, call.c, call.r, call.s)) &&
        step("cudnnCreateConvolutionDescriptor",
             api.cudnnCreateConvolutionDescriptor(&plan.conv)) &&
        step("cudnnSetConvolution2dDescriptor",
             api.cudnnSetConvolution2dDescriptor(
                 plan.conv, call.padH, call.padW, call.strideH, call.strideW,
                 call.dilationH, call.dilationW, kCudnnCrossCorrelation,
                 type)) &&
        // FMA only: no TF32 tensor-core rounding in f32, as with cuBLASLt.
        step("cudnnSetConvolutionMathType",
             api.cudnnSetConvolutionMathType(plan.conv, kCudnnFmaMath)) &&
        step("cudnnCreateActivationDescriptor",
             api.cudnnCreateActivationDescriptor(&plan.activation)) &&
        step("cudnnSetActivationDescriptor",
             api.cudnnSetActivationDescriptor(plan.activation,
                                              relu ? kCudnnActivationRelu
                                                   : kCudnnActivationIdentity,
                                              kCudnnNotPropagateNan, 0.0));
    if (failed)
      return internalError(what + ": " + library.describe(failed, status));
    constexpr int kRequested = 8;
    CudnnAlgoPerf results[kRequested] = {};
    int returned = 0;
    const char *heuristic =
        call.backpropFilter ? "cudnnGetConvolutionBackwardFilterAlgorithm_v7"
                            : "cudnnGetConvolutionForwardAlgorithm_v7";
    cudnnStatus result =
        call.backpropFilter ? api.cudnnGetConvolutionBackwardFilterAlgorithm_v7(
                                  handle_, plan.x, plan.y, plan.conv,
                                  plan.filter, kRequested, &returned, results)
                            : api.cudnnGetConvolutionForwardAlgorithm_v7(
                                  handle_, plan.x, plan.filter, plan.conv,
                                  plan.y, kRequested, &returned, results);
    if (result != kCudnnStatusSuccess)
      return internalError(what + ": " + library.describe(heuristic, result));
    // The fused call without an activation runs one algorithm only.
    bool identityFused = bias && !relu;
    for (int i = 0; i < returned; ++i) {
      const CudnnAlgoPerf &candidate = results[i];
      if (candidate.status == kCudnnStatusSuccess &&
          candidate.memory <= call.workspaceBytes &&
          (!identityFused ||
           candidate.algo == kCudnnFwdAlgoImplicitPrecompGemm)) {
        plan.algo = candidate.algo;
        return Status();
      }
    }
    if (identityFused) {
      plan.algo = kCudnnFwdAlgoImplicitPrecompGemm;
      return Status();
    }
    return internalError(what +
                         ": cuDNN has no algorithm for it within a "
                         "workspace of " +
                         std::to_string(call.workspaceBytes) + " bytes");
  }

  static void destroy(const CudnnApi &api, Plan &plan) {
    for (cudnnTensorDescriptor desc : {plan.x, plan.y, plan.bias})
      if (desc)
        api.cudnnDestroyTensorDescriptor(desc);
    if (plan.filter)
      api.cudnnDestroyFilterDescriptor(plan.filter);
    if (plan.conv)
      api.cudnnDestroyConvolutionDescriptor(plan.conv);
    if (plan.activation)
      api.cudnnDestroyActivationDescriptor(plan.activation);
  }

  std::mutex mutex_;
  cudnnHandle handle_ = nullptr;
  std::map<ShapeKey, std::unique_ptr<Plan>> plans_;
};

Convolutions &convolutions() {
  static Convolutions *all = new Convolutions; // outlives static destructors
  return *all;
}

/// Checks `call` and runs it through cuDNN, or records why not.
void runOnGpu(const Conv2DCall &call) {
  if (threadErrorPending() || recordIfError(checkConv2D(call)))
    return;
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return;
  StatusOr<const Cudnn *> library = Cudnn::load();
  if (recordIfError(library.status()) ||
      recordIfError(convolutions().run(**library, call)))
    return;
  finishLibraryCall(*driver, "GPU conv2d " + call.describe());
}

} // namespace

} // namespace kiln::cuda

extern "C" void kiln_cuda_conv2d(int32_t dtype, int32_t epilogue, int64_t n,
                                 int64_t h, int64_t w, int64_t c, int64_t k,
                                 int64_t r, int64_t s, int64_t oh, int64_t ow,
                                 int64_t pad_h, int64_t pad_w, int64_t stride_h,
                                 int64_t stride_w, int64_t dilation_h,
                                 int64_t dilation_w, uint64_t x,
                                 uint64_t filter, uint64_t bias,
                                 uint64_t residual, uint64_t y,
                                 uint64_t workspace, uint64_t workspace_bytes) {
  kiln::cuda::runOnGpu(
      {false,    dtype,      epilogue,   n,         h,
       w,        c,          k,          r,         s,
       oh,       ow,         pad_h,      pad_w,     stride_h,
       stride_w, dilation_h, dilation_w, x,         filter,
       bias,     residual,   y,          workspace, workspace_bytes});
}

extern "C" void kiln_cuda_conv2d_backprop_filter(
    int32_t dtype, int64_t n, int64_t h, int64_t w, int64_t c, int64_t k,
    int64_t r, int64_t s, int64_t oh, int64_t ow, int64_t pad_h, int64_t pad_w,
    int64_t stride_h, int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    uint64_t x, uint64_t dy, uint64_t filter_grad, uint64_t workspace,
    uint64_t workspace_bytes) {
  kiln::cuda::runOnGpu(
      {true,     dtype,      0,          n,         h,
       w,        c,          k,          r,         s,
       oh,       ow,         pad_h,      pad_w,     stride_h,
       stride_w, dilation_h, dilation_w, x,         filter_grad,
       0,        0,          dy,         workspace, workspace_bytes});
}
