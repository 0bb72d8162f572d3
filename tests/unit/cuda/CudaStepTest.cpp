//===- CudaStepTest.cpp - a cuda AOT step run on the GPU ------------------===//
//
// tests/Target/CUDA/aot.mlir's, aot-reductions.mlir's, aot-matmul.mlir's,
// aot-conv.mlir's and aot-scatter.mlir's steps, compiled ahead of time for
// the cuda target at build time (cuda_step.o + cuda_step.h,
// cuda_reduce_step.*, cuda_matmul_step.*, whose products go through
// cuBLASLt, cuda_conv_step.*, whose convolutions go through cuDNN, and
// cuda_scatter_step.*, narrow reductions and atomic adds, and
// cuda_train_step.*, the seed MLP's SGD step with device variables) and
// linked with
// the runtime core and its CUDA layer only: with a GPU, they run on device
// buffers (and a device arena) and match float64 references; without one
// they return FAILED_PRECONDITION naming why.
//
//===----------------------------------------------------------------------===//

#include "cuda_conv_step.h"
#include "cuda_matmul_step.h"
#include "cuda_reduce_step.h"
#include "cuda_scatter_step.h"
#include "cuda_step.h"
#include "cuda_train_step.h"
#include "kiln/runtime/cuda/device_memory.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "tests/unit/MlpTrainingReference.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace kiln::cuda {
namespace {

/// A host arena for a step run without a GPU, which fails before using it.
class HostArena {
public:
  HostArena(size_t alignment, size_t bytes, kiln_step_context_t &context)
      : memory_(std::aligned_alloc(alignment, bytes)) {
    context.arena = memory_;
    context.arena_bytes = bytes;
  }
  ~HostArena() { std::free(memory_); }
  HostArena(const HostArena &) = delete;
  HostArena &operator=(const HostArena &) = delete;

private:
  void *memory_;
};

/// The step's CUDA error says why there is no GPU.
void expectTheMissingGpuNamed(const Status &missing) {
  EXPECT_NE(std::string(kiln_cuda_last_error()).find(missing.message()),
            std::string::npos)
      << kiln_cuda_last_error();
}

TEST(CudaStep, RunsOnTheGpuOrSaysWhyNot) {
  std::vector<float> x(1000), y(1000, -1.0f);
  for (int i = 0; i < 1000; ++i)
    x[i] = std::sin(0.01f * i) * 4.0f;
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    const void *inputs[] = {x.data()};
    void *outputs[] = {y.data()};
    EXPECT_EQ(cuda_step_run(&context, inputs, nullptr, outputs),
              KILN_STATUS_FAILED_PRECONDITION);
    expectTheMissingGpuNamed(memory.status());
    EXPECT_EQ(y[0], -1.0f);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  auto dx = (*memory)->reserve(4000), dy = (*memory)->reserve(4000);
  ASSERT_TRUE(dx.ok() && dy.ok());
  KILN_ASSERT_OK((*memory)->copyToDevice(*dx, x.data(), 4000));
  const void *inputs[] = {reinterpret_cast<const void *>(*dx)};
  void *outputs[] = {reinterpret_cast<void *>(*dy)};
  ASSERT_EQ(cuda_step_run(&context, inputs, nullptr, outputs), KILN_STATUS_OK)
      << kiln_cuda_last_error();
  KILN_ASSERT_OK((*memory)->copyToHost(y.data(), *dy, 4000));
  double worst = 0;
  for (int i = 0; i < 1000; ++i) {
    double want = -std::exp(double(x[i]));
    worst =
        std::max(worst, std::abs(y[i] - want) / std::max(1.0, std::abs(want)));
  }
  EXPECT_LT(worst, 1e-5);
  std::printf("cuda AOT step on the GPU: max relative error %g\n", worst);
  (*memory)->release(*dx, 0);
  (*memory)->release(*dy, 0);
}

/// Device copies of host vectors, released at the end of a test.
class DeviceBuffers {
public:
  explicit DeviceBuffers(DeviceMemoryBackend &memory) : memory_(memory) {}
  ~DeviceBuffers() {
    for (auto [address, bytes] : buffers_)
      memory_.release(address, bytes);
  }
  void *reserve(uint64_t bytes) {
    auto address = memory_.reserve(bytes);
    EXPECT_TRUE(address.ok()) << address.status().message();
    if (!address.ok())
      return nullptr;
    buffers_.push_back({*address, bytes});
    return reinterpret_cast<void *>(*address);
  }
  template <typename T> void *copyOf(const std::vector<T> &host) {
    void *device = reserve(host.size() * sizeof(T));
    if (device)
      KILN_EXPECT_OK(memory_.copyToDevice(reinterpret_cast<uint64_t>(device),
                                          host.data(),
                                          host.size() * sizeof(T)));
    return device;
  }
  template <typename T = float>
  std::vector<T> read(void *device, size_t count) {
    std::vector<T> host(count);
    KILN_EXPECT_OK(memory_.copyToHost(
        host.data(), reinterpret_cast<uint64_t>(device), count * sizeof(T)));
    return host;
  }

private:
  DeviceMemoryBackend &memory_;
  std::vector<std::pair<uint64_t, uint64_t>> buffers_;
};

double worstRelative(const std::vector<float> &got,
                     const std::vector<double> &want) {
  double worst = 0;
  for (size_t i = 0; i < want.size(); ++i)
    worst = std::max(worst, std::abs(got[i] - want[i]) /
                                std::max(1.0, std::abs(want[i])));
  return worst;
}

/// log_softmax of each row of `x` ([rows, cols]) in float64.
std::vector<double> logSoftmaxRows(const std::vector<float> &x, int rows,
                                   int cols) {
  std::vector<double> out(x.size());
  for (int r = 0; r < rows; ++r) {
    double top = -INFINITY, sum = 0;
    for (int c = 0; c < cols; ++c)
      top = std::max(top, double(x[r * cols + c]));
    for (int c = 0; c < cols; ++c)
      sum += std::exp(double(x[r * cols + c]) - top);
    for (int c = 0; c < cols; ++c)
      out[r * cols + c] = double(x[r * cols + c]) - top - std::log(sum);
  }
  return out;
}

/// The sparse cross-entropy's loss and gradient for `logits` ([batch,
/// classes]) and in-range `labels`, in float64.
void crossEntropy(const std::vector<float> &logits,
                  const std::vector<int32_t> &labels, int classes,
                  std::vector<double> &loss, std::vector<double> &backprop) {
  std::vector<double> logProbabilities =
      logSoftmaxRows(logits, labels.size(), classes);
  loss.assign(labels.size(), 0.0);
  backprop.assign(logits.size(), 0.0);
  for (size_t r = 0; r < labels.size(); ++r) {
    loss[r] = -logProbabilities[r * classes + labels[r]];
    for (int c = 0; c < classes; ++c)
      backprop[r * classes + c] = std::exp(logProbabilities[r * classes + c]) -
                                  (c == labels[r] ? 1.0 : 0.0);
  }
}

TEST(CudaStep, ReductionsRunOnTheGpuOrSayWhyNot) {
  constexpr int rows = 64, cols = 1000, batch = 256, classes = 10;
  std::vector<float> x(rows * cols), y(batch * classes);
  std::vector<int32_t> labels(batch);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.37f * i) * 3.0f + 0.001f * (i % 977);
  for (size_t i = 0; i < y.size(); ++i)
    y[i] = std::cos(0.11f * i) * 5.0f;
  for (int i = 0; i < batch; ++i)
    labels[i] = (i * 7) % classes;
  kiln_step_error_t error = {nullptr, {0, 0, 0}};
  kiln_step_context_t context = {
      KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0, &error};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    // With a label out of range too: the missing GPU is what the step
    // reports, not a check that read nothing from it.
    labels[17] = 99;
    alignas(CUDA_REDUCE_STEP_ARENA_ALIGNMENT) static unsigned char
        arena[CUDA_REDUCE_STEP_ARENA_BYTES];
    std::vector<float> s(rows * cols, -1.0f), c(cols, -1.0f), m(1, -1.0f),
        l(batch * classes, -1.0f), loss(batch, -1.0f),
        backprop(batch * classes, -1.0f);
    context.arena = arena;
    context.arena_bytes = CUDA_REDUCE_STEP_ARENA_BYTES;
    const void *inputs[] = {x.data(), y.data(), labels.data()};
    void *outputs[] = {s.data(), c.data(),    m.data(),
                       l.data(), loss.data(), backprop.data()};
    EXPECT_EQ(cuda_reduce_step_run(&context, inputs, nullptr, outputs),
              KILN_STATUS_FAILED_PRECONDITION)
        << kiln_cuda_last_error();
    EXPECT_EQ(error.format, nullptr);
    EXPECT_EQ(s[0], -1.0f);
    EXPECT_EQ(m[0], -1.0f);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  DeviceBuffers device(**memory);
  void *labelsOnDevice = device.reserve(batch * sizeof(int32_t));
  auto uploadLabels = [&] {
    KILN_EXPECT_OK(
        (*memory)->copyToDevice(reinterpret_cast<uint64_t>(labelsOnDevice),
                                labels.data(), batch * sizeof(int32_t)));
  };
  uploadLabels();
  const void *inputs[] = {device.copyOf(x), device.copyOf(y), labelsOnDevice};
  void *outputs[] = {device.reserve(rows * cols * 4),
                     device.reserve(cols * 4),
                     device.reserve(4),
                     device.reserve(batch * classes * 4),
                     device.reserve(batch * 4),
                     device.reserve(batch * classes * 4)};
  context.arena = device.reserve(CUDA_REDUCE_STEP_ARENA_BYTES);
  context.arena_bytes = CUDA_REDUCE_STEP_ARENA_BYTES;
  ASSERT_EQ(cuda_reduce_step_run(&context, inputs, nullptr, outputs),
            KILN_STATUS_OK)
      << kiln_cuda_last_error();

