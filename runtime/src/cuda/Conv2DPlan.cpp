//===- Conv2DPlan.cpp - a kiln_cuda_conv2d call, checked ------------------===//

#include "kiln/runtime/cuda/conv2d_plan.h"

#include "ThreadStatus.h"
#include "kiln/runtime/executable.h"

#include <algorithm>
#include <climits>

namespace kiln::cuda {

namespace {

constexpr int32_t kAllFlags = KILN_CONV_EPILOGUE_BIAS |
                              KILN_CONV_EPILOGUE_RELU |
                              KILN_CONV_EPILOGUE_RESIDUAL;

template <typename T> T *at(uint64_t address) {
  return reinterpret_cast<T *>(static_cast<uintptr_t>(address));
}

/// The filter gradient: every filter element sums over the batch and the
/// output positions, as cuDNN's backward-filter pass does.
template <typename T> void runFilterGradientOnHost(const Conv2DCall &call) {
  const T *x = at<const T>(call.x), *dy = at<const T>(call.y);
  T *grad = at<T>(call.filter);
  for (int64_t o = 0; o < call.k; ++o)
    for (int64_t i = 0; i < call.r; ++i)
      for (int64_t j = 0; j < call.s; ++j)
        for (int64_t ch = 0; ch < call.c; ++ch) {
          T sum = 0;
          for (int64_t b = 0; b < call.n; ++b)
            for (int64_t p = 0; p < call.oh; ++p) {
              int64_t row = p * call.strideH + i * call.dilationH - call.padH;
              if (row < 0 || row >= call.h)
                continue;
              for (int64_t q = 0; q < call.ow; ++q) {
                int64_t col = q * call.strideW + j * call.dilationW - call.padW;
                if (col < 0 || col >= call.w)
                  continue;
                sum += x[((b * call.h + row) * call.w + col) * call.c + ch] *
                       dy[((b * call.oh + p) * call.ow + q) * call.k + o];
              }
            }
          grad[((o * call.r + i) * call.s + j) * call.c + ch] = sum;
        }
}

template <typename T> void runOnHost(const Conv2DCall &call) {
  const T *x = at<const T>(call.x), *filter = at<const T>(call.filter);
  const T *bias = at<const T>(call.bias),
          *residual = at<const T>(call.residual);
  T *y = at<T>(call.y);
  for (int64_t b = 0; b < call.n; ++b)
    for (int64_t p = 0; p < call.oh; ++p)
      for (int64_t q = 0; q < call.ow; ++q)
        for (int64_t o = 0; o < call.k; ++o) {
          T sum = 0;
          for (int64_t i = 0; i < call.r; ++i) {
            int64_t row = p * call.strideH + i * call.dilationH - call.padH;
            if (row < 0 || row >= call.h)
              continue;
            for (int64_t j = 0; j < call.s; ++j) {
              int64_t col = q * call.strideW + j * call.dilationW - call.padW;
              if (col < 0 || col >= call.w)
                continue;
              const T *in = x + ((b * call.h + row) * call.w + col) * call.c;
              const T *f = filter + ((o * call.r + i) * call.s + j) * call.c;
              for (int64_t ch = 0; ch < call.c; ++ch)
                sum += in[ch] * f[ch];
            }
          }
          int64_t out = ((b * call.oh + p) * call.ow + q) * call.k + o;
          if (call.epilogue & KILN_CONV_EPILOGUE_BIAS)
            sum += bias[o];
          if (call.epilogue & KILN_CONV_EPILOGUE_RESIDUAL)
            sum += residual[out];
          if (call.epilogue & KILN_CONV_EPILOGUE_RELU)
            sum = std::max<T>(sum, 0);
          y[out] = sum;
        }
}

} // namespace

std::string Conv2DCall::describe() const {
  std::string text = dtype == KILN_DTYPE_F32 ? "f32"
                     : dtype == KILN_DTYPE_F64
                         ? "f64"
                         : "dtype " + std::to_string(dtype);
  auto shape = [](std::initializer_list<int64_t> dims) {
    std::string out = "[";
    for (int64_t dim : dims)
      out += (out.size() > 1 ? ", " : "") + std::to_string(dim);
    return out + "]";
  };
  return text + " " + shape({n, h, w, c}) + " * " + shape({k, r, s, c}) +
         " -> " + shape({n, oh, ow, k}) +
         (backpropFilter ? ", filter gradient" : "");
}

Status checkConv2D(const Conv2DCall &call) {
  auto refuse = [&](const std::string &why) {
    return invalidArgument("GPU conv2d " + call.describe() + ": " + why);
  };
  if (call.dtype != KILN_DTYPE_F32 && call.dtype != KILN_DTYPE_F64)
    return refuse("cuDNN is called for f32 and f64 only");
  if ((call.epilogue & ~kAllFlags) || (call.backpropFilter && call.epilogue) ||
      ((call.epilogue & KILN_CONV_EPILOGUE_RESIDUAL) &&
       !(call.epilogue & KILN_CONV_EPILOGUE_BIAS)))
    return refuse("unknown epilogue " + std::to_string(call.epilogue));
  if (((call.epilogue & KILN_CONV_EPILOGUE_BIAS) && !call.bias) ||
      ((call.epilogue & KILN_CONV_EPILOGUE_RESIDUAL) && !call.residual))
    return refuse("the epilogue reads a bias or residual that was not "
                  "passed");
  for (int64_t size : {call.n, call.h, call.w, call.c, call.k, call.r, call.s,
                       call.oh, call.ow})
    if (size < 1 || size > INT_MAX)
      return refuse("every size must be in [1, 2^31)");
  if (call.padH < 0 || call.padW < 0 || call.padH > INT_MAX ||
      call.padW > INT_MAX)
    return refuse("padding must be in [0, 2^31)");
  for (int64_t step :
       {call.strideH, call.strideW, call.dilationH, call.dilationW})
    if (step < 1 || step > INT_MAX)
      return refuse("strides and dilations must be in [1, 2^31)");
  auto outputSize = [](int64_t in, int64_t pad, int64_t window,
                       int64_t dilation, int64_t stride) {
    int64_t span = (window - 1) * dilation + 1;
    int64_t room = in + 2 * pad - span;
    return room < 0 ? int64_t(0) : room / stride + 1;
  };
  int64_t oh =
      outputSize(call.h, call.padH, call.r, call.dilationH, call.strideH);
  int64_t ow =
      outputSize(call.w, call.padW, call.s, call.dilationW, call.strideW);
  if (oh != call.oh || ow != call.ow)
    return refuse("the output must be " + std::to_string(oh) + "x" +
                  std::to_string(ow) +
                  " for this input, filter, padding, "
                  "strides and dilations");
  return Status();
}

void runConv2DOnHost(const Conv2DCall &call) {
  bool f32 = call.dtype == KILN_DTYPE_F32;
  if (call.backpropFilter)
    f32 ? runFilterGradientOnHost<float>(call)
        : runFilterGradientOnHost<double>(call);
  else
    f32 ? runOnHost<float>(call) : runOnHost<double>(call);
}

} // namespace kiln::cuda

