//===- VisibleDevices.cpp - TensorFlow's visible_device_list --------------===//

#include "kiln/runtime/cuda/visible_devices.h"

#include <algorithm>
#include <cctype>

namespace kiln::cuda {

StatusOr<std::vector<int>> parseVisibleDeviceList(const std::string &text,
                                                  int deviceCount) {
  std::vector<int> devices;
  if (text.empty()) {
    for (int ordinal = 0; ordinal < deviceCount; ++ordinal)
      devices.push_back(ordinal);
    return devices;
  }
  size_t start = 0;
  while (true) {
    size_t end = text.find(',', start);
    std::string entry = text.substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    bool digits = !entry.empty() && entry.size() <= 6 &&
                  std::all_of(entry.begin(), entry.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                  });
    if (!digits)
      return invalidArgument("visible_device_list \"" + text + "\": '" + entry +
                             "' is not a GPU number");
    int ordinal = std::stoi(entry);
    if (ordinal >= deviceCount)
      return invalidArgument("visible_device_list \"" + text + "\": GPU " +
                             entry + " does not exist (this machine has " +
                             std::to_string(deviceCount) + ")");
    if (std::find(devices.begin(), devices.end(), ordinal) != devices.end())
      return invalidArgument("visible_device_list \"" + text + "\": GPU " +
                             entry + " is listed twice");
    devices.push_back(ordinal);
    if (end == std::string::npos)
      return devices;
    start = end + 1;
  }
}

} // namespace kiln::cuda