  std::vector<double> softmax = logSoftmaxRows(x, rows, cols);
  for (double &v : softmax)
    v = std::exp(v);
  std::vector<double> columns(cols, -INFINITY);
  double mean = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      columns[c] = std::max(columns[c], double(x[r * cols + c]));
      mean += x[r * cols + c];
    }
  mean /= rows * cols;
  std::vector<double> loss, backprop;
  crossEntropy(y, labels, classes, loss, backprop);
  double errors[] = {
      worstRelative(device.read(outputs[0], rows * cols), softmax),
      worstRelative(device.read(outputs[1], cols), columns),
      worstRelative(device.read(outputs[2], 1), {mean}),
      worstRelative(device.read(outputs[3], batch * classes),
                    logSoftmaxRows(y, batch, classes)),
      worstRelative(device.read(outputs[4], batch), loss),
      worstRelative(device.read(outputs[5], batch * classes), backprop)};
  EXPECT_LT(errors[0], 1e-6);
  EXPECT_EQ(errors[1], 0.0);
  EXPECT_LT(errors[2], 1e-6);
  EXPECT_LT(errors[3], 1e-5);
  EXPECT_LT(errors[4], 1e-5);
  EXPECT_LT(errors[5], 1e-5);
  std::printf("cuda AOT reductions on the GPU: max relative error softmax "
              "%g, column max %g, mean %g, log_softmax %g, cross-entropy "
              "%g (gradient %g)\n",
              errors[0], errors[1], errors[2], errors[3], errors[4], errors[5]);

  // A label out of range: the GPU finds its position, the host reports
  // it, as TensorFlow words it.
  labels[17] = 99;
  labels[200] = -1;
  uploadLabels();
  EXPECT_EQ(cuda_reduce_step_run(&context, inputs, nullptr, outputs),
            KILN_STATUS_INVALID_ARGUMENT);
  ASSERT_NE(error.format, nullptr);
  EXPECT_NE(std::string(error.format).find("Received a label value of"),
            std::string::npos)
      << error.format;
  EXPECT_EQ(error.values[0], 17);
  EXPECT_EQ(error.values[1], 99);
}

