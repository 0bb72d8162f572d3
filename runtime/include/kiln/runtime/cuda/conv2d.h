/*===- conv2d.h - the convolutions compiled GPU steps call ------*- C -*-===*
 *
 * The cuda target hands each conv2d kernel (with its bias, residual and
 * relu epilogue) to cuDNN through kiln_cuda_conv2d:
 *
 *   y[n, oh, ow, k] = epilogue(sum over r, s, c of
 *       x[n, oh * stride_h + r * dilation_h - pad_h,
 *            ow * stride_w + s * dilation_w - pad_w, c] * filter[k, r, s, c])
 *
 * x, y and the residual are dense NHWC; the filter is dense KRSC (output
 * channels first, TensorFlow's HWIO filter transposed); positions outside
 * x read zeros. The epilogue adds the bias (k elements, one per output
 * channel), then the residual (y's shape), then clamps at zero: the flags
 * below, as kiln's conv2d_bias, conv2d_bias_add and ..._relu kernels ask.
 * The workspace is a block of the step's arena cuDNN may use. Addresses
 * are device pointers. kiln_cuda_conv2d_backprop_filter, below, computes
 * the filter's gradient of the same convolution.
 *
 * As with kiln_cuda_gemm (gemm.h), failures become the step's status
 * through kiln_cuda_take_status(), and the result is complete when the
 * call returns. kiln_cuda_emulated_conv2d takes host addresses and
 * computes the same definition on the CPU (the cuda-emulation target).
 *
 * Plain C; part of the CUDA layer (KilnRuntimeCuda).
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_CUDA_CONV2D_H
#define KILN_RUNTIME_CUDA_CONV2D_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The epilogue argument: a combination of these flags (a residual only
 * with a bias, as kiln's kernels form it). */
typedef enum kiln_conv_epilogue_e {
  KILN_CONV_EPILOGUE_BIAS = 1,
  KILN_CONV_EPILOGUE_RELU = 2,
  KILN_CONV_EPILOGUE_RESIDUAL = 4,
} kiln_conv_epilogue_t;

/* dtype: KILN_DTYPE_F32 or KILN_DTYPE_F64; bias and residual are 0 when
 * the epilogue adds none. */
void kiln_cuda_conv2d(int32_t dtype, int32_t epilogue, int64_t n, int64_t h,
                      int64_t w, int64_t c, int64_t k, int64_t r, int64_t s,
                      int64_t oh, int64_t ow, int64_t pad_h, int64_t pad_w,
                      int64_t stride_h, int64_t stride_w, int64_t dilation_h,
                      int64_t dilation_w, uint64_t x, uint64_t filter,
                      uint64_t bias, uint64_t residual, uint64_t y,
                      uint64_t workspace, uint64_t workspace_bytes);

void kiln_cuda_emulated_conv2d(int32_t dtype, int32_t epilogue, int64_t n,
                               int64_t h, int64_t w, int64_t c, int64_t k,
                               int64_t r, int64_t s, int64_t oh, int64_t ow,
                               int64_t pad_h, int64_t pad_w, int64_t stride_h,
                               int64_t stride_w, int64_t dilation_h,
                               int64_t dilation_w, uint64_t x, uint64_t filter,
                               uint64_t bias, uint64_t residual, uint64_t y,
                               uint64_t workspace, uint64_t workspace_bytes);

/* The filter gradient of the convolution above (TensorFlow's
 * Conv2DBackpropFilter), written in KRSC:
 *
 *   filter_grad[k, r, s, c] = sum over n, oh, ow of
 *       x[n, oh * stride_h + r * dilation_h - pad_h,
 *            ow * stride_w + s * dilation_w - pad_w, c] * dy[n, oh, ow, k]
 *
 * with dy the output's gradient, dense NHWC [n, oh, ow, k]. */
void kiln_cuda_conv2d_backprop_filter(
    int32_t dtype, int64_t n, int64_t h, int64_t w, int64_t c, int64_t k,
    int64_t r, int64_t s, int64_t oh, int64_t ow, int64_t pad_h, int64_t pad_w,
    int64_t stride_h, int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    uint64_t x, uint64_t dy, uint64_t filter_grad, uint64_t workspace,
    uint64_t workspace_bytes);

void kiln_cuda_emulated_conv2d_backprop_filter(
    int32_t dtype, int64_t n, int64_t h, int64_t w, int64_t c, int64_t k,
    int64_t r, int64_t s, int64_t oh, int64_t ow, int64_t pad_h, int64_t pad_w,
    int64_t stride_h, int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    uint64_t x, uint64_t dy, uint64_t filter_grad, uint64_t workspace,
    uint64_t workspace_bytes);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_CUDA_CONV2D_H */
