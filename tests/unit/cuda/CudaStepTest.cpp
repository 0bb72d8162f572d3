//===- CudaStepTest.cpp - a cuda AOT step run on the GPU ------------------===//
//
// tests/Target/CUDA/aot.mlir's step, compiled ahead of time for the cuda
// target at build time (cuda_step.o + cuda_step.h) and linked with the
// runtime core and its CUDA layer only: with a GPU, it runs on device
// buffers and matches -exp(x) in float64; without one it returns
// FAILED_PRECONDITION naming why.
//
//===----------------------------------------------------------------------===//

#include "cuda_step.h"
#include "kiln/runtime/cuda/device_memory.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace kiln::cuda {
namespace {

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
    EXPECT_EQ(std::string(kiln_cuda_last_error()), memory.status().message());
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

} // namespace
} // namespace kiln::cuda
