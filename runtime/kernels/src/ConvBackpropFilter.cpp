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

/// Patch rows per slice: about this many bytes of patches at once.
constexpr int64_t kSliceBudgetBytes = 2 << 20;

/// A buffer of at least `count` elements owned by the calling thread,
/// reused by later calls on it.
template <typename T> T *threadScratch(int slot, int64_t count) {
  thread_local std::vector<T> buffers[3];
  std::vector<T> &buffer = buffers[slot];
  if (int64_t(buffer.size()) < count)
    buffer.resize(count);
  return buffer.data();
}

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

  const int64_t pixels = s.batch * s.outH * s.outW;
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
  const bool patchesAreInput = s.kernelH == 1 && s.kernelW == 1 &&
                               s.strideH == 1 && s.strideW == 1 &&
                               s.outH == s.height && s.outW == s.width;
  int64_t budgetRows =
      std::max<int64_t>(64, kSliceBudgetBytes / (depth * int64_t(sizeof(T))));
  int64_t perThread = (pixels + threadCount() - 1) / threadCount();
  int64_t chunk = std::min({pixels, budgetRows, std::max<int64_t>(64, perThread)});
  int64_t chunks = (pixels + chunk - 1) / chunk;
  int64_t workers = std::min<int64_t>(threadCount(), chunks);

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
