//===- device_memory.h - a GPU's memory as an allocator backend -*- C++ -*-===//
//
// The MemoryBackend a BfcAllocator takes regions from on a real GPU
// (cuMemAlloc / cuMemFree on the device's primary context), and the
// copies between host and device memory a session needs for feeds,
// fetches and checkpoints.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_DEVICE_MEMORY_H
#define KILN_RUNTIME_CUDA_DEVICE_MEMORY_H

#include "kiln/runtime/cuda/bfc_allocator.h"
#include "kiln/runtime/cuda/driver.h"

#include <memory>

namespace kiln::cuda {

class DeviceMemoryBackend final : public MemoryBackend {
public:
  /// GPU `ordinal` of the process driver; "no CUDA driver" / "no GPU" /
  /// "GPU N does not exist" errors otherwise.
  static StatusOr<std::unique_ptr<DeviceMemoryBackend>> create(int ordinal);
  ~DeviceMemoryBackend() override;

  uint64_t totalBytes() const override { return totalBytes_; }
  StatusOr<uint64_t> reserve(uint64_t bytes) override;
  void release(uint64_t address, uint64_t bytes) override;

  Status copyToDevice(uint64_t device, const void *host, uint64_t bytes);
  Status copyToHost(void *host, uint64_t device, uint64_t bytes);

private:
  DeviceMemoryBackend(const CudaDriver &driver, CUdevice device,
                      CUcontext context, uint64_t totalBytes)
      : driver_(driver), device_(device), context_(context),
        totalBytes_(totalBytes) {}
  Status makeCurrent();

  const CudaDriver &driver_;
  CUdevice device_;
  CUcontext context_;
  uint64_t totalBytes_;
};

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_DEVICE_MEMORY_H