namespace {

/// Checks `call` and runs it on the host, or records why not.
void emulate(const kiln::cuda::Conv2DCall &call) {
  using namespace kiln::cuda;
  if (threadErrorPending() || recordIfError(checkConv2D(call)))
    return;
  runConv2DOnHost(call);
}

} // namespace

extern "C" void kiln_cuda_emulated_conv2d(
    int32_t dtype, int32_t epilogue, int64_t n, int64_t h, int64_t w, int64_t c,
    int64_t k, int64_t r, int64_t s, int64_t oh, int64_t ow, int64_t pad_h,
    int64_t pad_w, int64_t stride_h, int64_t stride_w, int64_t dilation_h,
    int64_t dilation_w, uint64_t x, uint64_t filter, uint64_t bias,
    uint64_t residual, uint64_t y, uint64_t workspace,
    uint64_t workspace_bytes) {
  emulate({false,    dtype,      epilogue,   n,         h,
           w,        c,          k,          r,         s,
           oh,       ow,         pad_h,      pad_w,     stride_h,
           stride_w, dilation_h, dilation_w, x,         filter,
           bias,     residual,   y,          workspace, workspace_bytes});
}

extern "C" void kiln_cuda_emulated_conv2d_backprop_filter(
    int32_t dtype, int64_t n, int64_t h, int64_t w, int64_t c, int64_t k,
    int64_t r, int64_t s, int64_t oh, int64_t ow, int64_t pad_h, int64_t pad_w,
    int64_t stride_h, int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    uint64_t x, uint64_t dy, uint64_t filter_grad, uint64_t workspace,
    uint64_t workspace_bytes) {
  emulate({true,     dtype,      0,          n,         h,
           w,        c,          k,          r,         s,
           oh,       ow,         pad_h,      pad_w,     stride_h,
           stride_w, dilation_h, dilation_w, x,         filter_grad,
           0,        0,          dy,         workspace, workspace_bytes});
}
