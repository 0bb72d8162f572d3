//===- visible_devices.h - TensorFlow's visible_device_list -----*- C++ -*-===//
#ifndef KILN_RUNTIME_CUDA_VISIBLE_DEVICES_H
#define KILN_RUNTIME_CUDA_VISIBLE_DEVICES_H

#include "kiln/runtime/status_cc.h"

#include <string>
#include <vector>

namespace kiln::cuda {

/// The physical GPUs a session sees, in the order it numbers them
/// (/device:GPU:0 is the first): TensorFlow's visible_device_list, e.g.
/// "1,0". Empty text means every one of the `deviceCount` GPUs. An entry
/// that is not a number, is out of range or repeats is an error naming it.
StatusOr<std::vector<int>> parseVisibleDeviceList(const std::string &text,
                                                  int deviceCount);

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_VISIBLE_DEVICES_H
