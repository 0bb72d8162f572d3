//===- DeviceMemory.cpp - a GPU's memory as an allocator backend ----------===//

#include "kiln/runtime/cuda/device_memory.h"

namespace kiln::cuda {

StatusOr<std::unique_ptr<DeviceMemoryBackend>>
DeviceMemoryBackend::create(int ordinal) {
  StatusOr<const CudaDriver *> loaded = CudaDriver::load();
  if (!loaded.ok())
    return loaded.status();
  const CudaDriver &driver = **loaded;
  if (ordinal < 0 || ordinal >= static_cast<int>(driver.devices().size()))
    return invalidArgument("GPU " + std::to_string(ordinal) +
                           " does not exist (this machine has " +
                           std::to_string(driver.devices().size()) + ")");
  const CudaDriverApi &api = driver.api();
  CUdevice device;
  CUcontext context;
  CUresult result = api.cuDeviceGet(&device, ordinal);
  if (result == kCudaSuccess)
    result = api.cuDevicePrimaryCtxRetain(&context, device);
  if (result != kCudaSuccess)
    return internalError(driver.describe("opening GPU", result));
  return std::unique_ptr<DeviceMemoryBackend>(new DeviceMemoryBackend(
      driver, device, context, driver.devices()[ordinal].totalBytes));
}

DeviceMemoryBackend::~DeviceMemoryBackend() {
  driver_.api().cuDevicePrimaryCtxRelease(device_);
}

Status DeviceMemoryBackend::makeCurrent() {
  if (CUresult result = driver_.api().cuCtxSetCurrent(context_);
      result != kCudaSuccess)
    return internalError(driver_.describe("cuCtxSetCurrent", result));
  return Status();
}

StatusOr<uint64_t> DeviceMemoryBackend::reserve(uint64_t bytes) {
  KILN_RETURN_IF_ERROR(makeCurrent());
  CUdeviceptr address = 0;
  if (CUresult result = driver_.api().cuMemAlloc(&address, bytes);
      result != kCudaSuccess)
    return Status(StatusCode::ResourceExhausted,
                  driver_.describe("cuMemAlloc", result) + " for " +
                      std::to_string(bytes) + " bytes");
  return static_cast<uint64_t>(address);
}

void DeviceMemoryBackend::release(uint64_t address, uint64_t) {
  if (makeCurrent().ok())
    driver_.api().cuMemFree(address);
}

Status DeviceMemoryBackend::copyToDevice(uint64_t device, const void *host,
                                         uint64_t bytes) {
  KILN_RETURN_IF_ERROR(makeCurrent());
  if (CUresult result = driver_.api().cuMemcpyHtoD(device, host, bytes);
      result != kCudaSuccess)
    return internalError(driver_.describe("cuMemcpyHtoD", result));
  return Status();
}

Status DeviceMemoryBackend::copyToHost(void *host, uint64_t device,
                                       uint64_t bytes) {
  KILN_RETURN_IF_ERROR(makeCurrent());
  if (CUresult result = driver_.api().cuMemcpyDtoH(host, device, bytes);
      result != kCudaSuccess)
    return internalError(driver_.describe("cuMemcpyDtoH", result));
  return Status();
}

} // namespace kiln::cuda