/// op(A) op(B) (+ bias per column, relu) of row-major matrices, in float64.
template <typename T>
std::vector<double> product(const std::vector<T> &a, const std::vector<T> &b,
                            int m, int n, int k, bool transposeA,
                            bool transposeB, const std::vector<float> *bias,
                            bool relu) {
  std::vector<double> d(m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = 0;
      for (int l = 0; l < k; ++l)
        sum += double(transposeA ? a[l * m + i] : a[i * k + l]) *
               double(transposeB ? b[j * k + l] : b[l * n + j]);
      if (bias)
        sum += (*bias)[j];
      d[i * n + j] = relu ? std::max(sum, 0.0) : sum;
    }
  return d;
}

template <typename T> std::vector<T> wave(size_t count, double scale) {
  std::vector<T> values(count);
  for (size_t i = 0; i < count; ++i)
    values[i] = T(std::sin(0.013 * i + 0.3 * (i % 7)) * scale);
  return values;
}

TEST(CudaStep, MatmulsRunThroughCuBlasLtOrSayWhyNot) {
  constexpr int batch = 256, in = 784, hidden = 200, classes = 10;
  auto x = wave<float>(batch * in, 1.0), w1 = wave<float>(in * hidden, 0.05),
       b1 = wave<float>(hidden, 0.5), w2 = wave<float>(hidden * classes, 0.1),
       b2 = wave<float>(classes, 0.5), g = wave<float>(batch * hidden, 1.0);
  auto p = wave<double>(33 * 17, 2.0), q = wave<double>(17 * 5, 3.0);
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    std::vector<float> h(batch * hidden, -1.0f), logits(batch * classes),
        dw(in * hidden), dx(batch * in);
    std::vector<double> pq(33 * 5);
    std::vector<float> projected(batch * 4);
    HostArena arena(CUDA_MATMUL_STEP_ARENA_ALIGNMENT,
                    CUDA_MATMUL_STEP_ARENA_BYTES, context);
    const void *inputs[] = {x.data(),  w1.data(), b1.data(), w2.data(),
                            b2.data(), g.data(),  p.data(),  q.data()};
    void *outputs[] = {h.data(),  logits.data(), dw.data(),
                       dx.data(), pq.data(),     projected.data()};
    EXPECT_EQ(cuda_matmul_step_run(&context, inputs, nullptr, outputs),
              KILN_STATUS_FAILED_PRECONDITION);
    expectTheMissingGpuNamed(memory.status());
    EXPECT_EQ(h[0], -1.0f);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  DeviceBuffers device(**memory);
  const void *inputs[] = {device.copyOf(x),  device.copyOf(w1),
                          device.copyOf(b1), device.copyOf(w2),
                          device.copyOf(b2), device.copyOf(g),
                          device.copyOf(p),  device.copyOf(q)};
  void *outputs[] = {
      device.reserve(batch * hidden * 4), device.reserve(batch * classes * 4),
      device.reserve(in * hidden * 4),    device.reserve(batch * in * 4),
      device.reserve(33 * 5 * 8),         device.reserve(batch * 4 * 4)};
  context.arena = device.reserve(CUDA_MATMUL_STEP_ARENA_BYTES);
  context.arena_bytes = CUDA_MATMUL_STEP_ARENA_BYTES;
  ASSERT_EQ(cuda_matmul_step_run(&context, inputs, nullptr, outputs),
            KILN_STATUS_OK)
      << kiln_cuda_last_error();

  std::vector<double> h =
      product(x, w1, batch, hidden, in, false, false, &b1, true);
  std::vector<float> hOnDevice = device.read(outputs[0], batch * hidden);
  std::vector<double> logits =
      product(hOnDevice, w2, batch, classes, hidden, false, false, &b2, false);
  std::vector<float> logitsOnDevice = device.read(outputs[1], batch * classes);
  // aot-matmul.mlir's constant projection: ((4 i + j) mod 7 - 3) / 4.
  std::vector<float> projection(classes * 4);
  for (int i = 0; i < classes; ++i)
    for (int j = 0; j < 4; ++j)
      projection[i * 4 + j] = float(((i * 4 + j) % 7 - 3) * 0.25);
  std::vector<double> pq(33 * 5),
      want = product(p, q, 33, 5, 17, false, false, nullptr, false);
  KILN_EXPECT_OK((*memory)->copyToHost(
      pq.data(), reinterpret_cast<uint64_t>(outputs[4]), pq.size() * 8));
  double f64Error = 0;
  for (size_t i = 0; i < pq.size(); ++i)
    f64Error = std::max(f64Error, std::abs(pq[i] - want[i]) /
                                      std::max(1.0, std::abs(want[i])));
  double errors[] = {
      worstRelative(hOnDevice, h), worstRelative(logitsOnDevice, logits),
      worstRelative(
          device.read(outputs[2], in * hidden),
          product(x, g, in, hidden, batch, true, false, nullptr, false)),
      worstRelative(
          device.read(outputs[3], batch * in),
          product(g, w1, batch, in, hidden, false, true, nullptr, false)),
      f64Error,
      // A constant operand, copied to the device before the call.
      worstRelative(device.read(outputs[5], batch * 4),
                    product(logitsOnDevice, projection, batch, 4, classes,
                            false, false, nullptr, false))};
  // Strict f32 accumulation (no TF32): errors of a few ulps per term.
  EXPECT_LT(errors[0], 1e-4);
  EXPECT_LT(errors[1], 1e-4);
  EXPECT_LT(errors[2], 1e-4);
  EXPECT_LT(errors[3], 1e-4);
  EXPECT_LT(errors[4], 1e-12);
  EXPECT_LT(errors[5], 1e-5);
  std::printf("cuda AOT matmuls through cuBLASLt: max relative error "
              "matmul+bias+relu %g, matmul+bias %g, A^T B %g, A B^T %g, "
              "f64 %g, constant operand %g\n",
              errors[0], errors[1], errors[2], errors[3], errors[4], errors[5]);
}

