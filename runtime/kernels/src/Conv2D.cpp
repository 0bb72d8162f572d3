//===- Conv2D.cpp - convolution as GEMM over image patches ----------------===//
//
// Each output pixel's receptive field, laid out (kh, kw, c), is one row of
// a patch matrix; against the HWIO filter read as a (KH*KW*C) x F matrix,
// the NHWC output is their product. Patches are built for a slice of the
// output rows at a time so the patch matrix stays within the caches; a
// 1x1 stride-1 convolution needs no patches at all.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "MemRefs.h"
#include "Patches.h"
#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <vector>

namespace kiln::kernels {
namespace {

/// Patch matrix rows per GEMM: about this many bytes of patches at once.
constexpr int64_t kPatchBudgetBytes = 2 << 20;

template <typename T, typename MemRef4D, typename MemRef1D>
void conv2d(const MemRef4D *input, const MemRef4D *filter, const MemRef1D *bias,
            const MemRef4D *out, int64_t strideH, int64_t strideW,
            int64_t dilationH, int64_t dilationW, int32_t activation) {
  ConvShape s{input->sizes[0],  input->sizes[1],  input->sizes[2],
              input->sizes[3],  filter->sizes[0], filter->sizes[1],
              filter->sizes[3], out->sizes[1],    out->sizes[2],
              strideH,          strideW,          dilationH,
              dilationW};
  std::vector<T> inputStorage, filterStorage, biasStorage;
  const T *in = contiguous<T>(*input, inputStorage);
  const T *weights = contiguous<T>(*filter, filterStorage);
  const T *biasData = bias ? contiguous<T>(*bias, biasStorage) : nullptr;
  OutputBuffer<T, MemRef4D> output(*out);
  T *result = output.data();

  const int64_t pixels = s.batch * s.outH * s.outW;
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
  if (s.kernelH == 1 && s.kernelW == 1 && s.strideH == 1 && s.strideW == 1 &&
      s.outH == s.height && s.outW == s.width) {
    gemm<T>(in, weights, biasData, result, pixels, depth, s.filters, activation);
  } else {
    // Patch slices are independent: threads take whole slices, each with
    // its own patch buffer, and run their GEMMs single-threaded.
    int64_t budgetRows =
        std::max<int64_t>(64, kPatchBudgetBytes / (depth * int64_t(sizeof(T))));
    int64_t perThread = (pixels + threadCount() - 1) / threadCount();
    int64_t chunk = std::min({pixels, budgetRows, std::max<int64_t>(64, perThread)});
    int64_t chunks = (pixels + chunk - 1) / chunk;
    int64_t workers = std::min<int64_t>(threadCount(), chunks);
    parallelFor(workers, [&](int64_t worker) {
      std::vector<T> patches(chunk * depth);
      for (int64_t c = worker; c < chunks; c += workers) {
        int64_t first = c * chunk, rows = std::min(chunk, pixels - first);
        buildPatches(in, s, first, rows, patches.data());
        gemmOnThisThread<T>(patches.data(), weights, biasData,
                            result + first * s.filters, rows, depth, s.filters,
                            activation);
      }
    });
  }
  output.commit();
}

} // namespace
} // namespace kiln::kernels

using kiln::kernels::conv2d;

extern "C" {

void _mlir_ciface_kiln_cpu_conv2d_f32(const KilnMemRef4xF32 *input,
                                      const KilnMemRef4xF32 *filter,
                                      const KilnMemRef4xF32 *out,
                                      int64_t stride_h, int64_t stride_w,
                                      int64_t dilation_h, int64_t dilation_w,
                                      int32_t activation) {
  conv2d<float>(input, filter, static_cast<const KilnMemRef1xF32 *>(nullptr),
                out, stride_h, stride_w, dilation_h, dilation_w, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_f64(const KilnMemRef4xF64 *input,
                                      const KilnMemRef4xF64 *filter,
                                      const KilnMemRef4xF64 *out,
                                      int64_t stride_h, int64_t stride_w,
                                      int64_t dilation_h, int64_t dilation_w,
                                      int32_t activation) {
  conv2d<double>(input, filter, static_cast<const KilnMemRef1xF64 *>(nullptr),
                 out, stride_h, stride_w, dilation_h, dilation_w, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation) {
  conv2d<float>(input, filter, bias, out, stride_h, stride_w, dilation_h,
                dilation_w, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation) {
  conv2d<double>(input, filter, bias, out, stride_h, stride_w, dilation_h,
                 dilation_w, activation);
}

} // extern "C"
