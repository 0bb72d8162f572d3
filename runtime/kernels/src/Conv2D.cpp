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

/// Output rows processed together, so that each border column's pixels in
/// them run as one product, in full register tiles.
constexpr int64_t kChunkRows = 56;

/// act(bias) (zeros without a bias; added to what `out` holds when
/// `accumulate`) into `count` pixels `stride` floats apart: the outputs of
/// windows that lie wholly in the padding.
void writeBiasOnly(float *out, int64_t count, int64_t stride, int64_t filters,
                   const float *bias, bool relu, bool accumulate) {
  for (int64_t p = 0; p < count; ++p)
    for (int64_t f = 0; f < filters; ++f) {
      float &value = out[p * stride + f];
      float sum = (accumulate ? value : 0.0f) + (bias ? bias[f] : 0.0f);
      value = relu ? std::max(0.0f, sum) : sum;
    }
}

struct FreeFloats {
  void operator()(float *p) const { std::free(p); }
};
using Panels = std::unique_ptr<float[], FreeFloats>;

/// The depth x filters row-major matrix `b` packed for multiplyRuns.
Panels packedPanels(const float *b, int64_t depth, int64_t filters) {
  const int64_t floats = sgemm::packedPanelsSize(depth, filters);
  Panels panels(static_cast<float *>(
      std::aligned_alloc(64, size_t((floats + 15) / 16 * 16) * sizeof(float))));
  sgemm::packPanels(b, filters, depth, filters, panels.get());
  return panels;
}

/// The filter rows (kh, kw, c) with kw in [kwLo, kwHi), packed for
/// multiplyRuns: the part of the filter a window reads when its columns
/// outside [kwLo, kwHi) lie in the padding.
Panels packFilterColumns(const float *weights, const ConvShape &s, int64_t kwLo,
                         int64_t kwHi) {
  const int64_t rowsPerKh = (kwHi - kwLo) * s.channels;
  std::vector<float> part(s.kernelH * rowsPerKh * s.filters);
  for (int64_t kh = 0; kh < s.kernelH; ++kh)
    std::copy(weights + ((kh * s.kernelW + kwLo) * s.channels) * s.filters,
              weights + ((kh * s.kernelW + kwHi) * s.channels) * s.filters,
              part.data() + kh * rowsPerKh * s.filters);
  return packedPanels(part.data(), s.kernelH * rowsPerKh, s.filters);
}

/// An output column whose windows reach into the left or right padding,
/// and the filter columns they read inside the image.
struct BorderColumn {
  int64_t ow, kwLo, kwHi;
  Panels panels; // filter columns [kwLo, kwHi); null without width dilation
};