/// TensorFlow's conv2d of NHWC `x` with an HWIO filter, padding `top` and
/// `left` (the rest at the end), then bias, residual and relu, in float64.
template <typename T>
std::vector<double> conv2d(const std::vector<T> &x, int n, int h, int w, int c,
                           const std::vector<T> &filter, int r, int s, int k,
                           int oh, int ow, int stride, int dilation, int top,
                           int left, const std::vector<T> *bias,
                           const std::vector<T> *residual, bool relu) {
  std::vector<double> y(size_t(n) * oh * ow * k);
  for (int b = 0; b < n; ++b)
    for (int p = 0; p < oh; ++p)
      for (int q = 0; q < ow; ++q)
        for (int o = 0; o < k; ++o) {
          double sum = 0;
          for (int i = 0; i < r; ++i)
            for (int j = 0; j < s; ++j) {
              int row = p * stride + i * dilation - top;
              int col = q * stride + j * dilation - left;
              if (row < 0 || row >= h || col < 0 || col >= w)
                continue;
              for (int ch = 0; ch < c; ++ch)
                sum += double(x[((size_t(b) * h + row) * w + col) * c + ch]) *
                       double(filter[((i * s + j) * c + ch) * k + o]);
            }
          size_t at = ((size_t(b) * oh + p) * ow + q) * k + o;
          if (bias)
            sum += (*bias)[o];
          if (residual)
            sum += (*residual)[at];
          y[at] = relu ? std::max(sum, 0.0) : sum;
        }
  return y;
}

