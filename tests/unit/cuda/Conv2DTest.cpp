//===- Conv2DTest.cpp - convolutions as kiln_cuda_conv2d asks cuDNN -------===//
//
// The host evaluation of a kiln_cuda_conv2d call (what the cuda-emulation
// target runs, and what cuDNN computes on a GPU) against a float64
// reference written TensorFlow's way (HWIO filter, padding, strides,
// dilations), for every epilogue and both types; the call's checks; the
// cuDNN loader on the installed library; and the call without a GPU.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/conv2d.h"
#include "kiln/runtime/cuda/conv2d_plan.h"
#include "kiln/runtime/cuda/cudnn.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace kiln::cuda {
namespace {

uint64_t address(const void *pointer) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pointer));
}

struct Case {
  int64_t n, h, w, c, k, r, s;
  int64_t pad, stride, dilation;
  int32_t epilogue;
};

/// The sizes of `t`'s convolution (its output's too) as a call takes them.
template <typename T> Conv2DCall callFor(const Case &t) {
  Conv2DCall call;
  call.dtype = sizeof(T) == 4 ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
  call.n = t.n;
  call.h = t.h;
  call.w = t.w;
  call.c = t.c;
  call.k = t.k;
  call.r = t.r;
  call.s = t.s;
  call.oh = (t.h + 2 * t.pad - ((t.r - 1) * t.dilation + 1)) / t.stride + 1;
  call.ow = (t.w + 2 * t.pad - ((t.s - 1) * t.dilation + 1)) / t.stride + 1;
  call.padH = call.padW = t.pad;
  call.strideH = call.strideW = t.stride;
  call.dilationH = call.dilationW = t.dilation;
  return call;
}

template <typename T> void check(const Case &t) {
  std::mt19937 random(5);
  std::uniform_real_distribution<double> value(-1, 1);
  auto fill = [&](std::vector<T> &v) {
    for (T &x : v)
      x = T(value(random));
  };
  int64_t span = (t.r - 1) * t.dilation + 1, spanW = (t.s - 1) * t.dilation + 1;
  int64_t oh = (t.h + 2 * t.pad - span) / t.stride + 1;
  int64_t ow = (t.w + 2 * t.pad - spanW) / t.stride + 1;
  std::vector<T> x(t.n * t.h * t.w * t.c), hwio(t.r * t.s * t.c * t.k),
      bias(t.k), residual(t.n * oh * ow * t.k), y(residual.size(), T(-99));
  fill(x);
  fill(hwio);
  fill(bias);
  fill(residual);
  // TensorFlow's HWIO filter as cuDNN's KRSC.
  std::vector<T> krsc(hwio.size());
  for (int64_t i = 0; i < t.r; ++i)
    for (int64_t j = 0; j < t.s; ++j)
      for (int64_t ch = 0; ch < t.c; ++ch)
        for (int64_t o = 0; o < t.k; ++o)
          krsc[((o * t.r + i) * t.s + j) * t.c + ch] =
              hwio[((i * t.s + j) * t.c + ch) * t.k + o];
  Conv2DCall call = callFor<T>(t);
  call.epilogue = t.epilogue;
  call.x = address(x.data());
  call.filter = address(krsc.data());
  call.bias = address(bias.data());
  call.residual = address(residual.data());
  call.y = address(y.data());
  KILN_ASSERT_OK(checkConv2D(call));
  runConv2DOnHost(call);

  double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-13;
  for (int64_t b = 0; b < t.n; ++b)
    for (int64_t p = 0; p < oh; ++p)
      for (int64_t q = 0; q < ow; ++q)
        for (int64_t o = 0; o < t.k; ++o) {
          double sum = 0;
          for (int64_t i = 0; i < t.r; ++i)
            for (int64_t j = 0; j < t.s; ++j) {
              int64_t row = p * t.stride + i * t.dilation - t.pad;
              int64_t col = q * t.stride + j * t.dilation - t.pad;
              if (row < 0 || row >= t.h || col < 0 || col >= t.w)
                continue;
              for (int64_t ch = 0; ch < t.c; ++ch)
                sum += double(x[((b * t.h + row) * t.w + col) * t.c + ch]) *
                       double(hwio[((i * t.s + j) * t.c + ch) * t.k + o]);
            }
          int64_t at = ((b * oh + p) * ow + q) * t.k + o;
          if (t.epilogue & KILN_CONV_EPILOGUE_BIAS)
            sum += bias[o];
          if (t.epilogue & KILN_CONV_EPILOGUE_RESIDUAL)
            sum += residual[at];
          if (t.epilogue & KILN_CONV_EPILOGUE_RELU)
            sum = std::max(sum, 0.0);
          ASSERT_NEAR(y[at], sum, tolerance * (1 + std::abs(sum)))
              << "at " << at << " of " << call.describe();
        }
}

