//===- GpuDevice.cpp - one GPU as JIT sessions use it ---------------------===//

#include "kiln/runtime/cuda/gpu_device.h"

#include "ThreadStatus.h"
#include "kiln/runtime/cuda/device_memory.h"
#include "kiln/runtime/cuda/visible_devices.h"

#include <cstring>
#include <limits>
#include <sstream>

namespace kiln::cuda {

GpuDevice::~GpuDevice() = default;

StatusOr<uint64_t> GpuDevice::allocate(uint64_t bytes,
                                       const std::string &what) {
  return allocator_->allocate(bytes, what + " on " + description_);
}

void GpuDevice::deallocate(uint64_t address) {
  if (address)
    (void)allocator_->deallocate(address);
}

namespace {

class DriverGpuDevice final : public GpuDevice {
public:
  DriverGpuDevice(std::unique_ptr<DeviceMemoryBackend> backend,
                  std::unique_ptr<BfcAllocator> allocator,
                  std::string description)
      : DriverGpuDevice(backend.get(), std::move(backend), std::move(allocator),
                        std::move(description)) {}

  Status copyToDevice(uint64_t device, const void *host,
                      uint64_t bytes) override {
    return bytes ? memory_->copyToDevice(device, host, bytes) : Status();
  }
  Status copyToHost(void *host, uint64_t device, uint64_t bytes) override {
    return bytes ? memory_->copyToHost(host, device, bytes) : Status();
  }

private:
  DriverGpuDevice(DeviceMemoryBackend *memory,
                  std::unique_ptr<DeviceMemoryBackend> backend,
                  std::unique_ptr<BfcAllocator> allocator,
                  std::string description)
      : GpuDevice(std::move(backend), std::move(allocator),
                  std::move(description)),
        memory_(memory) {}

  DeviceMemoryBackend *memory_; // the base's backend, typed
};

class EmulatedGpuDevice final : public GpuDevice {
public:
  using GpuDevice::GpuDevice;

  Status copyToDevice(uint64_t device, const void *host,
                      uint64_t bytes) override {
    if (bytes)
      std::memcpy(reinterpret_cast<void *>(device), host, bytes);
    return Status();
  }
  Status copyToHost(void *host, uint64_t device, uint64_t bytes) override {
    if (bytes)
      std::memcpy(host, reinterpret_cast<const void *>(device), bytes);
    return Status();
  }
};

std::string describeOptions(const GpuSessionOptions &options) {
  std::ostringstream os;
  os << "allow_growth=" << (options.memory.allowGrowth ? "true" : "false")
     << ", per_process_gpu_memory_fraction=" << options.memory.memoryFraction
     << ", visible_device_list=\"" << options.visibleDeviceList << "\"";
  return os.str();
}

bool sameOptions(const GpuSessionOptions &a, const GpuSessionOptions &b) {
  return a.memory.allowGrowth == b.memory.allowGrowth &&
         a.memory.memoryFraction == b.memory.memoryFraction &&
         a.visibleDeviceList == b.visibleDeviceList;
}

} // namespace

Status checkGpuSessionOptions(const GpuSessionOptions &options) {
  if (!(options.memory.memoryFraction > 0.0 &&
        options.memory.memoryFraction <= 1.0))
    return invalidArgument("per_process_gpu_memory_fraction must be in (0, "
                           "1], got " +
                           std::to_string(options.memory.memoryFraction));
  if (options.visibleDeviceList.empty())
    return Status();
  // Any count: only the list's form is checked here (an empty list would
  // mean all of that many).
  StatusOr<std::vector<int>> visible = parseVisibleDeviceList(
      options.visibleDeviceList, std::numeric_limits<int>::max());
  return visible.status();
}

StatusOr<std::shared_ptr<GpuDevice>>
GpuDevice::open(const GpuSessionOptions &options) {
  KILN_RETURN_IF_ERROR(checkGpuSessionOptions(options));
  static std::mutex mutex;
  // Never destroyed: at exit the driver (a static too) may already be gone,
  // and the process's end returns the GPU's memory anyway.
  static auto *openedDevice = new std::shared_ptr<GpuDevice>();
  static GpuSessionOptions openedWith;
  std::shared_ptr<GpuDevice> &opened = *openedDevice;
  std::lock_guard<std::mutex> lock(mutex);
  if (opened) {
    if (!sameOptions(options, openedWith))
      return Status(StatusCode::FailedPrecondition,
                    "the process's GPU is open with " +
                        describeOptions(openedWith) + "; a session asked for " +
                        describeOptions(options) +
                        " (sessions of one process share the GPU's "
                        "allocator, as in TensorFlow)");
    return opened;
  }
  StatusOr<const CudaDriver *> driver = CudaDriver::load();
  if (!driver.ok())
    return driver.status();
  StatusOr<std::vector<int>> visible = parseVisibleDeviceList(
      options.visibleDeviceList, static_cast<int>((*driver)->devices().size()));
  if (!visible.ok())
    return visible.status();
  if (visible->empty())
    return Status(StatusCode::FailedPrecondition,
                  "no GPU: visible_device_list \"" + options.visibleDeviceList +
                      "\" lists none");
  int physical = visible->front();
  KILN_RETURN_IF_ERROR(selectLaunchDevice(physical));
  StatusOr<std::unique_ptr<DeviceMemoryBackend>> backend =
      DeviceMemoryBackend::create(physical);
  if (!backend.ok())
    return backend.status();
  StatusOr<std::unique_ptr<BfcAllocator>> allocator =
      BfcAllocator::create(**backend, options.memory);
  if (!allocator.ok())
    return allocator.status();
  std::string description = "GPU 0 (" + (*driver)->devices()[physical].name;
  if (physical != 0)
    description += ", physical GPU " + std::to_string(physical);
  description += ")";
  opened = std::make_shared<DriverGpuDevice>(
      std::move(*backend), std::move(*allocator), std::move(description));
  openedWith = options;
  return opened;
}

std::shared_ptr<GpuDevice> GpuDevice::emulated(uint64_t totalBytes) {
  auto backend = std::make_unique<HostMemoryBackend>(totalBytes);
  GpuMemoryOptions growing;
  growing.allowGrowth = true; // never reserve the whole "device" at once
  StatusOr<std::unique_ptr<BfcAllocator>> allocator =
      BfcAllocator::create(*backend, growing);
  return std::shared_ptr<GpuDevice>(new EmulatedGpuDevice(
      std::move(backend), std::move(*allocator), "emulated GPU"));
}

} // namespace kiln::cuda
