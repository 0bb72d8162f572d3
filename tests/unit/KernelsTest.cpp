//===- KernelsTest.cpp - the CPU kernels against float64 references -------===//
//
// The GEMM core and the convolution kernels (forward and filter gradient)
// on shapes that reach every edge of the packed GEMM (1 row, 1 column,
// depth 1, partial register tiles, several cache blocks of rows, columns
// and depth, leading dimensions that force or skip packing), with and
// without bias and relu, and the per-caller thread limit steps set.
// kernels.test
// runs this binary on 1, 2 and 3 threads, so the row and column bands of
// the threaded split are covered too.
//
// An element passes when |got - want| <= 1e-5 * (|bias| + sum |a * b|):
// float32 accumulation over k terms is exact to about k * 2^-24 of the
// magnitudes summed, and 1e-5 leaves room for k up to a few hundred
// thousand.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"
#include "PackedGemm.h"
#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <chrono>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

using namespace kiln::kernels;

namespace {

constexpr double kTolerance = 1e-5;

struct GemmCase {
  int64_t m, k, n;
};

std::vector<float> randomValues(int64_t count, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> values(count);
  for (float &v : values)
    v = uniform(rng);
  return values;
}

/// The product a * b in float64, and the magnitude sum |a * b| of each
/// element's terms.
template <typename T> struct Reference {
  std::vector<double> sum, magnitude;

  Reference(const std::vector<T> &a, const std::vector<T> &b, int64_t m,
            int64_t k, int64_t n)
      : sum(m * n), magnitude(m * n) {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < k; ++p)
        for (int64_t j = 0; j < n; ++j) {
          double term = double(a[i * k + p]) * double(b[p * n + j]);
          sum[i * n + j] += term;
          magnitude[i * n + j] += std::fabs(term);
        }
  }

  /// Worst |got - want| / (|bias| + sum |a * b|); infinity where got and
  /// want disagree on NaN.
  double worstError(const T *bias, bool relu, const std::vector<T> &got,
                    int64_t n) const {
    double worst = 0;
    for (size_t e = 0; e < sum.size(); ++e) {
      double biasValue = bias ? double(bias[e % n]) : 0.0;
      double want = sum[e] + biasValue;
      if (relu)
        want = std::max(want, 0.0);
      double scale = std::max(magnitude[e] + std::fabs(biasValue),
                              std::numeric_limits<double>::min());
      double error = std::fabs(double(got[e]) - want) / scale;
      if (std::isnan(got[e]) != std::isnan(want))
        error = std::numeric_limits<double>::infinity();
      worst = std::max(worst, error);
    }
    return worst;
  }
};

/// Zeroed, 64-byte aligned storage for a constant b's panels, as the
/// compiler emits it.
struct ConstantPanels {
  int64_t floats;
  std::vector<float> storage;
  int32_t state = 0;

  ConstantPanels(int64_t k, int64_t n, int64_t extraFloats = 0)
      : floats(kiln_cpu_packed_panels_size(k, n) + extraFloats),
        storage(floats + 16, 0.0f) {}
  float *data() {
    auto address = reinterpret_cast<uintptr_t>(storage.data());
    return storage.data() + (64 - address % 64) % 64 / sizeof(float);
  }
};

class GemmTest : public testing::TestWithParam<GemmCase> {};

