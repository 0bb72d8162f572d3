//===- GpuRuntimeTest.cpp - launches and device memory, with or without a GPU
//-===//
//
// Without a GPU: the mgpu* entry points compiled launches call record "no
// CUDA driver" / "no GPU" for the step to return, and never crash. With a
// GPU (scripts/gpu-check.sh): device memory round-trips through the
// allocator, and the kernel the cuda target compiles for
// tests/Target/CUDA/ptx.mlir runs against a float64 reference.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/device_memory.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "kiln/runtime/status.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace kiln::cuda {
namespace {

bool haveGpu(std::string &why) {
  StatusOr<const CudaDriver *> driver = CudaDriver::load();
  if (!driver.ok())
    why = driver.status().message();
  return driver.ok();
}

TEST(GpuRuntime, WithoutAGpuLaunchesRecordWhyAndDoNothing) {
  std::string why;
  if (haveGpu(why))
    GTEST_SKIP() << "this machine has a GPU";
  const char ptx[] = ".version 7.0\n";
  void *module = mgpuModuleLoadJIT(const_cast<char *>(ptx), 2);
  EXPECT_EQ(module, nullptr);
  std::string message = kiln_cuda_last_error();
  EXPECT_TRUE(message.rfind("no CUDA driver", 0) == 0 ||
              message.rfind("no GPU", 0) == 0)
      << message;
  // What the compiled code calls next does nothing and keeps the first
  // error.
  void *function = mgpuModuleGetFunction(module, "kernel");
  EXPECT_EQ(function, nullptr);
  void *stream = mgpuStreamCreate();
  mgpuLaunchKernel(function, 1, 1, 1, 1, 1, 1, 0, stream, nullptr, nullptr, 0);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  // A read of a kernel's result for the host gives zeros, never garbage a
  // run-time check could take for a bad position.
  int64_t position[2] = {-7, -7};
  kiln_cuda_copy_to_host(reinterpret_cast<uintptr_t>(position), 4096,
                         sizeof(position));
  EXPECT_EQ(position[0], 0);
  EXPECT_EQ(position[1], 0);
  EXPECT_EQ(std::string(kiln_cuda_last_error()), message);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_FAILED_PRECONDITION);
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK);
  EXPECT_EQ(std::string(kiln_cuda_last_error()), "");
  // A function looked up in a module that never loaded names the kernel
  // and, on a later step too, why it did not load.
  mgpuModuleGetFunction(nullptr, "step_elementwise_0_kernel");
  EXPECT_NE(std::string(kiln_cuda_last_error())
                .find("'step_elementwise_0_kernel' cannot run: " + message),
            std::string::npos)
      << kiln_cuda_last_error();
  kiln_cuda_take_status();

  StatusOr<std::unique_ptr<DeviceMemoryBackend>> memory =
      DeviceMemoryBackend::create(0);
  ASSERT_FALSE(memory.ok());
  EXPECT_EQ(memory.status().message(), why);
}

TEST(GpuRuntime, DeviceMemoryRoundTripsThroughTheAllocator) {
  std::string why;
  if (!haveGpu(why))
    GTEST_SKIP() << "this machine has no GPU: " << why;
  StatusOr<std::unique_ptr<DeviceMemoryBackend>> memory =
      DeviceMemoryBackend::create(0);
  ASSERT_TRUE(memory.ok()) << memory.status().message();
  auto allocator = BfcAllocator::create(**memory, {/*allowGrowth=*/true, 0.5});
  ASSERT_TRUE(allocator.ok()) << allocator.status().message();
  std::vector<float> data(1 << 18), back(1 << 18, 0.0f);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<float>(i) * 0.5f;
  StatusOr<uint64_t> buffer =
      (*allocator)->allocate(data.size() * sizeof(float), "round trip");
  ASSERT_TRUE(buffer.ok()) << buffer.status().message();
  KILN_ASSERT_OK((*memory)->copyToDevice(*buffer, data.data(),
                                         data.size() * sizeof(float)));
  KILN_ASSERT_OK(
      (*memory)->copyToHost(back.data(), *buffer, back.size() * sizeof(float)));
  EXPECT_EQ(back, data);
  // As a step's host code reads one element a kernel wrote.
  float element = -1.0f;
  kiln_cuda_copy_to_host(reinterpret_cast<uintptr_t>(&element),
                         *buffer + 1000 * sizeof(float), sizeof(float));
  EXPECT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK) << kiln_cuda_last_error();
  EXPECT_EQ(element, 500.0f);
  KILN_EXPECT_OK((*allocator)->deallocate(*buffer));
}

