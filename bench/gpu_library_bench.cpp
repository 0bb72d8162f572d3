//===- gpu_library_bench.cpp - fused library calls against the bare ones --===//
//
// kiln-gpu-library-bench: on a GPU, times the calls compiled cuda steps
// make (runtime/include/kiln/runtime/cuda/gemm.h, conv2d.h) with their
// fused epilogues against the same calls without one: matmul + bias + relu
// through cuBLASLt's RELU_BIAS epilogue against cuBLASLt's GEMM alone at
// the three GEMM shapes of bench/RESULTS.md, and the CNN's convolutions
// with bias + relu through cuDNN's fused call against the convolution
// alone. Each call synchronizes, as in a step; the table gives the median
// of the repeats, in microseconds and GFLOP/s, and the fused/alone ratio
// (the target: >= 0.95). Links the CUDA layer only; without a GPU
// it says why and measures nothing.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/conv2d.h"
#include "kiln/runtime/cuda/device_memory.h"
#include "kiln/runtime/cuda/gemm.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace kiln;
using namespace kiln::cuda;

namespace {

constexpr int kRepeats = 30;
constexpr uint64_t kWorkspaceBytes = 32 << 20;

/// Device memory for one benchmark, released at the end.
class Buffers {
public:
  explicit Buffers(DeviceMemoryBackend &memory) : memory_(memory) {}
  ~Buffers() {
    for (auto [address, bytes] : taken_)
      memory_.release(address, bytes);
  }
  /// `count` floats of a smooth pattern, or zeros.
  uint64_t floats(size_t count, bool zero = false) {
    std::vector<float> host(count);
    if (!zero)
      for (size_t i = 0; i < count; ++i)
        host[i] = float(std::sin(0.001 * double(i % 10007)) * 0.5);
    uint64_t address = take(count * sizeof(float));
    Status copied =
        memory_.copyToDevice(address, host.data(), count * sizeof(float));
    if (!copied.ok())
      fail(copied.message());
    return address;
  }
  uint64_t take(uint64_t bytes) {
    StatusOr<uint64_t> address = memory_.reserve(bytes);
    if (!address.ok())
      fail(address.status().message());
    taken_.push_back({*address, bytes});
    return *address;
  }

  [[noreturn]] static void fail(const std::string &why) {
    std::fprintf(stderr, "kiln-gpu-library-bench: %s\n", why.c_str());
    std::exit(1);
  }

private:
  DeviceMemoryBackend &memory_;
  std::vector<std::pair<uint64_t, uint64_t>> taken_;
};

/// The median time of `call` in microseconds, over kRepeats runs after
/// three warm-up runs (the first makes the library's plan).
double medianMicroseconds(const std::function<void()> &call) {
  std::vector<double> times;
  for (int i = 0; i < kRepeats + 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    call();
    auto stop = std::chrono::steady_clock::now();
    if (kiln_cuda_take_status() != KILN_STATUS_OK)
      Buffers::fail(kiln_cuda_last_error());
    if (i >= 3)
      times.push_back(
          std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void printRow(const std::string &what, double flops, double fused,
              double alone) {
  std::printf("| %s | %.1f | %.0f | %.1f | %.0f | %.2f |\n", what.c_str(),
              fused, flops / fused / 1e3, alone, flops / alone / 1e3,
              alone / fused);
}

void benchGemm(DeviceMemoryBackend &memory, int64_t m, int64_t k, int64_t n) {
  Buffers buffers(memory);
  uint64_t a = buffers.floats(m * k), b = buffers.floats(k * n),
           bias = buffers.floats(n), d = buffers.floats(m * n, true),
           workspace = buffers.take(kWorkspaceBytes);
  auto gemm = [&](int32_t epilogue) {
    return [=] {
      kiln_cuda_gemm(KILN_DTYPE_F32, 0, 0, epilogue, m, n, k, a, k, b, n,
                     epilogue == KILN_GEMM_EPILOGUE_NONE ? 0 : bias, d, n,
                     workspace, kWorkspaceBytes);
    };
  };
  double fused = medianMicroseconds(gemm(KILN_GEMM_EPILOGUE_BIAS_RELU));
  double alone = medianMicroseconds(gemm(KILN_GEMM_EPILOGUE_NONE));
  printRow("matmul+bias+relu " + std::to_string(m) + "x" + std::to_string(k) +
               "x" + std::to_string(n),
           2.0 * m * n * k, fused, alone);
}

void benchConv(DeviceMemoryBackend &memory, int64_t n, int64_t hw, int64_t c,
               int64_t k, int64_t window) {
  Buffers buffers(memory);
  int64_t pad = window / 2;
  uint64_t x = buffers.floats(n * hw * hw * c),
           filter = buffers.floats(k * window * window * c),
           bias = buffers.floats(k), y = buffers.floats(n * hw * hw * k, true),
           workspace = buffers.take(kWorkspaceBytes);
  auto conv = [&](int32_t epilogue) {
    return [=] {
      kiln_cuda_conv2d(KILN_DTYPE_F32, epilogue, n, hw, hw, c, k, window,
                       window, hw, hw, pad, pad, 1, 1, 1, 1, x, filter,
                       epilogue ? bias : 0, 0, y, workspace, kWorkspaceBytes);
    };
  };
  double fused = medianMicroseconds(
      conv(KILN_CONV_EPILOGUE_BIAS | KILN_CONV_EPILOGUE_RELU));
  double alone = medianMicroseconds(conv(0));
  printRow("conv+bias+relu " + std::to_string(n) + "x" + std::to_string(hw) +
               "x" + std::to_string(hw) + "x" + std::to_string(c) + " * " +
               std::to_string(window) + "x" + std::to_string(window) + "x" +
               std::to_string(k),
           2.0 * n * hw * hw * k * window * window * c, fused, alone);
}

} // namespace

int main() {
  StatusOr<std::unique_ptr<DeviceMemoryBackend>> memory =
      DeviceMemoryBackend::create(0);
  if (!memory.ok()) {
    std::printf("kiln-gpu-library-bench: nothing measured: %s\n",
                memory.status().message().c_str());
    return 0;
  }
  const CudaDriver *driver = *CudaDriver::load();
  std::printf("GPU: %s; median of %d calls, each synchronized\n\n",
              driver->devices()[0].name.c_str(), kRepeats);
  std::printf("| call | fused us | fused GFLOP/s | alone us | alone GFLOP/s "
              "| alone/fused |\n|---|---:|---:|---:|---:|---:|\n");
  benchGemm(**memory, 256, 784, 200);
  benchGemm(**memory, 1024, 1024, 1024);
  benchGemm(**memory, 4096, 1024, 4096);
  // The seed CNN's two convolutions (5x5 SAME), batch 64 and 256.
  for (int64_t batch : {64, 256}) {
    benchConv(**memory, batch, 28, 1, 32, 5);
    benchConv(**memory, batch, 14, 32, 64, 5);
  }
  return 0;
}
