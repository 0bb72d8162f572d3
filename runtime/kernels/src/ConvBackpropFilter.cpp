//===- ConvBackpropFilter.cpp - filter gradient of a convolution ----------===//
//
// dW[(kh, kw, c), f] = sum over output pixels p of patch[p, (kh, kw, c)] *
// dy[p, f]. Per slice of pixels this is a plain row-major GEMM once the
// slice of dy (rows x F, the narrow operand) is transposed: dW^T (F x D) +=
// dy^T * patches. Threads take slices, each accumulating a private F x D
// partial (small next to the patches); the partials are summed and
// transposed into HWIO order at the end. Scratch buffers are per thread and
// kept across calls, so a training loop does not fault fresh pages in at
// every step.
//
// f32 with the packed GEMM builds no patches and transposes nothing: for
// one filter row kh, dW[kh] read as a (KW * C) x F matrix is the sum over
// output pixels of (the pixel's window row kh, KW * C contiguous floats of
// the image) times (the pixel's row of dy). The micro-kernel broadcasts
// the image's floats where they lie (consecutive pixels of an output row
// are stride * C floats apart) and streams dy's rows, accumulating into a
// per-thread dW in HWIO order; threads take slices of output rows.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "MemRefs.h"
#include "PackedGemm.h"
#include "Patches.h"
#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <atomic>
#include <type_traits>
#include <vector>

