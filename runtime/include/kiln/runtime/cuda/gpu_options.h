//===- gpu_options.h - TensorFlow's GPU options a session sets --*- C++ -*-===//
#ifndef KILN_RUNTIME_CUDA_GPU_OPTIONS_H
#define KILN_RUNTIME_CUDA_GPU_OPTIONS_H

#include "kiln/runtime/status_cc.h"

#include <string>

namespace kiln::cuda {

/// The GPUOptions that shape the device allocator (bfc_allocator.h).
struct GpuMemoryOptions {
  bool allowGrowth = false;
  /// In (0, 1]: TensorFlow's per_process_gpu_memory_fraction.
  double memoryFraction = 1.0;
};

/// The GPUOptions a session sets (kiln-run's and the trainer's --gpu-*
/// flags).
struct GpuSessionOptions {
  GpuMemoryOptions memory;
  /// TensorFlow's visible_device_list ("1,0"): the first GPU listed is
  /// /device:GPU:0, the one steps run on. Empty: GPU 0.
  std::string visibleDeviceList;
};

/// An error naming the option when `options` cannot be right on any
/// machine: a memory fraction outside (0, 1], a device list that is not
/// distinct GPU numbers separated by commas.
Status checkGpuSessionOptions(const GpuSessionOptions &options);

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_GPU_OPTIONS_H
