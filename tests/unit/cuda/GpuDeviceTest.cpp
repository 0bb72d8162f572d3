//===- GpuDeviceTest.cpp - the process's GPU as JIT sessions open it ------===//
//
// Options a GPU cannot honour anywhere are refused before anything opens;
// without a driver, opening says why; with a GPU, the process's one device
// refuses a second session's other options. The emulated device (host
// memory) allocates and copies as a GPU's does.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/gpu_device.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace kiln::cuda {
namespace {

std::string errorOf(const Status &status) {
  EXPECT_FALSE(status.ok());
  return status.message();
}

GpuSessionOptions withFraction(double fraction) {
  GpuSessionOptions options;
  options.memory.memoryFraction = fraction;
  return options;
}

TEST(GpuDevice, RefusesOptionsNoGpuCouldHonour) {
  KILN_EXPECT_OK(checkGpuSessionOptions({}));
  KILN_EXPECT_OK(checkGpuSessionOptions(withFraction(0.25)));
  for (double fraction : {0.0, -0.5, 1.5, std::nan("")})
    EXPECT_NE(errorOf(checkGpuSessionOptions(withFraction(fraction)))
                  .find("per_process_gpu_memory_fraction must be in (0, 1]"),
              std::string::npos)
        << fraction;
  GpuSessionOptions listed;
  listed.visibleDeviceList = "1,0";
  KILN_EXPECT_OK(checkGpuSessionOptions(listed));
  listed.visibleDeviceList = "0,0";
  EXPECT_EQ(errorOf(checkGpuSessionOptions(listed)),
            "visible_device_list \"0,0\": GPU 0 is listed twice");
  listed.visibleDeviceList = "0,gpu1";
  EXPECT_EQ(errorOf(checkGpuSessionOptions(listed)),
            "visible_device_list \"0,gpu1\": 'gpu1' is not a GPU number");
}

TEST(GpuDevice, OpensTheProcessGpuOrSaysWhyNot) {
  // Growing, and from a slice of the GPU: the device stays open for the
  // process, and later tests take device memory of their own.
  GpuSessionOptions growing = withFraction(0.125);
  growing.memory.allowGrowth = true;
  StatusOr<std::shared_ptr<GpuDevice>> device = GpuDevice::open(growing);
  if (!device.ok()) {
    EXPECT_EQ(device.status().code(), StatusCode::FailedPrecondition);
    EXPECT_TRUE(device.status().message().rfind("no CUDA driver", 0) == 0 ||
                device.status().message().rfind("no GPU", 0) == 0)
        << device.status().message();
    // Bad options are refused before the driver is looked for.
    EXPECT_NE(errorOf(GpuDevice::open(withFraction(2.0)).status())
                  .find("per_process_gpu_memory_fraction"),
              std::string::npos);
    GTEST_SKIP() << "this machine has no GPU: " << device.status().message();
  }
  StatusOr<std::shared_ptr<GpuDevice>> again = GpuDevice::open(growing);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->get(), device->get());
  EXPECT_NE(errorOf(GpuDevice::open(withFraction(0.5)).status())
                .find("the process's GPU is open with allow_growth=true, "
                      "per_process_gpu_memory_fraction=0.125"),
            std::string::npos);
  StatusOr<uint64_t> buffer = (*device)->allocate(4096, "test buffer");
  ASSERT_TRUE(buffer.ok()) << buffer.status().message();
  std::vector<float> out(1024, 1.5f), back(1024, 0.0f);
  KILN_EXPECT_OK((*device)->copyToDevice(*buffer, out.data(), 4096));
  KILN_EXPECT_OK((*device)->copyToHost(back.data(), *buffer, 4096));
  EXPECT_EQ(back, out);
  (*device)->deallocate(*buffer);
}

TEST(GpuDevice, TheEmulatedDeviceAllocatesAndCopiesAsAGpu) {
  std::shared_ptr<GpuDevice> device = GpuDevice::emulated(1 << 20);
  EXPECT_EQ(device->description(), "emulated GPU");
  StatusOr<uint64_t> a = device->allocate(1000, "step 'main': the arena");
  ASSERT_TRUE(a.ok()) << a.status().message();
  std::vector<int32_t> values = {1, 2, 3, 4}, back(4, 0);
  KILN_EXPECT_OK(device->copyToDevice(*a, values.data(), 16));
  KILN_EXPECT_OK(device->copyToHost(back.data(), *a, 16));
  EXPECT_EQ(back, values);
  EXPECT_EQ(device->stats().allocations, 1);
  // Growth on demand, up to the device's size, and then a clear error.
  std::string error =
      errorOf(device->allocate(2 << 20, "step 'main': feed 'x'").status());
  EXPECT_NE(error.find("out of GPU memory: step 'main': feed 'x' on emulated "
                       "GPU asks for 2097152 bytes"),
            std::string::npos)
      << error;
  device->deallocate(*a);
  EXPECT_EQ(device->stats().inUse, 0u);
}

} // namespace
} // namespace kiln::cuda