/// TensorFlow's Conv2DBackpropFilter (HWIO) of a stride-1 convolution
/// padded by `pad` on every side, in float64.
std::vector<double> filterGradient(const std::vector<float> &x,
                                   const std::vector<float> &dy, int n, int h,
                                   int w, int c, int r, int s, int k, int pad) {
  std::vector<double> grad(size_t(r) * s * c * k);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < s; ++j)
      for (int ch = 0; ch < c; ++ch)
        for (int o = 0; o < k; ++o) {
          double sum = 0;
          for (int b = 0; b < n; ++b)
            for (int p = 0; p < h; ++p)
              for (int q = 0; q < w; ++q) {
                int row = p + i - pad, col = q + j - pad;
                if (row >= 0 && row < h && col >= 0 && col < w)
                  sum += double(x[((size_t(b) * h + row) * w + col) * c + ch]) *
                         double(dy[((size_t(b) * h + p) * w + q) * k + o]);
              }
          grad[((size_t(i) * s + j) * c + ch) * k + o] = sum;
        }
  return grad;
}

TEST(CudaStep, ConvolutionsRunThroughCuDnnOrSayWhyNot) {
  auto x = wave<float>(64 * 28 * 28, 1.0), f1 = wave<float>(5 * 5 * 32, 0.2),
       b1 = wave<float>(32, 0.3), f2 = wave<float>(3 * 3 * 32 * 16, 0.05);
  auto d = wave<double>(2 * 9 * 9 * 3, 1.0),
       fd = wave<double>(3 * 3 * 3 * 4, 0.5), bd = wave<double>(4, 0.5),
       res = wave<double>(2 * 5 * 5 * 4, 1.0);
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    std::vector<float> h(64 * 28 * 28 * 32, -1.0f), strided(64 * 14 * 14 * 16);
    std::vector<double> o(2 * 5 * 5 * 4);
    std::vector<float> dw(5 * 5 * 32);
    HostArena arena(CUDA_CONV_STEP_ARENA_ALIGNMENT, CUDA_CONV_STEP_ARENA_BYTES,
                    context);
    const void *inputs[] = {x.data(), f1.data(), b1.data(), f2.data(),
                            d.data(), fd.data(), bd.data(), res.data()};
    void *outputs[] = {h.data(), strided.data(), o.data(), dw.data()};
    EXPECT_EQ(cuda_conv_step_run(&context, inputs, nullptr, outputs),
              KILN_STATUS_FAILED_PRECONDITION);
    expectTheMissingGpuNamed(memory.status());
    EXPECT_EQ(h[0], -1.0f);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  DeviceBuffers device(**memory);
  const void *inputs[] = {device.copyOf(x),  device.copyOf(f1),
                          device.copyOf(b1), device.copyOf(f2),
                          device.copyOf(d),  device.copyOf(fd),
                          device.copyOf(bd), device.copyOf(res)};
  void *outputs[] = {device.reserve(64 * 28 * 28 * 32 * 4),
                     device.reserve(64 * 14 * 14 * 16 * 4),
                     device.reserve(2 * 5 * 5 * 4 * 8),
                     device.reserve(5 * 5 * 32 * 4)};
  context.arena = device.reserve(CUDA_CONV_STEP_ARENA_BYTES);
  context.arena_bytes = CUDA_CONV_STEP_ARENA_BYTES;
  ASSERT_EQ(cuda_conv_step_run(&context, inputs, nullptr, outputs),
            KILN_STATUS_OK)
      << kiln_cuda_last_error();

  std::vector<float> h = device.read(outputs[0], 64 * 28 * 28 * 32);
  std::vector<double> o(2 * 5 * 5 * 4);
  KILN_EXPECT_OK((*memory)->copyToHost(
      o.data(), reinterpret_cast<uint64_t>(outputs[2]), o.size() * 8));
  std::vector<double> want64 = conv2d<double>(d, 2, 9, 9, 3, fd, 3, 3, 4, 5, 5,
                                              1, 2, 0, 0, &bd, &res, true);
  double f64Error = 0;
  for (size_t i = 0; i < o.size(); ++i)
    f64Error = std::max(f64Error, std::abs(o[i] - want64[i]) /
                                      std::max(1.0, std::abs(want64[i])));
  double errors[] = {
      worstRelative(h, conv2d<float>(x, 64, 28, 28, 1, f1, 5, 5, 32, 28, 28, 1,
                                     1, 2, 2, &b1, nullptr, true)),
      // SAME with stride 2 over 28: one row and column of padding, at the
      // end.
      worstRelative(device.read(outputs[1], 64 * 14 * 14 * 16),
                    conv2d<float>(h, 64, 28, 28, 32, f2, 3, 3, 16, 14, 14, 2, 1,
                                  0, 0, nullptr, nullptr, false)),
      f64Error,
      worstRelative(device.read(outputs[3], 5 * 5 * 32),
                    filterGradient(x, h, 64, 28, 28, 1, 5, 5, 32, 2))};
  EXPECT_LT(errors[0], 1e-5);
  EXPECT_LT(errors[1], 1e-4);
  EXPECT_LT(errors[2], 1e-12);
  // Sums of 64 * 28 * 28 products per element, in f32.
  EXPECT_LT(errors[3], 1e-3);
  std::printf("cuda AOT convolutions through cuDNN: max relative error "
              "conv+bias+relu %g, strided SAME %g, f64 dilated with residual "
              "%g, filter gradient %g\n",
              errors[0], errors[1], errors[2], errors[3]);
}