/// The implicit GEMM above: result = act(conv(in, weights) + residual +
/// bias), without the residual when it is null (it may be `result`). With
/// padding, a window's filter rows (and, at the left and right borders,
/// its filter columns) that fall in the padding are left out of its depth:
/// their products are zero. Interior pixels run along output rows; the
/// pixels of a border column run down the column, against the filter
/// columns packed for it. With a dilated width, border pixels get patch
/// rows with zeros in the padding instead.
void implicitGemmConv(const float *in, const ConvShape &s, const float *weights,
                      const float *bias, const float *residual, float *result,
                      bool relu) {
  const bool accumulate = residual != nullptr;
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
  Panels panels = packedPanels(weights, depth, s.filters);

  // Run r of a window's patch row, relative to the input pixel under the
  // window's top-left corner (its first filter row inside the image).
  std::vector<int64_t> offsets, filterRowOffsets;
  const int64_t rowFloats = s.width * s.channels;
  const bool wholeRows = s.dilationW == 1;
  const int64_t runsPerFilterRow = wholeRows ? 1 : s.kernelW;
  for (int64_t kh = 0; kh < s.kernelH; ++kh) {
    filterRowOffsets.push_back(kh * s.dilationH * rowFloats);
    for (int64_t kw = 0; kw < runsPerFilterRow; ++kw)
      offsets.push_back(kh * s.dilationH * rowFloats +
                        kw * s.dilationW * s.channels);
  }
  const int64_t runLength = depth / int64_t(offsets.size());

  // Output columns [firstInside, endInside) read no padding column.
  const int64_t firstInside =
      std::min(s.outW, (s.padLeft + s.strideW - 1) / s.strideW);
  const int64_t room = s.width - 1 - (s.kernelW - 1) * s.dilationW + s.padLeft;
  const int64_t endInside = std::max(
      firstInside, room < 0 ? 0 : std::min(s.outW, room / s.strideW + 1));
  std::vector<BorderColumn> borders;
  for (int64_t ow = 0; ow < s.outW; ++ow) {
    if (ow >= firstInside && ow < endInside)
      continue;
    const int64_t left = s.firstColumn(ow);
    BorderColumn border{ow, std::clamp<int64_t>(-left, 0, s.kernelW),
                        std::clamp<int64_t>(s.width - left, 0, s.kernelW),
                        nullptr};
    if (wholeRows && border.kwLo < border.kwHi)
      border.panels = packFilterColumns(weights, s, border.kwLo, border.kwHi);
    borders.push_back(std::move(border));
  }
  const int64_t zeroOffset = 0;
  const sgemm::DepthRuns patchRuns{1, depth, &zeroOffset};

  // Filter rows [lo, hi) of output row `row`'s windows fall inside the
  // image.
  auto filterRows = [&](int64_t row) {
    const int64_t top = s.firstRow(row % s.outH);
    const int64_t lo = top >= 0 ? 0 : (-top + s.dilationH - 1) / s.dilationH;
    const int64_t hi =
        top >= s.height
            ? 0
            : std::min(s.kernelH, (s.height - 1 - top) / s.dilationH + 1);
    return std::make_pair(lo, std::max(lo, hi));
  };
  // The input row under filter row `lo` of output row `row`'s windows.
  auto inputRow = [&](int64_t row, int64_t lo) {
    return in + ((row / s.outH) * s.height + s.firstRow(row % s.outH) +
                 lo * s.dilationH) *
                    rowFloats;
  };

  const int64_t outputRows = s.batch * s.outH;
  const int64_t rowMultiplyAdds = s.outW * s.filters * depth;
  const int64_t tasks = std::clamp<int64_t>(
      outputRows * rowMultiplyAdds / kMinMultiplyAddsPerTask, 1,
      std::min<int64_t>(kTasksPerThread * threadCount(), outputRows));
  const int64_t rowStride = s.outW * s.filters;
  parallelFor(tasks, [&](int64_t task) {
    thread_local std::vector<float> patches;
    const int64_t last = outputRows * (task + 1) / tasks;
    for (int64_t chunk = outputRows * task / tasks; chunk < last;
         chunk += kChunkRows) {
      const int64_t chunkEnd = std::min(chunk + kChunkRows, last);
      for (int64_t row = chunk; row < chunkEnd; ++row) {
        // The whole row (its border pixels too) starts as the residual.
        if (residual && residual != result)
          std::copy(residual + row * rowStride,
                    residual + (row + 1) * rowStride, result + row * rowStride);
        auto [lo, hi] = filterRows(row);
        float *out = result + row * rowStride + firstInside * s.filters;
        const int64_t pixels = endInside - firstInside;
        if (pixels == 0)
          continue;
        if (lo == hi) {
          writeBiasOnly(out, pixels, s.filters, s.filters, bias, relu,
                        accumulate);
          continue;
        }
        const sgemm::DepthRuns inside{(hi - lo) * runsPerFilterRow, runLength,
                                      offsets.data()};
        sgemm::multiplyRuns(
            inputRow(row, lo) + s.firstColumn(firstInside) * s.channels,
            s.strideW * s.channels, inside,
            panels.get() + lo * s.kernelW * s.channels * sgemm::kTileCols,
            depth, bias, out, s.filters, pixels, s.filters, relu, accumulate);
      }
      for (const BorderColumn &border : borders) {
        float *column = result + border.ow * s.filters;
        if (!border.panels) {
          // Patch rows, zeros in the padding (a dilated width, or a window
          // wholly in the padding).
          const int64_t rows = chunkEnd - chunk;
          patches.resize(rows * depth);
          for (int64_t r = 0; r < rows; ++r)
            buildPatches(in, s, (chunk + r) * s.outW + border.ow, 1,
                         patches.data() + r * depth);
          sgemm::multiplyRuns(patches.data(), depth, patchRuns, panels.get(),
                              depth, bias, column + chunk * rowStride,
                              rowStride, rows, s.filters, relu, accumulate);
          continue;
        }
        // Down the column, in runs of rows of one image whose windows
        // keep the same filter rows: consecutive pixels are stride rows
        // of the image apart.
        const int64_t width = border.kwHi - border.kwLo;
        const int64_t columnDepth = s.kernelH * width * s.channels;
        for (int64_t first = chunk; first < chunkEnd;) {
          auto [lo, hi] = filterRows(first);
          int64_t end = first + 1;
          while (end < chunkEnd && end / s.outH == first / s.outH &&
                 filterRows(end) == std::make_pair(lo, hi))
            ++end;
          float *out = column + first * rowStride;
          if (lo == hi) {
            writeBiasOnly(out, end - first, rowStride, s.filters, bias, relu,
                          accumulate);
          } else {
            const sgemm::DepthRuns rows{hi - lo, width * s.channels,
                                        filterRowOffsets.data()};
            sgemm::multiplyRuns(inputRow(first, lo) +
                                    (s.firstColumn(border.ow) + border.kwLo) *
                                        s.channels,
                                s.strideH * rowFloats, rows,
                                border.panels.get() +
                                    lo * width * s.channels * sgemm::kTileCols,
                                columnDepth, bias, out, rowStride, end - first,
                                s.filters, relu, accumulate);
          }
          first = end;
        }
      }
    }
  });
}
#endif // KILN_HAVE_PACKED_SGEMM