namespace kiln::kernels {
namespace {

/// A buffer of at least `count` elements owned by the calling thread,
/// reused by later calls on it.
template <typename T> T *threadScratch(int slot, int64_t count) {
  thread_local std::vector<T> buffers[3];
  std::vector<T> &buffer = buffers[slot];
  if (int64_t(buffer.size()) < count)
    buffer.resize(count);
  return buffer.data();
}

#ifdef KILN_HAVE_PACKED_SGEMM
/// Bytes of dy per slice of output rows: with the image rows under them,
/// a slice stays in L2 while every filter row's product reads it.
constexpr int64_t kImplicitSliceBytes = 256 << 10;

/// The implicit filter gradient above; `result` is HWIO, contiguous.
void implicitFilterGradient(const float *in, const float *dy,
                            const ConvShape &s, float *result) {
  // One window row is KW * C contiguous floats when the filter is not
  // dilated along the width; else each (kh, kw) is its own run of C.
  const bool wholeRows = s.dilationW == 1;
  const int64_t rowsOfA = wholeRows ? s.kernelW * s.channels : s.channels;
  const int64_t positions = wholeRows ? s.kernelH : s.kernelH * s.kernelW;
  const int64_t outputRows = s.batch * s.outH;
  const int64_t filterSize = s.kernelH * s.kernelW * s.channels * s.filters;
  if (outputRows == 0 || s.outW == 0 || filterSize == 0) {
    std::fill(result, result + filterSize, 0.0f);
    return;
  }
  auto ceilDiv = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
  const int64_t budgetRows = std::max<int64_t>(
      1, kImplicitSliceBytes / (s.outW * s.filters * int64_t(sizeof(float))));
  const int64_t wanted = ceilDiv(outputRows, budgetRows);
  const int64_t workers = std::min<int64_t>(threadCount(), wanted);
  // A multiple of the thread count of slices, so equal threads finish
  // together (13 slices on 2 threads left one idle for a slice).
  const int64_t sliceRows =
      ceilDiv(outputRows, ceilDiv(wanted, workers) * workers);
  const int64_t slices = ceilDiv(outputRows, sliceRows);
  const int64_t rowFloats = s.width * s.channels;

  std::vector<float> partials(std::max<int64_t>(0, workers - 1) * filterSize);
  // Workers claim slices as they go: a thread the VM slows down then
  // takes fewer slices instead of holding the others up.
  std::atomic<int64_t> nextSlice{0};
  parallelFor(workers, [&](int64_t worker) {
    float *partial =
        worker == 0 ? result : partials.data() + (worker - 1) * filterSize;
    std::vector<int64_t> offsets(sliceRows);
    bool written = false;
    for (int64_t slice = nextSlice.fetch_add(1); slice < slices;
         slice = nextSlice.fetch_add(1)) {
      const int64_t first = slice * sliceRows,
                    rows = std::min(sliceRows, outputRows - first);
      for (int64_t r = 0; r < rows; ++r) {
        const int64_t n = (first + r) / s.outH, oh = (first + r) % s.outH;
        offsets[r] = (n * s.height + oh * s.strideH) * rowFloats;
      }
      const sgemm::DepthRuns runs{rows, s.outW, offsets.data(),
                                  s.strideW * s.channels};
      const float *dyRows = dy + first * s.outW * s.filters;
      for (int64_t position = 0; position < positions; ++position) {
        const int64_t kh = wholeRows ? position : position / s.kernelW;
        const int64_t kw = wholeRows ? 0 : position % s.kernelW;
        const float *window =
            in + kh * s.dilationH * rowFloats + kw * s.dilationW * s.channels;
        sgemm::accumulateRuns(window, 1, runs, dyRows, s.filters,
                              partial + position * rowsOfA * s.filters,
                              s.filters, rowsOfA, s.filters, written);
      }
      written = true;
    }
    if (!written)
      std::fill(partial, partial + filterSize, 0.0f);
  });
  for (int64_t worker = 1; worker < workers; ++worker) {
    const float *partial = partials.data() + (worker - 1) * filterSize;
    for (int64_t i = 0; i < filterSize; ++i)
      result[i] += partial[i];
  }
}
#endif // KILN_HAVE_PACKED_SGEMM

template <typename T, typename MemRef4D>
void conv2dBackpropFilter(const MemRef4D *input, const MemRef4D *outBackprop,
                          const MemRef4D *filterBackprop, int64_t strideH,
                          int64_t strideW, int64_t dilationH,
                          int64_t dilationW) {
  ConvShape s{input->sizes[0],          input->sizes[1],
              input->sizes[2],          input->sizes[3],
              filterBackprop->sizes[0], filterBackprop->sizes[1],
              filterBackprop->sizes[3], outBackprop->sizes[1],
              outBackprop->sizes[2],    strideH,
              strideW,                  dilationH,
              dilationW};
  std::vector<T> inputStorage, dyStorage;
  const T *in = contiguous<T>(*input, inputStorage);
  const T *dy = contiguous<T>(*outBackprop, dyStorage);
  OutputBuffer<T, MemRef4D> output(*filterBackprop);
#ifdef KILN_HAVE_PACKED_SGEMM
  if constexpr (std::is_same_v<T, float>) {
    implicitFilterGradient(in, dy, s, output.data());
    output.commit();
    return;
  }
#endif

  const int64_t pixels = s.batch * s.outH * s.outW;
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
  const bool patchesAreInput = s.kernelH == 1 && s.kernelW == 1 &&
                               s.strideH == 1 && s.strideW == 1 &&
                               s.outH == s.height && s.outW == s.width;
  const auto [chunk, chunks, workers] =
      patchSlices(pixels, depth * int64_t(sizeof(T)));

  // Per worker: the F x D partial, then the same again as the slice's
  // product before it is added in.
  std::vector<T> partials(workers * s.filters * depth, T(0));
  parallelFor(workers, [&](int64_t worker) {
    T *patches = patchesAreInput ? nullptr : threadScratch<T>(0, chunk * depth);
    T *dyT = threadScratch<T>(1, chunk * s.filters);
    T *product = threadScratch<T>(2, s.filters * depth);
    T *partial = partials.data() + worker * s.filters * depth;
    for (int64_t c = worker; c < chunks; c += workers) {
      int64_t first = c * chunk, rows = std::min(chunk, pixels - first);
      const T *rowsOfPatches = in + first * depth;
      if (!patchesAreInput) {
        buildPatches(in, s, first, rows, patches);
        rowsOfPatches = patches;
      }
      const T *dyRows = dy + first * s.filters;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t f = 0; f < s.filters; ++f)
          dyT[f * rows + r] = dyRows[r * s.filters + f];
      gemmOnThisThread<T>(dyT, rowsOfPatches, nullptr, product, s.filters, rows,
                          depth, KILN_CPU_ACTIVATION_NONE);
      for (int64_t i = 0; i < s.filters * depth; ++i)
        partial[i] += product[i];
    }
  });
  T *result = output.data();
  for (int64_t d = 0; d < depth; ++d)
    for (int64_t f = 0; f < s.filters; ++f) {
      T sum = T(0);
      for (int64_t worker = 0; worker < workers; ++worker)
        sum += partials[(worker * s.filters + f) * depth + d];
      result[d * s.filters + f] = sum;
    }
  output.commit();
}

} // namespace
} // namespace kiln::kernels

using kiln::kernels::conv2dBackpropFilter;

extern "C" {

void _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *out_backprop,
    const KilnMemRef4xF32 *filter_backprop, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w) {
  conv2dBackpropFilter<float>(input, out_backprop, filter_backprop, stride_h,
                              stride_w, dilation_h, dilation_w);
}

void _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *out_backprop,
    const KilnMemRef4xF64 *filter_backprop, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w) {
  conv2dBackpropFilter<double>(input, out_backprop, filter_backprop, stride_h,
                               stride_w, dilation_h, dilation_w);
}

} // extern "C"
