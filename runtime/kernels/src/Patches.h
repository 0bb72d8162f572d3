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
  int64_t batch, height, width, channels;   // padded input
  int64_t kernelH, kernelW, filters;        // HWIO filter
  int64_t outH, outW;
  int64_t strideH, strideW, dilationH, dilationW;
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
  const int64_t rowLength = s.kernelH * s.kernelW * s.channels;
  // With no width dilation a window row is one contiguous run of KW * C
  // input elements: one copy instead of KW (one per element when C = 1).
  const bool contiguousRows = s.dilationW == 1;
  const int64_t run = contiguousRows ? s.kernelW * s.channels : s.channels;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t pixel = firstRow + r;
    int64_t ow = pixel % s.outW, oh = (pixel / s.outW) % s.outH,
            n = pixel / (s.outW * s.outH);
    T *row = patches + r * rowLength;
    for (int64_t kh = 0; kh < s.kernelH; ++kh) {
      int64_t ih = oh * s.strideH + kh * s.dilationH;
      const T *inputRow = input + (n * s.height + ih) * s.width * s.channels;
      for (int64_t kw = 0; kw < (contiguousRows ? 1 : s.kernelW); ++kw) {
        const T *source =
            inputRow + (ow * s.strideW + kw * s.dilationW) * s.channels;
        if (run <= 16) {
          for (int64_t i = 0; i < run; ++i)
            row[i] = source[i];
        } else {
          std::memcpy(row, source, run * sizeof(T));
        }
        row += run;
      }
    }
  }
}

} // namespace kiln::kernels

#endif // KILN_KERNELS_PATCHES_H
