//===- Conv2D.cpp - convolution as GEMM over image patches ----------------===//
//
// Each output pixel's receptive field, laid out (kh, kw, c), is one row of
// a patch matrix; against the HWIO filter read as a (KH*KW*C) x F matrix,
// the NHWC output is their product. A 1x1 stride-1 convolution needs no
// patches at all: the image is the left operand.
//
// f32 with the packed GEMM builds no patch matrix either (an implicit
// GEMM): along one output row, pixel i's patch restricted to one filter
// row kh is a contiguous stretch of the NHWC input (kw and c adjacent),
// and the next pixel's stretch starts stride * C floats later. So the
// micro-kernel reads an output row's patch rows straight from the image,
// as KH runs per row (KH * KW runs of C for a dilated filter), against the
// filter packed once into 32-column panels. This matters most for small
// channel counts: conv 5x5 over one channel copied 25 single floats per
// patch row, more work than the multiply-adds they fed.
//
// f64, and f32 without AVX-512, build patches for a slice of the output
// rows at a time so the patch matrix stays within the caches.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "MemRefs.h"
#include "PackedGemm.h"
#include "Patches.h"
#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <vector>

namespace kiln::kernels {
namespace {

#ifdef KILN_HAVE_PACKED_SGEMM
/// Output rows per parallel task below which splitting costs more than it
/// saves (each thread reads the whole packed filter).
constexpr int64_t kMinMultiplyAddsPerTask = int64_t(1) << 20;
/// Tasks per thread at most: threads claim the row ranges as they go, so
/// one the VM slows down takes fewer instead of holding the others up.
constexpr int64_t kTasksPerThread = 4;

/// The implicit GEMM above: result = act(conv(in, weights) + bias).
void implicitGemmConv(const float *in, const ConvShape &s,
                      const float *weights, const float *bias, float *result,
                      bool relu) {
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
  struct Free {
    void operator()(float *p) const { std::free(p); }
  };
  const int64_t panelFloats = sgemm::packedPanelsSize(depth, s.filters);
  std::unique_ptr<float[], Free> panels(static_cast<float *>(std::aligned_alloc(
      64, size_t((panelFloats + 15) / 16 * 16) * sizeof(float))));
  sgemm::packPanels(weights, s.filters, depth, s.filters, panels.get());

  // Run r of pixel (n, oh, 0)'s patch row, relative to the input pixel
  // under its window's top-left corner.
  std::vector<int64_t> offsets;
  const int64_t rowFloats = s.width * s.channels;
  if (s.dilationW == 1) {
    for (int64_t kh = 0; kh < s.kernelH; ++kh)
      offsets.push_back(kh * s.dilationH * rowFloats);
  } else {
    for (int64_t kh = 0; kh < s.kernelH; ++kh)
      for (int64_t kw = 0; kw < s.kernelW; ++kw)
        offsets.push_back(kh * s.dilationH * rowFloats +
                          kw * s.dilationW * s.channels);
  }
  const int64_t runLength = depth / int64_t(offsets.size());
  const sgemm::DepthRuns runs{int64_t(offsets.size()), runLength,
                              offsets.data()};

  const int64_t outputRows = s.batch * s.outH;
  const int64_t rowMultiplyAdds = s.outW * s.filters * depth;
  const int64_t tasks = std::clamp<int64_t>(
      outputRows * rowMultiplyAdds / kMinMultiplyAddsPerTask, 1,
      std::min<int64_t>(kTasksPerThread * threadCount(), outputRows));
  parallelFor(tasks, [&](int64_t task) {
    for (int64_t row = outputRows * task / tasks,
                 last = outputRows * (task + 1) / tasks;
         row < last; ++row) {
      const int64_t n = row / s.outH, oh = row % s.outH;
      const float *window = in + (n * s.height + oh * s.strideH) * rowFloats;
      sgemm::multiplyRuns(window, s.strideW * s.channels, runs, panels.get(),
                          bias, result + row * s.outW * s.filters, s.filters,
                          s.outW, s.filters, relu);
    }
  });
}
#endif // KILN_HAVE_PACKED_SGEMM

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
#ifdef KILN_HAVE_PACKED_SGEMM
  } else if constexpr (std::is_same_v<T, float>) {
    implicitGemmConv(in, s, weights, biasData, result,
                     activation == KILN_CPU_ACTIVATION_RELU);
#endif
  } else {
    // Patch slices are independent: threads take whole slices, each with
    // its own patch buffer, and run their GEMMs single-threaded.
    const auto [chunk, chunks, workers] =
        patchSlices(pixels, depth * int64_t(sizeof(T)));
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