TEST_P(GemmTest, MatchesFloat64Reference) {
  const auto [m, k, n] = GetParam();
  std::mt19937 rng(m * 1000003 + k * 1009 + n);
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng),
                     bias = randomValues(n, rng);
  Reference<float> reference(a, b, m, k, n);
  for (bool withBias : {false, true})
    for (bool relu : {false, true}) {
      int32_t activation =
          relu ? KILN_CPU_ACTIVATION_RELU : KILN_CPU_ACTIVATION_NONE;
      const float *biasData = withBias ? bias.data() : nullptr;
      // NaN fill: every element must be written.
      std::vector<float> threaded(m * n, NAN), single(m * n, NAN);
      gemm<float>(a.data(), b.data(), biasData, threaded.data(), m, k, n,
                  activation);
      gemmOnThisThread<float>(a.data(), b.data(), biasData, single.data(), m,
                              k, n, activation);
      EXPECT_LE(reference.worstError(biasData, relu, threaded, n), kTolerance)
          << "gemm " << m << "x" << k << "x" << n << " bias " << withBias
          << " relu " << relu;
      EXPECT_LE(reference.worstError(biasData, relu, single, n), kTolerance)
          << "gemmOnThisThread " << m << "x" << k << "x" << n << " bias "
          << withBias << " relu " << relu;
      // A constant b: the first call packs it, the second reads the copy.
      ConstantPanels panels(k, n);
      for (int call = 0; call < 2; ++call) {
        std::vector<float> out(m * n, NAN);
        gemmConstantB(a.data(), b.data(), biasData, out.data(), m, k, n,
                      activation, panels.data(), panels.floats, &panels.state);
        EXPECT_LE(reference.worstError(biasData, relu, out, n), kTolerance)
            << "gemmConstantB call " << call << " " << m << "x" << k << "x"
            << n << " bias " << withBias << " relu " << relu;
      }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GemmTest,
    testing::Values(
        // The shapes of the issue: MLP layers at batch 1, 37 and 256.
        GemmCase{1, 1, 1}, GemmCase{1, 784, 200}, GemmCase{37, 784, 200},
        GemmCase{256, 784, 200}, GemmCase{13, 17, 19}, GemmCase{100, 200, 10},
        // Partial register tiles in every direction, tiny depths.
        GemmCase{1, 5, 1}, GemmCase{2, 1, 3}, GemmCase{11, 3, 15},
        GemmCase{12, 8, 16}, GemmCase{12, 8, 32}, GemmCase{25, 9, 33},
        GemmCase{7, 31, 47}, GemmCase{300, 1, 45},
        // Several blocks of depth, rows and columns; leading dimensions
        // that are multiples of 1 KiB and 4 KiB (packed a, packed b).
        GemmCase{37, 1300, 70}, GemmCase{1000, 64, 40}, GemmCase{9, 20, 4200},
        // Depth blocks of unequal size (534 + 534 + 533), b packed or not.
        GemmCase{37, 1601, 70}, GemmCase{150, 1601, 70},
        GemmCase{50, 1024, 1024}, GemmCase{130, 300, 1024},
        GemmCase{97, 256, 300}, GemmCase{520, 600, 129},
        // Convolution-like: deep and thin.
        GemmCase{3000, 25, 32}, GemmCase{800, 800, 64}));

TEST(GemmEdges, ZeroDepthIsBiasAndActivation) {
  const float bias[] = {-1.5f, 0.0f, 2.5f};
  std::vector<float> out(2 * 3, NAN);
  gemm<float>(nullptr, nullptr, bias, out.data(), 2, 0, 3,
              KILN_CPU_ACTIVATION_RELU);
  EXPECT_EQ(out, (std::vector<float>{0, 0, 2.5f, 0, 0, 2.5f}));
}

TEST(GemmEdges, ReluKeepsNaN) {
  // One NaN in a row of a: that row of the result is NaN, relu or not.
  std::mt19937 rng(3);
  const int64_t m = 20, k = 40, n = 50;
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng);
  a[5 * k + 7] = NAN;
  std::vector<float> out(m * n);
  gemm<float>(a.data(), b.data(), nullptr, out.data(), m, k, n,
              KILN_CPU_ACTIVATION_RELU);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      EXPECT_EQ(std::isnan(out[i * n + j]), i == 5) << i << ", " << j;
}

