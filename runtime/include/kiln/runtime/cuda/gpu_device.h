//===- gpu_device.h - one GPU as JIT sessions use it ------------*- C++ -*-===//
//
// What a session needs of the GPU its steps run on besides launches: a
// BFC allocator over the GPU's memory (step arenas, staged feeds and
// fetches, variables) and copies between host and device memory.
//
// One per process: the first session to open the GPU fixes its memory
// options and its visible device list, as TensorFlow makes its process's
// GPU allocator once. A later open asking for other options is an error
// naming both, rather than a silent change of limits.
//
// `emulated` poses host memory as a GPU for the cuda-emulation target:
// its steps then stage feeds, fetches and variables exactly as a GPU
// session does, and the tests check that staging without a GPU.
//
// Thread-safety: every member function may be called from any thread.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_GPU_DEVICE_H
#define KILN_RUNTIME_CUDA_GPU_DEVICE_H

#include "kiln/runtime/cuda/bfc_allocator.h"

#include <memory>
#include <string>

namespace kiln::cuda {

class GpuDevice {
public:
  /// The process's GPU for `options`: "no CUDA driver" / "no GPU" /
  /// visible_device_list errors, or an error when the GPU is already open
  /// with other options.
  static StatusOr<std::shared_ptr<GpuDevice>>
  open(const GpuSessionOptions &options);

  /// Host memory posing as a GPU of `totalBytes` bytes; allocations grow
  /// as needed.
  static std::shared_ptr<GpuDevice> emulated(uint64_t totalBytes);

  virtual ~GpuDevice();

  /// `bytes` of device memory for `what` (named by out-of-memory errors:
  /// "step 'main': the arena").
  StatusOr<uint64_t> allocate(uint64_t bytes, const std::string &what);
  /// Returns memory allocate() gave; 0 is ignored.
  void deallocate(uint64_t address);

  virtual Status copyToDevice(uint64_t device, const void *host,
                              uint64_t bytes) = 0;
  virtual Status copyToHost(void *host, uint64_t device, uint64_t bytes) = 0;

  BfcAllocator::Stats stats() const { return allocator_->stats(); }
  /// "GPU 0 (NVIDIA H100 80GB HBM3, physical GPU 1)", "emulated GPU".
  const std::string &description() const { return description_; }

protected:
  GpuDevice(std::unique_ptr<MemoryBackend> backend,
            std::unique_ptr<BfcAllocator> allocator, std::string description)
      : backend_(std::move(backend)), allocator_(std::move(allocator)),
        description_(std::move(description)) {}

private:
  // Declared before the allocator, which returns its regions to it when it
  // goes.
  std::unique_ptr<MemoryBackend> backend_;
  std::unique_ptr<BfcAllocator> allocator_;
  std::string description_;
};

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_GPU_DEVICE_H
