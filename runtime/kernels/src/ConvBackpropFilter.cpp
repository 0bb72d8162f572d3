//===- ConvBackpropFilter.cpp - filter gradient of a convolution ----------===//
//
// dW[(kh, kw, c), f] = sum over output pixels p of patch[p, (kh, kw, c)] *
// dy[p, f]: the transposed patch matrix times the output gradient, which
// lands directly in HWIO order. Threads take slices of the pixels, each
// accumulating a private D x F partial (small next to the patches), and
// the partials are summed at the end.
//
//===----------------------------------------------------------------------===//

#include "MemRefs.h"
#include "Patches.h"
#include "ThreadPool.h"

#include <unsupported/Eigen/CXX11/Tensor>

#include "kiln/kernels/cpu_kernels.h"

#include <algorithm>
#include <vector>

namespace kiln::kernels {
namespace {

/// Patch rows per slice: about this many bytes of patches at once.
constexpr int64_t kSliceBudgetBytes = 1 << 20;

template <typename T>
using RowMajorMatrix =
    Eigen::TensorMap<Eigen::Tensor<T, 2, Eigen::RowMajor, Eigen::Index>>;

/// partial (D x F) += patches(rows x D)^T * dy(rows x F).
template <typename T>
void accumulateTransposedProduct(const T *patches, const T *dy, T *partial,
                                 int64_t rows, int64_t depth, int64_t filters) {
  RowMajorMatrix<const T> lhs(patches, rows, depth), rhs(dy, rows, filters);
  RowMajorMatrix<T> acc(partial, depth, filters);
  Eigen::array<Eigen::IndexPair<Eigen::Index>, 1> overPixels{
      Eigen::IndexPair<Eigen::Index>(0, 0)};
  acc += lhs.contract(rhs, overPixels);
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

  std::vector<std::vector<T>> partials(workers,
                                       std::vector<T>(depth * s.filters, T(0)));
  parallelFor(workers, [&](int64_t worker) {
    std::vector<T> patches(patchesAreInput ? 0 : chunk * depth);
    for (int64_t c = worker; c < chunks; c += workers) {
      int64_t first = c * chunk, rows = std::min(chunk, pixels - first);
      const T *rowsOfPatches = in + first * depth;
      if (!patchesAreInput) {
        buildPatches(in, s, first, rows, patches.data());
        rowsOfPatches = patches.data();
      }
      accumulateTransposedProduct(rowsOfPatches, dy + first * s.filters,
                                  partials[worker].data(), rows, depth,
                                  s.filters);
    }
  });
  T *result = output.data();
  std::copy(partials[0].begin(), partials[0].end(), result);
  for (int64_t worker = 1; worker < workers; ++worker)
    for (int64_t i = 0; i < depth * s.filters; ++i)
      result[i] += partials[worker][i];
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