#ifdef KILN_HAVE_PACKED_SGEMM
// Once packed, the panels are what the kernel reads: a b of NaNs in the
// same place then changes nothing (one or two rows read b itself).
TEST(GemmConstantB, LaterCallsReadThePackedCopy) {
  std::mt19937 rng(11);
  const int64_t m = 70, k = 90, n = 45;
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng);
  Reference<float> reference(a, b, m, k, n);
  ConstantPanels panels(k, n);
  std::vector<float> out(m * n, NAN);
  gemmConstantB(a.data(), b.data(), nullptr, out.data(), m, k, n,
                KILN_CPU_ACTIVATION_NONE, panels.data(), panels.floats,
                &panels.state);
  EXPECT_EQ(panels.state, 2);
  std::vector<float> nans(k * n, NAN);
  std::fill(out.begin(), out.end(), NAN);
  gemmConstantB(a.data(), nans.data(), nullptr, out.data(), m, k, n,
                KILN_CPU_ACTIVATION_NONE, panels.data(), panels.floats,
                &panels.state);
  EXPECT_LE(reference.worstError(nullptr, false, out, n), kTolerance);
}

// Calls racing to make the first call all get the right product, whichever
// of them packs.
TEST(GemmConstantB, RacingFirstCalls) {
  std::mt19937 rng(17);
  const int64_t m = 60, k = 300, n = 90;
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng);
  Reference<float> reference(a, b, m, k, n);
  for (int attempt = 0; attempt < 20; ++attempt) {
    ConstantPanels panels(k, n);
    std::vector<std::vector<float>> outs(3, std::vector<float>(m * n, NAN));
    std::vector<std::thread> callers;
    for (std::vector<float> &out : outs)
      callers.emplace_back([&] {
        gemmConstantB(a.data(), b.data(), nullptr, out.data(), m, k, n,
                      KILN_CPU_ACTIVATION_NONE, panels.data(), panels.floats,
                      &panels.state);
      });
    for (std::thread &caller : callers)
      caller.join();
    EXPECT_EQ(panels.state, 2);
    for (const std::vector<float> &out : outs)
      EXPECT_LE(reference.worstError(nullptr, false, out, n), kTolerance)
          << "attempt " << attempt;
  }
}

// Storage that is too small or misaligned, or a copy another call is
// still writing, is left alone: the call packs b for itself.
TEST(GemmConstantB, UnusableStorageIsNotTouched) {
  std::mt19937 rng(13);
  const int64_t m = 40, k = 33, n = 70;
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng);
  Reference<float> reference(a, b, m, k, n);
  struct Variant {
    const char *name;
    int64_t floatsDelta, misalignFloats;
    int32_t state;
  };
  for (Variant variant : {Variant{"too small", -1, 0, 0},
                          Variant{"misaligned", 1, 1, 0},
                          Variant{"being packed", 0, 0, 1}}) {
    ConstantPanels panels(k, n, 1);
    panels.state = variant.state;
    float *storage = panels.data() + variant.misalignFloats;
    const int64_t floats = kiln_cpu_packed_panels_size(k, n) +
                           variant.floatsDelta - variant.misalignFloats;
    std::vector<float> out(m * n, NAN);
    gemmConstantB(a.data(), b.data(), nullptr, out.data(), m, k, n,
                  KILN_CPU_ACTIVATION_NONE, storage, floats, &panels.state);
    EXPECT_LE(reference.worstError(nullptr, false, out, n), kTolerance)
        << variant.name;
    EXPECT_EQ(panels.state, variant.state) << variant.name;
    EXPECT_TRUE(std::all_of(panels.storage.begin(), panels.storage.end(),
                            [](float v) { return v == 0.0f; }))
        << variant.name;
  }
}
#endif // KILN_HAVE_PACKED_SGEMM

TEST(GemmEdges, DoubleMatchesReference) {
  std::mt19937 rng(5);
  const int64_t m = 45, k = 70, n = 33;
  std::vector<double> a(m * k), b(k * n), bias(n);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (auto *values : {&a, &b, &bias})
    for (double &v : *values)
      v = uniform(rng);
  std::vector<double> out(m * n);
  gemm<double>(a.data(), b.data(), bias.data(), out.data(), m, k, n,
               KILN_CPU_ACTIVATION_RELU);
  EXPECT_LE(Reference<double>(a, b, m, k, n).worstError(bias.data(), true, out, n),
            1e-12);
}