TEST(CudaStep, NarrowReductionsAndScattersRunOnTheGpuOrSayWhyNot) {
  constexpr int rows = 32, cols = 1000, k = 5, byteRows = 4, byteCols = 300,
                dataRows = 4096, width = 64, segments = 100;
  std::vector<float> p(rows * cols), d(dataRows * width);
  std::vector<int32_t> t(rows), ids(dataRows);
  std::vector<int8_t> c(byteRows * byteCols);
  for (size_t i = 0; i < p.size(); ++i)
    p[i] = std::sin(0.61f * i) * 2.0f;
  for (int r = 0; r < rows; ++r)
    t[r] = (r * 37) % cols;
  for (size_t i = 0; i < c.size(); ++i)
    c[i] = static_cast<int8_t>((i * 53) % 251 - 125);
  for (size_t i = 0; i < d.size(); ++i)
    d[i] = std::cos(0.013f * i);
  for (int r = 0; r < dataRows; ++r)
    ids[r] = r % 7 == 3 ? -1 : (r * 31) % segments; // -1: dropped
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    std::vector<uint8_t> in(rows, 7);
    std::vector<int8_t> maxima(byteRows);
    std::vector<float> sums(segments * width);
    HostArena arena(CUDA_SCATTER_STEP_ARENA_ALIGNMENT,
                    CUDA_SCATTER_STEP_ARENA_BYTES, context);
    const void *inputs[] = {p.data(), t.data(), c.data(), d.data(), ids.data()};
    void *outputs[] = {in.data(), maxima.data(), sums.data()};
    EXPECT_EQ(cuda_scatter_step_run(&context, inputs, nullptr, outputs),
              KILN_STATUS_FAILED_PRECONDITION);
    expectTheMissingGpuNamed(memory.status());
    EXPECT_EQ(in[0], 7);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  DeviceBuffers device(**memory);
  const void *inputs[] = {device.copyOf(p), device.copyOf(t), device.copyOf(c),
                          device.copyOf(d), device.copyOf(ids)};
  void *outputs[] = {device.reserve(rows), device.reserve(byteRows),
                     device.reserve(segments * width * 4)};
  context.arena = device.reserve(CUDA_SCATTER_STEP_ARENA_BYTES);
  context.arena_bytes = CUDA_SCATTER_STEP_ARENA_BYTES;
  ASSERT_EQ(cuda_scatter_step_run(&context, inputs, nullptr, outputs),
            KILN_STATUS_OK)
      << kiln_cuda_last_error();

  // InTopKV2: fewer than k predictions strictly above the target's.
  std::vector<uint8_t> in = device.read<uint8_t>(outputs[0], rows);
  int inTopK = 0;
  for (int r = 0; r < rows; ++r) {
    int above = 0;
    for (int j = 0; j < cols; ++j)
      above += p[r * cols + j] > p[r * cols + t[r]];
    EXPECT_EQ(in[r], above < k ? 1 : 0) << "row " << r;
    inTopK += above < k;
  }
  std::vector<int8_t> maxima = device.read<int8_t>(outputs[1], byteRows);
  for (int r = 0; r < byteRows; ++r)
    EXPECT_EQ(maxima[r], *std::max_element(c.begin() + r * byteCols,
                                           c.begin() + (r + 1) * byteCols))
        << "row " << r;
  std::vector<double> sums(segments * width, 0.0);
  for (int r = 0; r < dataRows; ++r)
    if (ids[r] >= 0)
      for (int j = 0; j < width; ++j)
        sums[ids[r] * width + j] += d[r * width + j];
  // The atomic adds land in any order: float rounding apart.
  double error = worstRelative(device.read(outputs[2], segments * width), sums);
  EXPECT_LT(error, 1e-5);
  std::printf("cuda AOT narrow reductions and scatter on the GPU: in_top_k "
              "%d of %d rows in, int8 maxima exact, segment sum max relative "
              "error %g\n",
              inTopK, rows, error);
}