/// A memref argument as gpu-to-llvm passes it to a kernel: allocated and
/// aligned pointers, offset, sizes, strides (row-major), each a parameter.
struct MemRefParameters {
  std::vector<int64_t> words;
  MemRefParameters(uint64_t address, std::vector<int64_t> sizes) {
    words = {static_cast<int64_t>(address), static_cast<int64_t>(address), 0};
    std::vector<int64_t> strides(sizes.size(), 1);
    for (size_t d = sizes.size(); d-- > 1;)
      strides[d - 1] = strides[d] * sizes[d];
    words.insert(words.end(), sizes.begin(), sizes.end());
    words.insert(words.end(), strides.begin(), strides.end());
  }
};

// The kernel ptx.mlir compiles: y = relu(exp(x + b)) over 4x1000, b along
// rows, launched as the step's host code would (16 blocks of 256).
TEST(GpuRuntime, TheCompiledElementwiseKernelMatchesFloat64) {
  std::string why;
  if (!haveGpu(why))
    GTEST_SKIP() << "this machine has no GPU: " << why;
  const char *dir = std::getenv("KILN_TEST_PTX_DIR");
  if (!dir)
    GTEST_SKIP()
        << "KILN_TEST_PTX_DIR is not set (scripts/gpu-check.sh sets it)";
  std::ifstream in(std::string(dir) + "/ptx.sm_80.ptx");
  std::stringstream text;
  text << in.rdbuf();
  std::string ptx = text.str();
  ASSERT_FALSE(ptx.empty());

  auto memory = DeviceMemoryBackend::create(0);
  ASSERT_TRUE(memory.ok()) << memory.status().message();
  std::vector<float> x(4000), b(1000), y(4000, -1.0f);
  for (int i = 0; i < 4000; ++i)
    x[i] = std::sin(0.01f * i) * 3.0f;
  for (int j = 0; j < 1000; ++j)
    b[j] = std::cos(0.02f * j);
  auto dx = (*memory)->reserve(4000 * 4), db = (*memory)->reserve(1000 * 4),
       dy = (*memory)->reserve(4000 * 4);
  ASSERT_TRUE(dx.ok() && db.ok() && dy.ok());
  KILN_ASSERT_OK((*memory)->copyToDevice(*dx, x.data(), 4000 * 4));
  KILN_ASSERT_OK((*memory)->copyToDevice(*db, b.data(), 1000 * 4));

  void *module = mgpuModuleLoadJIT(ptx.data(), 2);
  void *function = mgpuModuleGetFunction(module, "step_elementwise_0_kernel");
  ASSERT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK) << kiln_cuda_last_error();
  // args(x, b, y): the bounds and constants are compiled into the kernel.
  MemRefParameters px(*dx, {4, 1000}), pb(*db, {1000}), py(*dy, {4, 1000});
  std::vector<void *> parameters;
  for (MemRefParameters *memref : {&px, &pb, &py})
    for (int64_t &word : memref->words)
      parameters.push_back(&word);
  ASSERT_EQ(parameters.size(), 19u);
  void *stream = mgpuStreamCreate();
  mgpuLaunchKernel(function, 16, 1, 1, 256, 1, 1, 0, stream, parameters.data(),
                   nullptr, parameters.size());
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  ASSERT_EQ(kiln_cuda_take_status(), KILN_STATUS_OK) << kiln_cuda_last_error();
  KILN_ASSERT_OK((*memory)->copyToHost(y.data(), *dy, 4000 * 4));
  double worst = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 1000; ++j) {
      double want = std::max(0.0, std::exp(double(x[i * 1000 + j]) + b[j]));
      worst = std::max(worst, std::abs(y[i * 1000 + j] - want) /
                                  std::max(1.0, std::abs(want)));
    }
  EXPECT_LT(worst, 1e-5);
  std::printf("compiled kernel on the GPU: max relative error %g\n", worst);
  mgpuModuleUnload(module);
  for (auto buffer : {*dx, *db, *dy})
    (*memory)->release(buffer, 0);
}

} // namespace
} // namespace kiln::cuda