//===----------------------------------------------------------------------===//
// Convolution, through the C entry points the compiled steps call.
//===----------------------------------------------------------------------===//

struct ConvCase {
  int64_t batch, height, width, channels; // padded input
  int64_t kernelH, kernelW, filters;
  int64_t strideH, strideW, dilationH, dilationW;

  int64_t inputSize() const { return batch * height * width * channels; }
  int64_t filterSize() const { return kernelH * kernelW * channels * filters; }
  int64_t outH() const {
    return (height - (kernelH - 1) * dilationH - 1) / strideH + 1;
  }
  int64_t outW() const {
    return (width - (kernelW - 1) * dilationW - 1) / strideW + 1;
  }
  /// Where output pixel (n, oh, ow)'s window element (kh, kw, c) lies in
  /// the NHWC input.
  int64_t inputIndex(int64_t n, int64_t oh, int64_t ow, int64_t kh,
                     int64_t kw, int64_t c) const {
    int64_t ih = oh * strideH + kh * dilationH;
    int64_t iw = ow * strideW + kw * dilationW;
    return ((n * height + ih) * width + iw) * channels + c;
  }
};

KilnMemRef4xF32 memref4(float *data, int64_t d0, int64_t d1, int64_t d2,
                        int64_t d3) {
  return {data, data, 0, {d0, d1, d2, d3}, {d1 * d2 * d3, d2 * d3, d3, 1}};
}

/// A convolution's random input, filter and bias, and their memrefs.
struct ConvOperands {
  ConvOperands(const ConvCase &s, std::mt19937 &rng)
      : input(randomValues(s.inputSize(), rng)),
        filter(randomValues(s.filterSize(), rng)),
        bias(randomValues(s.filters, rng)),
        inputRef(memref4(input.data(), s.batch, s.height, s.width, s.channels)),
        filterRef(memref4(filter.data(), s.kernelH, s.kernelW, s.channels,
                          s.filters)),
        biasRef{bias.data(), bias.data(), 0, {s.filters}, {1}} {}
  std::vector<float> input, filter, bias;
  KilnMemRef4xF32 inputRef, filterRef;
  KilnMemRef1xF32 biasRef;
};

class ConvTest : public testing::TestWithParam<ConvCase> {};

TEST_P(ConvTest, MatchesFloat64Reference) {
  const ConvCase s = GetParam();
  const int64_t outH = s.outH(), outW = s.outW();
  std::mt19937 rng(s.channels * 31 + s.filters);
  ConvOperands operands(s, rng);
  auto &[input, filter, bias, inputRef, filterRef, biasRef] = operands;

  for (bool withBias : {false, true})
    for (bool relu : {false, true}) {
      std::vector<float> out(s.batch * outH * outW * s.filters, NAN);
      KilnMemRef4xF32 outRef = memref4(out.data(), s.batch, outH, outW, s.filters);
      int32_t activation =
          relu ? KILN_CPU_ACTIVATION_RELU : KILN_CPU_ACTIVATION_NONE;
      if (withBias)
        _mlir_ciface_kiln_cpu_conv2d_bias_f32(
            &inputRef, &filterRef, &biasRef, &outRef, s.strideH, s.strideW,
            s.dilationH, s.dilationW, activation);
      else
        _mlir_ciface_kiln_cpu_conv2d_f32(&inputRef, &filterRef, &outRef,
                                         s.strideH, s.strideW, s.dilationH,
                                         s.dilationW, activation);
      double worst = 0;
      for (int64_t n = 0; n < s.batch; ++n)
        for (int64_t oh = 0; oh < outH; ++oh)
          for (int64_t ow = 0; ow < outW; ++ow)
            for (int64_t f = 0; f < s.filters; ++f) {
              double want = withBias ? double(bias[f]) : 0.0;
              double magnitude = std::fabs(want);
              for (int64_t kh = 0; kh < s.kernelH; ++kh)
                for (int64_t kw = 0; kw < s.kernelW; ++kw)
                  for (int64_t c = 0; c < s.channels; ++c) {
                    double term =
                        double(input[s.inputIndex(n, oh, ow, kh, kw, c)]) *
                        double(filter[((kh * s.kernelW + kw) * s.channels + c) *
                                          s.filters +
                                      f]);
                    want += term;
                    magnitude += std::fabs(term);
                  }
              if (relu)
                want = std::max(want, 0.0);
              double got = out[((n * outH + oh) * outW + ow) * s.filters + f];
              double error = std::isnan(got)
                                 ? std::numeric_limits<double>::infinity()
                                 : std::fabs(got - want) / magnitude;
              worst = std::max(worst, error);
            }
      EXPECT_LE(worst, kTolerance) << "bias " << withBias << " relu " << relu;
    }
}