// 20 SGD steps of the seed MLP with its variables in device memory,
// updated there by the step, against the float64 reference of the same
// updates (TrainingTest.cpp runs the same step through sessions).
TEST(CudaStep, SeedMlpTrainsOnTheGpuOrSaysWhyNot) {
  using reference::MlpTraining;
  constexpr int steps = 20;
  std::vector<std::vector<float>> initial = MlpTraining::initialWeights();
  std::vector<float> x;
  std::vector<int32_t> labels;
  MlpTraining::batch(0, x, labels);
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, nullptr, 0, nullptr, 0};
  auto memory = DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    float loss = -1.0f;
    HostArena arena(CUDA_TRAIN_STEP_ARENA_ALIGNMENT,
                    CUDA_TRAIN_STEP_ARENA_BYTES, context);
    const void *inputs[] = {x.data(), labels.data()};
    void *variables[6];
    for (int v = 0; v < 6; ++v)
      variables[v] = initial[v].data();
    void *outputs[] = {&loss};
    EXPECT_EQ(cuda_train_step_run(&context, inputs, variables, outputs),
              KILN_STATUS_FAILED_PRECONDITION);
    expectTheMissingGpuNamed(memory.status());
    EXPECT_EQ(loss, -1.0f);
    GTEST_SKIP() << "this machine has no GPU: " << memory.status().message();
  }
  DeviceBuffers device(**memory);
  void *variables[6];
  std::vector<std::vector<double>> reference;
  for (int v = 0; v < 6; ++v) {
    variables[v] = device.copyOf(initial[v]);
    reference.emplace_back(initial[v].begin(), initial[v].end());
  }
  void *xOnDevice = device.reserve(x.size() * sizeof(float));
  void *labelsOnDevice = device.reserve(labels.size() * sizeof(int32_t));
  void *lossOnDevice = device.reserve(sizeof(float));
  const void *inputs[] = {xOnDevice, labelsOnDevice};
  void *outputs[] = {lossOnDevice};
  context.arena = device.reserve(CUDA_TRAIN_STEP_ARENA_BYTES);
  context.arena_bytes = CUDA_TRAIN_STEP_ARENA_BYTES;
  double worstLoss = 0, first = 0, last = 0;
  for (int step = 0; step < steps; ++step) {
    MlpTraining::batch(step, x, labels);
    KILN_ASSERT_OK((*memory)->copyToDevice(
        reinterpret_cast<uint64_t>(xOnDevice), x.data(), x.size() * 4));
    KILN_ASSERT_OK(
        (*memory)->copyToDevice(reinterpret_cast<uint64_t>(labelsOnDevice),
                                labels.data(), labels.size() * 4));
    ASSERT_EQ(cuda_train_step_run(&context, inputs, variables, outputs),
              KILN_STATUS_OK)
        << kiln_cuda_last_error();
    double want = MlpTraining::step(reference, x, labels);
    double got = device.read(lossOnDevice, 1)[0];
    worstLoss = std::max(worstLoss, std::abs(got - want) / want);
    (step == 0 ? first : last) = got;
  }
  EXPECT_LT(worstLoss, 1e-5);
  EXPECT_LT(last, 0.5 * first);
  double worstWeight = 0;
  std::vector<size_t> sizes = MlpTraining::sizes();
  for (int v = 0; v < 6; ++v) {
    std::vector<float> trained = device.read(variables[v], sizes[v]);
    double scale = 0, worst = 0;
    for (size_t i = 0; i < sizes[v]; ++i) {
      scale = std::max(scale, std::abs(reference[v][i]));
      worst = std::max(worst, std::abs(trained[i] - reference[v][i]));
    }
    EXPECT_LT(worst, 1e-5 * scale) << MlpTraining::names()[v];
    worstWeight = std::max(worstWeight, worst / scale);
  }
  std::printf("cuda AOT seed MLP training on the GPU: %d SGD steps, loss "
              "%.4f -> %.4f, max relative error loss %g, weights %g\n",
              steps, first, last, worstLoss, worstWeight);
}

} // namespace
} // namespace kiln::cuda
