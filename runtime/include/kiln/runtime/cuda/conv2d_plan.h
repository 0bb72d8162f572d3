//===- conv2d_plan.h - a kiln_cuda_conv2d call, checked ---------*- C++ -*-===//
//
// What kiln_cuda_conv2d (conv2d.h) is asked, as a struct: checked once
// against the shape rules cuDNN applies (the output size follows from the
// input, filter, padding, strides and dilations), and evaluated on host
// memory by the definition cuDNN implements, so tests and the
// cuda-emulation target check the compiler's calls without a GPU.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_CONV2D_PLAN_H
#define KILN_RUNTIME_CUDA_CONV2D_PLAN_H

#include "kiln/runtime/cuda/conv2d.h"
#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <string>
#include <tuple>

namespace kiln::cuda {

/// A kiln_cuda_conv2d call, or with `backpropFilter` a
/// kiln_cuda_conv2d_backprop_filter one: then `y` is the output gradient
/// the call reads and `filter` the gradient it writes, with no epilogue.
struct Conv2DCall {
  bool backpropFilter = false;
  int32_t dtype = 0;
  int32_t epilogue = 0;
  int64_t n = 0, h = 0, w = 0, c = 0; // x: NHWC
  int64_t k = 0, r = 0, s = 0;        // filter: KRSC
  int64_t oh = 0, ow = 0;             // y: n, oh, ow, k
  int64_t padH = 0, padW = 0, strideH = 1, strideW = 1, dilationH = 1,
          dilationW = 1;
  uint64_t x = 0, filter = 0, bias = 0, residual = 0, y = 0;
  uint64_t workspace = 0, workspaceBytes = 0;

  /// "f32 [8, 28, 28, 1] * [32, 5, 5, 1] -> [8, 28, 28, 32]" (then
  /// ", filter gradient"), for messages.
  std::string describe() const;
  /// Everything cuDNN's descriptors and algorithm depend on (no
  /// addresses): a plan cache's key.
  auto shapeKey() const {
    return std::make_tuple(backpropFilter, dtype, epilogue, n, h, w, c, k, r, s,
                           oh, ow, padH, padW, strideH, strideW, dilationH,
                           dilationW, workspaceBytes);
  }
};

/// Fails, naming the convolution, on a dtype other than f32/f64, unknown
/// epilogue flags (or a residual without a bias, or any epilogue on a
/// filter gradient), a missing bias or
/// residual, sizes below 1, negative padding, strides or dilations below
/// 1, sizes beyond cuDNN's int range, or an output size other than
/// (h + 2 pad_h - ((r - 1) dilation_h + 1)) / stride_h + 1 (and for w).
Status checkConv2D(const Conv2DCall &call);

/// Computes a checked `call` on host memory, accumulating in the element
/// type.
void runConv2DOnHost(const Conv2DCall &call);

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_CONV2D_PLAN_H