/// The filter gradient dW[kh][kw][c][f] = sum over output pixels of
/// input(window) * dy, against a float64 sum; the output buffer starts as
/// NaN so that an element the kernel skips fails.
TEST_P(ConvTest, FilterGradientMatchesFloat64Reference) {
  const ConvCase s = GetParam();
  const int64_t outH = s.outH(), outW = s.outW();
  std::mt19937 rng(s.channels * 17 + s.filters);
  std::vector<float> input = randomValues(s.inputSize(), rng);
  std::vector<float> dy = randomValues(s.batch * outH * outW * s.filters, rng);
  std::vector<float> dw(s.filterSize(), NAN);
  KilnMemRef4xF32 inputRef =
      memref4(input.data(), s.batch, s.height, s.width, s.channels);
  KilnMemRef4xF32 dyRef = memref4(dy.data(), s.batch, outH, outW, s.filters);
  KilnMemRef4xF32 dwRef =
      memref4(dw.data(), s.kernelH, s.kernelW, s.channels, s.filters);
  _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f32(
      &inputRef, &dyRef, &dwRef, s.strideH, s.strideW, s.dilationH,
      s.dilationW);
  double worst = 0;
  for (int64_t kh = 0; kh < s.kernelH; ++kh)
    for (int64_t kw = 0; kw < s.kernelW; ++kw)
      for (int64_t c = 0; c < s.channels; ++c)
        for (int64_t f = 0; f < s.filters; ++f) {
          double want = 0, magnitude = 0;
          for (int64_t n = 0; n < s.batch; ++n)
            for (int64_t oh = 0; oh < outH; ++oh)
              for (int64_t ow = 0; ow < outW; ++ow) {
                double term =
                    double(input[s.inputIndex(n, oh, ow, kh, kw, c)]) *
                    double(dy[((n * outH + oh) * outW + ow) * s.filters + f]);
                want += term;
                magnitude += std::fabs(term);
              }
          double got = dw[((kh * s.kernelW + kw) * s.channels + c) * s.filters + f];
          double error = std::isnan(got)
                             ? std::numeric_limits<double>::infinity()
                             : std::fabs(got - want) / std::max(magnitude, 1e-30);
          worst = std::max(worst, error);
        }
  EXPECT_LE(worst, kTolerance);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvTest,
    testing::Values(
        // The bench CNN's layers (inputs padded for SAME), small batches.
        ConvCase{2, 32, 32, 1, 5, 5, 32, 1, 1, 1, 1},
        ConvCase{2, 18, 18, 32, 5, 5, 64, 1, 1, 1, 1},
        // 1x1 (no patches), strides, dilations, odd channel and filter
        // counts, a filter as large as the input.
        ConvCase{3, 7, 9, 5, 1, 1, 6, 1, 1, 1, 1},
        ConvCase{2, 11, 13, 3, 3, 3, 7, 2, 3, 1, 1},
        ConvCase{1, 12, 12, 2, 3, 3, 5, 1, 1, 2, 2},
        ConvCase{2, 9, 8, 1, 3, 2, 1, 1, 1, 1, 1},
        ConvCase{1, 6, 6, 4, 6, 6, 3, 1, 1, 1, 1},
        ConvCase{1, 20, 20, 17, 3, 3, 40, 2, 2, 1, 1},
        // Dilated along the width only; many slices of output rows.
        ConvCase{2, 10, 14, 3, 2, 3, 19, 1, 2, 1, 2},
        ConvCase{16, 18, 18, 8, 5, 5, 33, 1, 1, 1, 1}));

