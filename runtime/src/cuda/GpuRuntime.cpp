//===- GpuRuntime.cpp - the mgpu* launch API on kiln's CUDA driver --------===//

#include "kiln/runtime/cuda/gpu_runtime.h"

#include "ThreadStatus.h"
#include "kiln/runtime/cuda/driver.h"
#include "kiln/runtime/status.h"

#include <cstring>
#include <mutex>
#include <string>

using namespace kiln;
using namespace kiln::cuda;

namespace {

/// The calling thread's first CUDA error since kiln_cuda_take_status(),
/// and the message of the one it last took.
thread_local Status firstError;
thread_local std::string takenMessage;

} // namespace

void kiln::cuda::recordThreadError(Status status) {
  if (firstError.ok() && !status.ok())
    firstError = std::move(status);
}

bool kiln::cuda::recordIfError(Status status) {
  bool failed = !status.ok();
  recordThreadError(std::move(status));
  return failed;
}

void kiln::cuda::finishLibraryCall(const CudaDriver &driver,
                                   const std::string &what) {
  if (CUresult result = driver.api().cuStreamSynchronize(nullptr);
      result != kCudaSuccess)
    recordThreadError(internalError(
        what + ": " + driver.describe("cuStreamSynchronize", result)));
}

bool kiln::cuda::threadErrorPending() { return !firstError.ok(); }

namespace {

/// The physical GPU launches run on, and whether its context was taken.
std::mutex launchDeviceMutex;
int launchDevice = 0;
bool launchDeviceFixed = false;

} // namespace

Status kiln::cuda::selectLaunchDevice(int ordinal) {
  std::lock_guard<std::mutex> lock(launchDeviceMutex);
  if (launchDeviceFixed && launchDevice != ordinal)
    return Status(StatusCode::FailedPrecondition,
                  "this process already runs its GPU steps on GPU " +
                      std::to_string(launchDevice) + ", not GPU " +
                      std::to_string(ordinal));
  launchDevice = ordinal;
  return Status();
}

const CudaDriver *kiln::cuda::readyDriver() {
  StatusOr<const CudaDriver *> driver = CudaDriver::load();
  if (!driver.ok()) {
    recordThreadError(driver.status());
    return nullptr;
  }
  const CudaDriverApi &api = (*driver)->api();
  static std::once_flag once;
  static CUcontext context = nullptr;
  static CUresult retained = kCudaSuccess;
  static int ordinal = 0;
  std::call_once(once, [&] {
    {
      std::lock_guard<std::mutex> lock(launchDeviceMutex);
      ordinal = launchDevice;
      launchDeviceFixed = true;
    }
    CUdevice device;
    retained = api.cuDeviceGet(&device, ordinal);
    if (retained == kCudaSuccess)
      retained = api.cuDevicePrimaryCtxRetain(&context, device);
  });
  if (retained != kCudaSuccess) {
    recordThreadError(internalError((*driver)->describe(
        ("retaining GPU " + std::to_string(ordinal) + "'s context").c_str(),
        retained)));
    return nullptr;
  }
  thread_local bool current = false;
  if (!current) {
    if (CUresult result = api.cuCtxSetCurrent(context);
        result != kCudaSuccess) {
      recordThreadError(
          internalError((*driver)->describe("cuCtxSetCurrent", result)));
      return nullptr;
    }
    current = true;
  }
  return *driver;
}

namespace {

/// Records `result` of `call` when it is an error; true when it is not.
bool check(const CudaDriver *driver, const char *call, CUresult result) {
  if (result == kCudaSuccess)
    return true;
  recordThreadError(internalError(driver->describe(call, result)));
  return false;
}

void *loadModule(const void *image) {
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return nullptr;
  CUmodule module = nullptr;
  if (!check(driver, "cuModuleLoadData",
             driver->api().cuModuleLoadData(&module, image)))
    return nullptr;
  return module;
}

} // namespace

extern "C" {

void *mgpuModuleLoadJIT(void *ptx, int) { return loadModule(ptx); }

void *mgpuModuleLoad(void *data, size_t) { return loadModule(data); }

void mgpuModuleUnload(void *module) {
  if (!module)
    return;
  if (const CudaDriver *driver = readyDriver())
    check(driver, "cuModuleUnload",
          driver->api().cuModuleUnload(static_cast<CUmodule>(module)));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module) {
    // Without a driver or GPU, say so on every step, not only on the first
    // one, which collected the failed load.
    StatusOr<const CudaDriver *> driver = CudaDriver::load();
    recordThreadError(Status(StatusCode::FailedPrecondition,
                             std::string("GPU kernel '") + name +
                                 "' cannot run: " +
                                 (driver.ok() ? "its module did not load"
                                              : driver.status().message())));
    return nullptr;
  }
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return nullptr;
  CUfunction function = nullptr;
  if (!check(driver, "cuModuleGetFunction",
             driver->api().cuModuleGetFunction(
                 &function, static_cast<CUmodule>(module), name)))
    return nullptr;
  return function;
}

void *mgpuStreamCreate(void) {
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return nullptr;
  CUstream stream = nullptr;
  check(driver, "cuStreamCreate", driver->api().cuStreamCreate(&stream, 0));
  return stream;
}

void mgpuStreamSynchronize(void *stream) {
  if (!firstError.ok())
    return;
  if (const CudaDriver *driver = readyDriver())
    check(driver, "cuStreamSynchronize",
          driver->api().cuStreamSynchronize(static_cast<CUstream>(stream)));
}

void mgpuStreamDestroy(void *stream) {
  if (!stream)
    return;
  if (const CudaDriver *driver = readyDriver())
    check(driver, "cuStreamDestroy",
          driver->api().cuStreamDestroy(static_cast<CUstream>(stream)));
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void *stream,
                      void **parameters, void **extra, size_t) {
  // A kernel that did not load was recorded already; nothing to launch.
  if (!function || !firstError.ok())
    return;
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return;
  check(driver, "cuLaunchKernel",
        driver->api().cuLaunchKernel(static_cast<CUfunction>(function), gridX,
                                     gridY, gridZ, blockX, blockY, blockZ,
                                     sharedBytes, static_cast<CUstream>(stream),
                                     parameters, extra));
}

void kiln_cuda_copy_to_host(uint64_t host, uint64_t device, uint64_t bytes) {
  void *to = reinterpret_cast<void *>(static_cast<uintptr_t>(host));
  const CudaDriver *driver = firstError.ok() ? readyDriver() : nullptr;
  // cuMemcpyDtoH waits for the work queued before it on the device.
  if (!driver || !check(driver, "cuMemcpyDtoH",
                        driver->api().cuMemcpyDtoH(
                            to, static_cast<CUdeviceptr>(device), bytes)))
    std::memset(to, 0, bytes);
}

int32_t kiln_cuda_take_status(void) {
  int32_t code =
      firstError.ok() ? KILN_STATUS_OK : toKilnStatusCode(firstError.code());
  takenMessage = firstError.message();
  firstError = Status();
  return code;
}

const char *kiln_cuda_last_error(void) {
  return firstError.ok() ? takenMessage.c_str() : firstError.message().c_str();
}

} // extern "C"