/// act(conv(input, filter) + residual + bias); no residual, no bias when
/// null. The residual may be `out` itself.
template <typename T, typename MemRef4D, typename MemRef1D>
void conv2d(const MemRef4D *input, const MemRef4D *filter, const MemRef1D *bias,
            const MemRef4D *residual, const MemRef4D *out, int64_t strideH,
            int64_t strideW, int64_t dilationH, int64_t dilationW,
            int64_t padTop, int64_t padLeft, int32_t activation) {
  ConvShape s{input->sizes[0],  input->sizes[1],  input->sizes[2],
              input->sizes[3],  filter->sizes[0], filter->sizes[1],
              filter->sizes[3], out->sizes[1],    out->sizes[2],
              strideH,          strideW,          dilationH,
              dilationW,        padTop,           padLeft};
  std::vector<T> inputStorage, filterStorage, biasStorage, residualStorage;
  const T *in = contiguous<T>(*input, inputStorage);
  const T *weights = contiguous<T>(*filter, filterStorage);
  const T *biasData = bias ? contiguous<T>(*bias, biasStorage) : nullptr;
  const T *residualData =
      residual ? contiguous<T>(*residual, residualStorage) : nullptr;
  OutputBuffer<T, MemRef4D> output(*out);
  T *result = output.data();

  const int64_t pixels = s.batch * s.outH * s.outW;
  const int64_t depth = s.kernelH * s.kernelW * s.channels;
#ifdef KILN_HAVE_PACKED_SGEMM
  if constexpr (std::is_same_v<T, float>) {
    if (s.kernelH != 1 || s.kernelW != 1 || s.strideH != 1 || s.strideW != 1 ||
        s.padTop != 0 || s.padLeft != 0 || s.outH != s.height ||
        s.outW != s.width) {
      implicitGemmConv(in, s, weights, biasData, residualData, result,
                       activation == KILN_CPU_ACTIVATION_RELU);
      output.commit();
      return;
    }
  }
#endif
  // The other paths add the residual after the product, so they keep a
  // copy of one the product would overwrite, and apply the activation
  // last.
  const int64_t outputSize = pixels * s.filters;
  if (residualData == result) {
    residualStorage.assign(residualData, residualData + outputSize);
    residualData = residualStorage.data();
  }
  const int32_t productActivation =
      residualData ? KILN_CPU_ACTIVATION_NONE : activation;
  if (s.kernelH == 1 && s.kernelW == 1 && s.strideH == 1 && s.strideW == 1 &&
      s.padTop == 0 && s.padLeft == 0 && s.outH == s.height &&
      s.outW == s.width) {
    gemm<T>(in, weights, biasData, result, pixels, depth, s.filters,
            productActivation);
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
                            productActivation);
      }
    });
  }
  if (residualData)
    for (int64_t i = 0; i < outputSize; ++i) {
      T sum = result[i] + residualData[i];
      result[i] =
          activation == KILN_CPU_ACTIVATION_RELU ? std::max(T(0), sum) : sum;
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
                static_cast<const KilnMemRef4xF32 *>(nullptr), out, stride_h,
                stride_w, dilation_h, dilation_w, 0, 0, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_f64(const KilnMemRef4xF64 *input,
                                      const KilnMemRef4xF64 *filter,
                                      const KilnMemRef4xF64 *out,
                                      int64_t stride_h, int64_t stride_w,
                                      int64_t dilation_h, int64_t dilation_w,
                                      int32_t activation) {
  conv2d<double>(input, filter, static_cast<const KilnMemRef1xF64 *>(nullptr),
                 static_cast<const KilnMemRef4xF64 *>(nullptr), out, stride_h,
                 stride_w, dilation_h, dilation_w, 0, 0, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation) {
  conv2d<float>(input, filter, bias,
                static_cast<const KilnMemRef4xF32 *>(nullptr), out, stride_h,
                stride_w, dilation_h, dilation_w, 0, 0, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation) {
  conv2d<double>(input, filter, bias,
                 static_cast<const KilnMemRef4xF64 *>(nullptr), out, stride_h,
                 stride_w, dilation_h, dilation_w, 0, 0, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_padded_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef4xF32 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation) {
  conv2d<float>(input, filter, static_cast<const KilnMemRef1xF32 *>(nullptr),
                static_cast<const KilnMemRef4xF32 *>(nullptr), out, stride_h,
                stride_w, dilation_h, dilation_w, pad_top, pad_left,
                activation);
}

void _mlir_ciface_kiln_cpu_conv2d_padded_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef4xF64 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation) {
  conv2d<double>(input, filter, static_cast<const KilnMemRef1xF64 *>(nullptr),
                 static_cast<const KilnMemRef4xF64 *>(nullptr), out, stride_h,
                 stride_w, dilation_h, dilation_w, pad_top, pad_left,
                 activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_padded_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, int64_t pad_top,
    int64_t pad_left, int32_t activation) {
  conv2d<float>(input, filter, bias,
                static_cast<const KilnMemRef4xF32 *>(nullptr), out, stride_h,
                stride_w, dilation_h, dilation_w, pad_top, pad_left,
                activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_padded_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, int64_t pad_top,
    int64_t pad_left, int32_t activation) {
  conv2d<double>(input, filter, bias,
                 static_cast<const KilnMemRef4xF64 *>(nullptr), out, stride_h,
                 stride_w, dilation_h, dilation_w, pad_top, pad_left,
                 activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_add_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *residual,
    const KilnMemRef4xF32 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation) {
  conv2d<float>(input, filter, bias, residual, out, stride_h, stride_w,
                dilation_h, dilation_w, pad_top, pad_left, activation);
}

void _mlir_ciface_kiln_cpu_conv2d_bias_add_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *residual,
    const KilnMemRef4xF64 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation) {
  conv2d<double>(input, filter, bias, residual, out, stride_h, stride_w,
                 dilation_h, dilation_w, pad_top, pad_left, activation);
}

} // extern "C"