/// A convolution of an input surrounded by zeros the kernels never see:
/// the padded entry points against a float64 sum that takes every element
/// outside the input as zero.
struct PaddedConvCase {
  ConvCase conv; // height and width: the input without padding
  int64_t top, bottom, left, right;

  int64_t outH() const {
    return (conv.height + top + bottom - (conv.kernelH - 1) * conv.dilationH -
            1) /
               conv.strideH +
           1;
  }
  int64_t outW() const {
    return (conv.width + left + right - (conv.kernelW - 1) * conv.dilationW -
            1) /
               conv.strideW +
           1;
  }
};

template <typename T>
double worstPaddedError(const PaddedConvCase &p, const std::vector<T> &input,
                        const std::vector<T> &filter, const T *bias, bool relu,
                        const std::vector<T> &out,
                        const std::vector<T> *residual = nullptr) {
  const ConvCase &s = p.conv;
  double worst = 0;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oh = 0; oh < p.outH(); ++oh)
      for (int64_t ow = 0; ow < p.outW(); ++ow)
        for (int64_t f = 0; f < s.filters; ++f) {
          double want = bias ? double(bias[f]) : 0.0;
          double magnitude = std::fabs(want) + 1e-30;
          for (int64_t kh = 0; kh < s.kernelH; ++kh)
            for (int64_t kw = 0; kw < s.kernelW; ++kw) {
              int64_t ih = oh * s.strideH + kh * s.dilationH - p.top;
              int64_t iw = ow * s.strideW + kw * s.dilationW - p.left;
              if (ih < 0 || ih >= s.height || iw < 0 || iw >= s.width)
                continue;
              for (int64_t c = 0; c < s.channels; ++c) {
                double term =
                    double(input[((n * s.height + ih) * s.width + iw) *
                                     s.channels +
                                 c]) *
                    double(filter[((kh * s.kernelW + kw) * s.channels + c) *
                                      s.filters +
                                  f]);
                want += term;
                magnitude += std::fabs(term);
              }
            }
          const int64_t at =
              ((n * p.outH() + oh) * p.outW() + ow) * s.filters + f;
          if (residual) {
            want += double((*residual)[at]);
            magnitude += std::fabs(double((*residual)[at]));
          }
          if (relu)
            want = std::max(want, 0.0);
          double got = out[at];
          worst = std::max(worst, std::isnan(got)
                                      ? std::numeric_limits<double>::infinity()
                                      : std::fabs(got - want) / magnitude);
        }
  return worst;
}

class PaddedConvTest : public testing::TestWithParam<PaddedConvCase> {};

