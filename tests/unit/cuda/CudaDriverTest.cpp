//===- CudaDriverTest.cpp - the driver loader without a GPU ---------------===//
//
// What a machine without a GPU sees: a clear "no CUDA driver" (nothing to
// load, or only the toolkit's link-time stub) or "no GPU", never a loader
// failure. On a machine with a GPU the process-wide load succeeds and
// describes the devices.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/driver.h"
#include "kiln/runtime/cuda/visible_devices.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>

namespace kiln::cuda {
namespace {

TEST(CudaDriver, AMissingLibraryIsNoCudaDriver) {
  StatusOr<CudaDriver> driver =
      CudaDriver::loadFrom("/nonexistent/kiln/libcuda.so.1");
  ASSERT_FALSE(driver.ok());
  EXPECT_EQ(driver.status().code(), StatusCode::FailedPrecondition);
  EXPECT_NE(driver.status().message().find("no CUDA driver"), std::string::npos)
      << driver.status().message();
  EXPECT_NE(driver.status().message().find("KILN_CUDA_LIBRARY_PATH"),
            std::string::npos);
}

TEST(CudaDriver, TheToolkitStubIsNoCudaDriver) {
  const char *stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  struct stat info;
  if (stat(stub, &info) != 0)
    GTEST_SKIP() << "no CUDA toolkit stub at " << stub;
  StatusOr<CudaDriver> driver = CudaDriver::loadFrom(stub);
  ASSERT_FALSE(driver.ok());
  EXPECT_NE(
      driver.status().message().find("no CUDA driver: " + std::string(stub) +
                                     " is the CUDA toolkit's link-time "
                                     "stub"),
      std::string::npos)
      << driver.status().message();
}

TEST(CudaDriver, TheProcessDriverLoadsOrSaysWhyNot) {
  StatusOr<const CudaDriver *> driver = CudaDriver::load();
  if (!driver.ok()) {
    const std::string &why = driver.status().message();
    EXPECT_TRUE(why.rfind("no CUDA driver", 0) == 0 ||
                why.rfind("no GPU", 0) == 0 ||
                why.rfind("no usable GPU", 0) == 0)
        << why;
    // The same answer every time, without loading again.
    EXPECT_EQ(CudaDriver::load().status().message(), why);
    GTEST_SKIP() << "this machine has no GPU: " << why;
  }
  ASSERT_FALSE((*driver)->devices().empty());
  EXPECT_GE((*driver)->version(), 12000);
  for (const CudaDeviceInfo &device : (*driver)->devices()) {
    EXPECT_FALSE(device.name.empty());
    EXPECT_GT(device.totalBytes, 0u);
  }
}

/// The PTX files in KILN_TEST_PTX_DIR (what scripts/gpu-check.sh bundles
/// from the cuda target's lit tests).
std::vector<std::string> ptxFiles() {
  std::vector<std::string> files;
  const char *dir = std::getenv("KILN_TEST_PTX_DIR");
  if (!dir)
    return files;
  if (DIR *handle = opendir(dir)) {
    while (dirent *entry = readdir(handle)) {
      std::string name = entry->d_name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".ptx") == 0)
        files.push_back(std::string(dir) + "/" + name);
    }
    closedir(handle);
  }
  return files;
}

// On a GPU: every kernel kiln compiled loads into the driver (which
// compiles the PTX for the device it has) and each entry is found.
TEST(CudaDriver, LoadsTheCompiledKernels) {
  StatusOr<const CudaDriver *> loaded = CudaDriver::load();
  if (!loaded.ok())
    GTEST_SKIP() << "this machine has no GPU: " << loaded.status().message();
  std::vector<std::string> files = ptxFiles();
  if (files.empty())
    GTEST_SKIP() << "KILN_TEST_PTX_DIR names no directory of .ptx files "
                    "(scripts/gpu-check.sh sets it)";
  const CudaDriver &driver = **loaded;
  const CudaDriverApi &api = driver.api();
  CUdevice device;
  CUcontext context;
  ASSERT_EQ(api.cuDeviceGet(&device, 0), kCudaSuccess);
  ASSERT_EQ(api.cuDevicePrimaryCtxRetain(&context, device), kCudaSuccess);
  ASSERT_EQ(api.cuCtxSetCurrent(context), kCudaSuccess);
  for (const std::string &file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::string ptx = text.str();
    CUmodule module;
    CUresult result = api.cuModuleLoadData(&module, ptx.c_str());
    ASSERT_EQ(result, kCudaSuccess)
        << file << ": " << driver.describe("cuModuleLoadData", result);
    std::regex entry(R"(\.entry\s+([A-Za-z_][A-Za-z0-9_]*)\s*\()");
    int entries = 0;
    for (std::sregex_iterator it(ptx.begin(), ptx.end(), entry), end;
         it != end; ++it, ++entries) {
      CUfunction function;
      std::string name = (*it)[1];
      result = api.cuModuleGetFunction(&function, module, name.c_str());
      EXPECT_EQ(result, kCudaSuccess)
          << name << ": " << driver.describe("cuModuleGetFunction", result);
    }
    EXPECT_GT(entries, 0) << file;
    std::printf("loaded %s: %d kernels\n", file.c_str(), entries);
    api.cuModuleUnload(module);
  }
  api.cuDevicePrimaryCtxRelease(device);
}

TEST(CudaDriver, SearchesKilnCudaLibraryPathFirst) {
  std::string dir = ::testing::TempDir();
  setenv("KILN_CUDA_LIBRARY_PATH", ("/nonexistent/kiln:" + dir).c_str(), 1);
  std::vector<std::string> dirs = librarySearchDirectories();
  unsetenv("KILN_CUDA_LIBRARY_PATH");
  ASSERT_FALSE(dirs.empty());
  // Directories that do not exist are skipped.
  EXPECT_EQ(dirs.front(), dir);
}

TEST(VisibleDevices, ParsesTensorFlowsList) {
  StatusOr<std::vector<int>> all = parseVisibleDeviceList("", 3);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, (std::vector<int>{0, 1, 2}));
  StatusOr<std::vector<int>> reordered = parseVisibleDeviceList("2,0", 3);
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(*reordered, (std::vector<int>{2, 0}));
  EXPECT_NE(errorOf(parseVisibleDeviceList("0,3", 3).status())
                .find("GPU 3 does not exist (this machine has 3)"),
            std::string::npos);
  EXPECT_NE(errorOf(parseVisibleDeviceList("1,1", 3).status())
                .find("GPU 1 is listed twice"),
            std::string::npos);
  EXPECT_NE(errorOf(parseVisibleDeviceList("0,,1", 3).status())
                .find("'' is not a GPU number"),
            std::string::npos);
  EXPECT_NE(errorOf(parseVisibleDeviceList("gpu0", 3).status())
                .find("'gpu0' is not a GPU number"),
            std::string::npos);
}

} // namespace
} // namespace kiln::cuda