TEST(Conv2DPlan, EveryEpilogueMatchesTensorFlowsConvolution) {
  for (int32_t epilogue : std::initializer_list<int32_t>{
           0, KILN_CONV_EPILOGUE_BIAS, KILN_CONV_EPILOGUE_RELU,
           KILN_CONV_EPILOGUE_BIAS | KILN_CONV_EPILOGUE_RELU,
           KILN_CONV_EPILOGUE_BIAS | KILN_CONV_EPILOGUE_RESIDUAL,
           KILN_CONV_EPILOGUE_BIAS | KILN_CONV_EPILOGUE_RESIDUAL |
               KILN_CONV_EPILOGUE_RELU}) {
    check<float>({2, 7, 6, 3, 4, 3, 3, 1, 1, 1, epilogue});
    check<double>({1, 9, 8, 2, 5, 3, 2, 2, 2, 1, epilogue});
  }
}

TEST(Conv2DPlan, StridesDilationsAndEdgeShapes) {
  check<float>({2, 11, 11, 3, 2, 3, 3, 2, 1, 2, KILN_CONV_EPILOGUE_BIAS});
  check<float>({1, 1, 1, 1, 1, 1, 1, 0, 1, 1, KILN_CONV_EPILOGUE_RELU});
  check<float>({3, 5, 5, 8, 16, 1, 1, 0, 2, 1, 0});
  check<double>({1, 4, 4, 1, 1, 5, 5, 2, 1, 1, KILN_CONV_EPILOGUE_BIAS});
}

/// The filter gradient of `t`'s convolution, as cuDNN's backward-filter
/// pass is asked for it (KRSC), against TensorFlow's Conv2DBackpropFilter
/// (HWIO) written directly.
template <typename T> void checkFilterGradient(const Case &t) {
  std::mt19937 random(9);
  std::uniform_real_distribution<double> value(-1, 1);
  int64_t oh = (t.h + 2 * t.pad - ((t.r - 1) * t.dilation + 1)) / t.stride + 1;
  int64_t ow = (t.w + 2 * t.pad - ((t.s - 1) * t.dilation + 1)) / t.stride + 1;
  std::vector<T> x(t.n * t.h * t.w * t.c), dy(t.n * oh * ow * t.k),
      krsc(t.k * t.r * t.s * t.c, T(-99));
  for (T &v : x)
    v = T(value(random));
  for (T &v : dy)
    v = T(value(random));
  Conv2DCall call = callFor<T>(t);
  call.backpropFilter = true;
  call.x = address(x.data());
  call.y = address(dy.data());
  call.filter = address(krsc.data());
  KILN_ASSERT_OK(checkConv2D(call));
  runConv2DOnHost(call);
  double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-13;
  for (int64_t i = 0; i < t.r; ++i)
    for (int64_t j = 0; j < t.s; ++j)
      for (int64_t ch = 0; ch < t.c; ++ch)
        for (int64_t o = 0; o < t.k; ++o) {
          double sum = 0; // HWIO [i, j, ch, o]
          for (int64_t b = 0; b < t.n; ++b)
            for (int64_t p = 0; p < oh; ++p)
              for (int64_t q = 0; q < ow; ++q) {
                int64_t row = p * t.stride + i * t.dilation - t.pad;
                int64_t col = q * t.stride + j * t.dilation - t.pad;
                if (row >= 0 && row < t.h && col >= 0 && col < t.w)
                  sum += double(x[((b * t.h + row) * t.w + col) * t.c + ch]) *
                         double(dy[((b * oh + p) * ow + q) * t.k + o]);
              }
          ASSERT_NEAR(krsc[((o * t.r + i) * t.s + j) * t.c + ch], sum,
                      tolerance * (1 + std::abs(sum)))
              << call.describe();
        }
}

TEST(Conv2DPlan, TheFilterGradientMatchesTensorFlows) {
  checkFilterGradient<float>({2, 7, 6, 3, 4, 3, 3, 1, 1, 1, 0});
  checkFilterGradient<double>({3, 9, 9, 2, 5, 3, 2, 2, 2, 1, 0});
  checkFilterGradient<float>({1, 11, 11, 2, 3, 3, 3, 0, 1, 2, 0});
  checkFilterGradient<float>({1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0});
}