TEST_P(PaddedConvTest, MatchesFloat64Reference) {
  const PaddedConvCase p = GetParam();
  const ConvCase &s = p.conv;
  std::mt19937 rng(s.channels * 17 + s.filters + p.top);
  ConvOperands operands(s, rng);
  auto &[input, filter, bias, inputRef, filterRef, biasRef] = operands;
  for (bool withBias : {false, true})
    for (bool relu : {false, true}) {
      std::vector<float> out(s.batch * p.outH() * p.outW() * s.filters, NAN);
      KilnMemRef4xF32 outRef =
          memref4(out.data(), s.batch, p.outH(), p.outW(), s.filters);
      int32_t activation =
          relu ? KILN_CPU_ACTIVATION_RELU : KILN_CPU_ACTIVATION_NONE;
      if (withBias)
        _mlir_ciface_kiln_cpu_conv2d_bias_padded_f32(
            &inputRef, &filterRef, &biasRef, &outRef, s.strideH, s.strideW,
            s.dilationH, s.dilationW, p.top, p.left, activation);
      else
        _mlir_ciface_kiln_cpu_conv2d_padded_f32(
            &inputRef, &filterRef, &outRef, s.strideH, s.strideW, s.dilationH,
            s.dilationW, p.top, p.left, activation);
      EXPECT_LE(worstPaddedError(p, input, filter,
                                 withBias ? bias.data() : nullptr, relu, out),
                kTolerance)
          << "bias " << withBias << " relu " << relu;
    }
  // A residual added before the activation, from its own buffer and in
  // place (the output holding the residual).
  std::vector<float> residual =
      randomValues(s.batch * p.outH() * p.outW() * s.filters, rng);
  for (bool inPlace : {false, true}) {
    std::vector<float> out =
        inPlace ? residual : std::vector<float>(residual.size(), NAN);
    KilnMemRef4xF32 outRef =
        memref4(out.data(), s.batch, p.outH(), p.outW(), s.filters);
    KilnMemRef4xF32 residualRef =
        memref4(inPlace ? out.data() : residual.data(), s.batch, p.outH(),
                p.outW(), s.filters);
    _mlir_ciface_kiln_cpu_conv2d_bias_add_f32(
        &inputRef, &filterRef, &biasRef, &residualRef, &outRef, s.strideH,
        s.strideW, s.dilationH, s.dilationW, p.top, p.left,
        KILN_CPU_ACTIVATION_RELU);
    EXPECT_LE(
        worstPaddedError(p, input, filter, bias.data(), true, out, &residual),
        kTolerance)
        << "residual, in place " << inPlace;
  }

  // The patch path (f64) takes the same padding, and a residual in place.
  std::vector<double> input64(input.begin(), input.end()),
      filter64(filter.begin(), filter.end()), bias64(bias.begin(), bias.end());
  std::vector<double> out64(s.batch * p.outH() * p.outW() * s.filters, NAN);
  auto memref4d = [](double *data, int64_t d0, int64_t d1, int64_t d2,
                     int64_t d3) {
    return KilnMemRef4xF64{
        data, data, 0, {d0, d1, d2, d3}, {d1 * d2 * d3, d2 * d3, d3, 1}};
  };
  KilnMemRef4xF64 in64 =
      memref4d(input64.data(), s.batch, s.height, s.width, s.channels);
  KilnMemRef4xF64 w64 =
      memref4d(filter64.data(), s.kernelH, s.kernelW, s.channels, s.filters);
  KilnMemRef1xF64 b64{bias64.data(), bias64.data(), 0, {s.filters}, {1}};
  KilnMemRef4xF64 o64 =
      memref4d(out64.data(), s.batch, p.outH(), p.outW(), s.filters);
  _mlir_ciface_kiln_cpu_conv2d_bias_padded_f64(
      &in64, &w64, &b64, &o64, s.strideH, s.strideW, s.dilationH, s.dilationW,
      p.top, p.left, KILN_CPU_ACTIVATION_RELU);
  EXPECT_LE(worstPaddedError(p, input64, filter64, bias64.data(), true, out64),
            1e-12);
  std::vector<double> residual64(residual.begin(), residual.end());
  out64 = residual64;
  _mlir_ciface_kiln_cpu_conv2d_bias_add_f64(
      &in64, &w64, &b64, &o64, &o64, s.strideH, s.strideW, s.dilationH,
      s.dilationW, p.top, p.left, KILN_CPU_ACTIVATION_RELU);
  EXPECT_LE(worstPaddedError(p, input64, filter64, bias64.data(), true, out64,
                             &residual64),
            1e-12);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, PaddedConvTest,
    testing::Values(
        // SAME 3x3 over 16 channels (a ResNet block), its strided
        // downsampling, and a 5x5 stem over one channel.
        PaddedConvCase{{2, 28, 28, 16, 3, 3, 16, 1, 1, 1, 1}, 1, 1, 1, 1},
        PaddedConvCase{{2, 28, 28, 16, 3, 3, 32, 2, 2, 1, 1}, 1, 1, 1, 1},
        PaddedConvCase{{3, 13, 7, 1, 5, 5, 8, 1, 1, 1, 1}, 2, 2, 2, 2},
        // Padding past the kernel: whole windows in the zeros (the bias).
        PaddedConvCase{{1, 4, 5, 3, 3, 3, 5, 1, 1, 1, 1}, 4, 4, 5, 4},
        // Asymmetric padding with dilations, and dilated along the width
        // only (one run per filter column).
        PaddedConvCase{{2, 11, 9, 3, 3, 3, 7, 1, 2, 2, 2}, 0, 3, 3, 1},
        PaddedConvCase{{1, 10, 14, 3, 2, 3, 19, 1, 1, 1, 2}, 1, 0, 2, 2},
        // An input narrower than the filter: no column is inside.
        PaddedConvCase{{2, 6, 2, 4, 3, 3, 6, 1, 1, 1, 1}, 1, 1, 1, 1},
        // Many rows: several chunks of border pixels per task.
        PaddedConvCase{{8, 29, 7, 5, 3, 3, 33, 1, 1, 1, 1}, 1, 1, 1, 1},
        // 1x1 without padding (a plain GEMM) for the residual's other path.
        PaddedConvCase{{2, 5, 6, 7, 1, 1, 9, 1, 1, 1, 1}, 0, 0, 0, 0}));

} // namespace

