//===- Patches.h - image patch rows of a convolution ------------*- C++ -*-===//
//
// Each output pixel's receptive field, laid out (kh, kw, c), is one row of
// a patch matrix. The forward convolution multiplies it by the filter; the
// filter gradient multiplies its transpose by the output gradient.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_KERNELS_PATCHES_H
#define KILN_KERNELS_PATCHES_H

#include "ThreadPool.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace kiln::kernels {

struct ConvShape {
  int64_t batch, height, width, channels;   // input
  int64_t kernelH, kernelW, filters;        // HWIO filter
  int64_t outH, outW;
  int64_t strideH, strideW, dilationH, dilationW;
  /// Zeros around the input: window row 0 of output row 0 reads input row
  /// -padTop. Whatever a window reads outside the input (the bottom and
  /// right padding too) is zero.
  int64_t padTop = 0, padLeft = 0;

  /// The first input row (column) under output row oh's (column ow's)
  /// window; negative in the padding.
  int64_t firstRow(int64_t oh) const { return oh * strideH - padTop; }
  int64_t firstColumn(int64_t ow) const { return ow * strideW - padLeft; }
};

/// Patch rows cut into slices of about 2 MiB of patches (so a slice stays
/// in the caches while its GEMM reads it), enough of them for every thread.
struct PatchSlices {
  int64_t rows, count, workers; // rows per slice, slices, threads to use
};

inline PatchSlices patchSlices(int64_t pixels, int64_t rowBytes) {
  constexpr int64_t kBudgetBytes = 2 << 20;
  const int64_t budgetRows = std::max<int64_t>(64, kBudgetBytes / rowBytes);
  const int64_t perThread = (pixels + threadCount() - 1) / threadCount();
  const int64_t rows =
      std::min({pixels, budgetRows, std::max<int64_t>(64, perThread)});
  const int64_t count = (pixels + rows - 1) / rows;
  return {rows, count, std::min<int64_t>(threadCount(), count)};
}

template <typename T>
void buildPatches(const T *input, const ConvShape &s, int64_t firstRow,
                  int64_t rows, T *patches) {
  const int64_t C = s.channels;
  const int64_t windowRow = s.kernelW * C;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t pixel = firstRow + r;
    int64_t ow = pixel % s.outW, oh = (pixel / s.outW) % s.outH,
            n = pixel / (s.outW * s.outH);
    T *row = patches + r * s.kernelH * windowRow;
    const int64_t iw0 = s.firstColumn(ow);
    for (int64_t kh = 0; kh < s.kernelH; ++kh, row += windowRow) {
      const int64_t ih = s.firstRow(oh) + kh * s.dilationH;
      if (ih < 0 || ih >= s.height) {
        std::fill(row, row + windowRow, T(0));
        continue;
      }
      const T *inputRow = input + (n * s.height + ih) * s.width * C;
      // With no width dilation a window row is one contiguous run of KW * C
      // input elements (its part inside the image when the window reaches
      // into the padding): one copy instead of KW (one per element when
      // C = 1).
      if (s.dilationW == 1) {
        // Elements [first, end) of the window row lie in the image.
        const int64_t first = std::clamp<int64_t>(-iw0, 0, s.kernelW) * C;
        const int64_t end =
            std::clamp<int64_t>(s.width - iw0, 0, s.kernelW) * C;
        std::fill(row, row + first, T(0));
        if (end > first) {
          const T *source = inputRow + iw0 * C + first;
          if (end - first <= 16) {
            for (int64_t i = 0; i < end - first; ++i)
              row[first + i] = source[i];
          } else {
            std::memcpy(row + first, source, (end - first) * sizeof(T));
          }
        }
        std::fill(row + std::max(first, end), row + windowRow, T(0));
        continue;
      }
      for (int64_t kw = 0; kw < s.kernelW; ++kw) {
        const int64_t iw = iw0 + kw * s.dilationW;
        T *out = row + kw * C;
        if (iw < 0 || iw >= s.width)
          std::fill(out, out + C, T(0));
        else
          std::copy(inputRow + iw * C, inputRow + (iw + 1) * C, out);
      }
    }
  }
}

} // namespace kiln::kernels

#endif // KILN_KERNELS_PATCHES_H
