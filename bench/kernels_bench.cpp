//===- kernels_bench.cpp - the CPU kernel library alone, no compiler ------===//
//
// Times the kernels the compiled steps call, through their C entry points,
// so a kernel change can be measured without the JIT or a session around
// it. Prints "name value unit" lines like the other benchmarks:
//   kernel_gemm_MxKxN   relu(a @ b + bias) (kiln_cpu_matmul_bias_f32)
//   kernel_conv_NAME    relu(conv(x, w) + bias) (kiln_cpu_conv2d_bias_f32)
//   kernel_filter_gradient_NAME  that conv's filter gradient
//                       (kiln_cpu_conv2d_backprop_filter_f32)
// in GFLOP/s (2 * multiply-adds per run) of the median and of the fastest
// run: on a shared machine the fastest run is the steadier figure.
// Threads: KILN_NUM_THREADS (default: every hardware thread).
//
//===----------------------------------------------------------------------===//

#include "kiln/kernels/cpu_kernels.h"
#include "tools/ToolConventions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<float> randomValues(int64_t count, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> values(count);
  for (float &v : values)
    v = uniform(rng);
  return values;
}

/// Runs fn until about 0.5 s (at least 5 runs) have passed after a warm-up
/// run and prints the median and the fastest run as GFLOP/s.
template <typename Fn>
void measure(const std::string &name, double flops, Fn fn) {
  fn();
  std::vector<double> seconds;
  auto deadline = Clock::now() + std::chrono::milliseconds(500);
  while (seconds.size() < 5 || Clock::now() < deadline) {
    auto start = Clock::now();
    fn();
    seconds.push_back(
        std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("%s %.1f GFLOP/s (fastest %.1f, %zu runs)\n", name.c_str(),
              flops / seconds[seconds.size() / 2] / 1e9,
              flops / seconds.front() / 1e9, seconds.size());
  std::fflush(stdout);
}

KilnMemRef2xF32 memref2(float *data, int64_t rows, int64_t cols) {
  return {data, data, 0, {rows, cols}, {cols, 1}};
}

KilnMemRef4xF32 memref4(float *data, int64_t d0, int64_t d1, int64_t d2,
                        int64_t d3) {
  return {data, data, 0, {d0, d1, d2, d3}, {d1 * d2 * d3, d2 * d3, d3, 1}};
}

void benchGemm(int64_t m, int64_t k, int64_t n, std::mt19937 &rng) {
  std::vector<float> a = randomValues(m * k, rng), b = randomValues(k * n, rng),
                     bias = randomValues(n, rng), out(m * n);
  KilnMemRef2xF32 aRef = memref2(a.data(), m, k), bRef = memref2(b.data(), k, n),
                  outRef = memref2(out.data(), m, n);
  KilnMemRef1xF32 biasRef{bias.data(), bias.data(), 0, {n}, {1}};
  measure("kernel_gemm_" + std::to_string(m) + "x" + std::to_string(k) + "x" +
              std::to_string(n),
          2.0 * m * k * n, [&] {
            _mlir_ciface_kiln_cpu_matmul_bias_f32(&aRef, &bRef, &biasRef,
                                                  &outRef,
                                                  KILN_CPU_ACTIVATION_RELU);
          });
}

/// A stride-1 convolution of an already padded NHWC input (as the compiled
/// steps pass it) with bias and relu.
void benchConv(const char *name, int64_t batch, int64_t height, int64_t width,
               int64_t channels, int64_t kernel, int64_t filters,
               std::mt19937 &rng) {
  const int64_t outH = height - kernel + 1, outW = width - kernel + 1;
  std::vector<float> input = randomValues(batch * height * width * channels, rng);
  std::vector<float> filter =
      randomValues(kernel * kernel * channels * filters, rng);
  std::vector<float> bias = randomValues(filters, rng);
  std::vector<float> out(batch * outH * outW * filters);
  KilnMemRef4xF32 inputRef = memref4(input.data(), batch, height, width, channels);
  KilnMemRef4xF32 filterRef =
      memref4(filter.data(), kernel, kernel, channels, filters);
  KilnMemRef4xF32 outRef = memref4(out.data(), batch, outH, outW, filters);
  KilnMemRef1xF32 biasRef{bias.data(), bias.data(), 0, {filters}, {1}};
  measure(std::string("kernel_conv_") + name,
          2.0 * batch * outH * outW * filters * kernel * kernel * channels, [&] {
            _mlir_ciface_kiln_cpu_conv2d_bias_f32(&inputRef, &filterRef,
                                                  &biasRef, &outRef, 1, 1, 1, 1,
                                                  KILN_CPU_ACTIVATION_RELU);
          });
}

/// The filter gradient of that convolution (kiln_cpu_conv2d_backprop_filter_f32).
void benchFilterGradient(const char *name, int64_t batch, int64_t height,
                         int64_t width, int64_t channels, int64_t kernel,
                         int64_t filters, std::mt19937 &rng) {
  const int64_t outH = height - kernel + 1, outW = width - kernel + 1;
  std::vector<float> input = randomValues(batch * height * width * channels, rng);
  std::vector<float> dy = randomValues(batch * outH * outW * filters, rng);
  std::vector<float> dw(kernel * kernel * channels * filters);
  KilnMemRef4xF32 inputRef = memref4(input.data(), batch, height, width, channels);
  KilnMemRef4xF32 dyRef = memref4(dy.data(), batch, outH, outW, filters);
  KilnMemRef4xF32 dwRef = memref4(dw.data(), kernel, kernel, channels, filters);
  measure(std::string("kernel_filter_gradient_") + name,
          2.0 * batch * outH * outW * filters * kernel * kernel * channels, [&] {
            _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f32(
                &inputRef, &dyRef, &dwRef, 1, 1, 1, 1);
          });
}

} // namespace

int main(int argc, char **argv) {
  static const char kUsage[] =
      "usage: kiln-kernels-bench\n"
      "  times the CPU kernel library alone (GEMM, convolution)\n"
      "  --help, --version\n";
  if (int error = kiln::tools::expectNoArguments(argc, argv,
                                                 "kiln-kernels-bench", kUsage))
    return error;
  std::mt19937 rng(7);
  // The MLP's layers (batch 1, 37, 256) and the large products of
  // bench/RESULTS.md.
  const int64_t shapes[][3] = {{1, 784, 200},    {37, 784, 200},
                               {256, 784, 200},  {256, 200, 200},
                               {256, 200, 10},   {1024, 1024, 1024},
                               {4096, 1024, 4096}};
  for (const auto &shape : shapes)
    benchGemm(shape[0], shape[1], shape[2], rng);
  // The bench CNN's convolutions at batch 32 (SAME padding already
  // applied: 28x28 -> 32x32, 14x14 -> 18x18).
  benchConv("5x5x1x32_28x28_b32", 32, 32, 32, 1, 5, 32, rng);
  benchConv("5x5x32x64_14x14_b32", 32, 18, 18, 32, 5, 64, rng);
  // The filter gradients of the train-step benchmark's convolutions (batch 64).
  benchFilterGradient("5x5x1x32_28x28_b64", 64, 32, 32, 1, 5, 32, rng);
  benchFilterGradient("5x5x32x64_14x14_b64", 64, 18, 18, 32, 5, 64, rng);
  return 0;
}