TEST(Conv2DPlan, RefusesWhatCuDnnCannotTake) {
  Conv2DCall call;
  call.dtype = KILN_DTYPE_F32;
  call.n = 1;
  call.h = call.w = 5;
  call.c = 2;
  call.k = 3;
  call.r = call.s = 3;
  call.oh = call.ow = 3;
  KILN_EXPECT_OK(checkConv2D(call));
  auto expectRefused = [](const Conv2DCall &bad, const std::string &text) {
    Status status = checkConv2D(bad);
    EXPECT_EQ(status.code(), StatusCode::InvalidArgument) << status.message();
    EXPECT_NE(errorOf(status).find(text), std::string::npos)
        << status.message();
  };
  Conv2DCall wrongOutput = call;
  wrongOutput.oh = 5;
  expectRefused(wrongOutput, "GPU conv2d f32 [1, 5, 5, 2] * [3, 3, 3, 2] -> "
                             "[1, 5, 3, 3]: the output must be 3x3");
  Conv2DCall residualAlone = call;
  residualAlone.epilogue = KILN_CONV_EPILOGUE_RESIDUAL;
  residualAlone.residual = 64;
  expectRefused(residualAlone, "unknown epilogue 4");
  Conv2DCall noBias = call;
  noBias.epilogue = KILN_CONV_EPILOGUE_BIAS;
  expectRefused(noBias, "was not passed");
  Conv2DCall integers = call;
  integers.dtype = KILN_DTYPE_I32;
  expectRefused(integers, "f32 and f64 only");
  Conv2DCall noStride = call;
  noStride.strideW = 0;
  expectRefused(noStride, "strides and dilations");
  Conv2DCall gradientWithBias = call;
  gradientWithBias.backpropFilter = true;
  gradientWithBias.epilogue = KILN_CONV_EPILOGUE_BIAS;
  gradientWithBias.bias = 64;
  expectRefused(gradientWithBias, "unknown epilogue 1");
  Conv2DCall huge = call;
  huge.c = int64_t(1) << 32;
  expectRefused(huge, "[1, 2^31)");
}

TEST(Conv2DPlan, TheEmulatedCallReportsABadCallAsTheStepsStatus) {
  float x[4] = {1, 2, 3, 4}, f[1] = {2}, y[4] = {};
  kiln_cuda_emulated_conv2d(KILN_DTYPE_F32, 0, 1, 2, 2, 1, 1, 1, 1, 2, 2, 0, 0,
                            1, 1, 1, 1, address(x), address(f), 0, 0,
                            address(y), 0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK);
  EXPECT_EQ(y[3], 8.0f);
  kiln_cuda_emulated_conv2d(KILN_DTYPE_F32, 0, 1, 2, 2, 1, 1, 1, 1, 3, 2, 0, 0,
                            1, 1, 1, 1, address(x), address(f), 0, 0,
                            address(y), 0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(kiln_cuda_last_error()).find("the output must be 2x2"),
            std::string::npos);
}

TEST(Conv2DPlan, TheEmulatedFilterGradientRunsOnTheHost) {
  // x [1, 2, 2, 1] = 1..4, dy [1, 1, 1, 1] = 2 with a 2x2 filter, VALID:
  // the gradient is 2x.
  float x[4] = {1, 2, 3, 4}, dy[1] = {2}, grad[4] = {};
  kiln_cuda_emulated_conv2d_backprop_filter(KILN_DTYPE_F32, 1, 2, 2, 1, 1, 2, 2,
                                            1, 1, 0, 0, 1, 1, 1, 1, address(x),
                                            address(dy), address(grad), 0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK);
  EXPECT_EQ(grad[3], 8.0f);
}

TEST(Cudnn, AMissingLibraryIsNamed) {
  StatusOr<Cudnn> missing = Cudnn::loadFrom("/nonexistent/libcudnn.so");
  EXPECT_EQ(missing.status().code(), StatusCode::FailedPrecondition);
  EXPECT_NE(
      errorOf(missing.status()).find("no cuDNN: libcudnn.so.9 was not found"),
      std::string::npos);
}

TEST(Cudnn, BindsEveryEntryPointOfAnInstalledLibrary) {
  StatusOr<const Cudnn *> library = Cudnn::load();
  if (!library.ok())
    GTEST_SKIP() << "no cuDNN here: " << library.status().message();
  EXPECT_GE((*library)->api().cudnnGetVersion(), 90000u) << (*library)->path();
  EXPECT_EQ((*library)->describe("cudnnConvolutionForward", 3000),
            "cudnnConvolutionForward: CUDNN_STATUS_NOT_SUPPORTED");
}

TEST(Cudnn, WithoutAGpuTheCallSaysWhy) {
  if (CudaDriver::load().ok())
    GTEST_SKIP() << "this machine has a GPU";
  float x[4] = {}, f[1] = {}, y[4] = {};
  kiln_cuda_conv2d(KILN_DTYPE_F32, 0, 1, 2, 2, 1, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1,
                   1, address(x), address(f), 0, 0, address(y), 0, 0);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_FAILED_PRECONDITION);
  std::string message = kiln_cuda_last_error();
  EXPECT_TRUE(message.rfind("no CUDA driver", 0) == 0 ||
              message.rfind("no GPU", 0) == 0)
      << message;
}

} // namespace
} // namespace kiln::cuda