namespace kiln_thread_limit_test {

/// The distinct threads that ran `tasks` tasks of one parallel section.
std::set<std::thread::id> threadsRunning(int64_t tasks) {
  std::set<std::thread::id> ids;
  std::mutex mutex;
  kiln::kernels::parallelFor(tasks, [&](int64_t) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      ids.insert(std::this_thread::get_id());
    }
    // Long enough that idle workers would find tasks left to take.
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
    }
  });
  return ids;
}

TEST(ThreadLimit, BoundsTheThreadsOfTheCallersSections) {
  const int pool = kiln_cpu_num_threads();
  EXPECT_EQ(kiln_cpu_limit_threads(1), 0);
  EXPECT_EQ(kiln_cpu_num_threads(), 1);
  std::set<std::thread::id> one = threadsRunning(64);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(*one.begin(), std::this_thread::get_id());

  // The previous limit comes back, so a step can restore its caller's.
  EXPECT_EQ(kiln_cpu_limit_threads(0), 1);
  EXPECT_EQ(kiln_cpu_num_threads(), pool);
  // More than the pool, or a negative limit, is no limit.
  kiln_cpu_limit_threads(pool + 5);
  EXPECT_EQ(kiln_cpu_num_threads(), pool);
  kiln_cpu_limit_threads(-3);
  EXPECT_EQ(kiln_cpu_num_threads(), pool);

  // The limit is the calling thread's: another thread keeps the pool.
  kiln_cpu_limit_threads(1);
  int elsewhere = 0;
  std::thread([&] { elsewhere = kiln_cpu_num_threads(); }).join();
  EXPECT_EQ(elsewhere, pool);
  kiln_cpu_limit_threads(0);

  if (pool < 3)
    GTEST_SKIP() << "a pool of " << pool
                 << " threads cannot show a limit between 1 and the pool "
                    "(set KILN_NUM_THREADS=4 to run this part)";
  kiln_cpu_limit_threads(2);
  EXPECT_LE(threadsRunning(256).size(), 2u);
  kiln_cpu_limit_threads(0);
}

} // namespace kiln_thread_limit_test
