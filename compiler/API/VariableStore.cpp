//===- VariableStore.cpp - variable values kept between JIT steps ---------===//

#include "compiler/API/VariableStore.h"

#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/bundle_writer.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/cuda/gpu_device.h"

#include <filesystem>
#include <utility>

namespace kiln {

namespace {

/// "f32[784,200]", as the errors print a variable's type.
std::string describeType(runtime::DType dtype,
                         const std::vector<int64_t> &shape) {
  return runtime::dtypeName(dtype) + runtime::checkpoint::formatShape(shape);
}

} // namespace

VariableStore::VariableStore() = default;

VariableStore::~VariableStore() {
  if (device_)
    for (auto &[name, variable] : values_)
      device_->deallocate(variable.device);
}

Status VariableStore::useDevice(std::shared_ptr<cuda::GpuDevice> device) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (device_ == device)
    return Status();
  if (device_)
    return Status(
        StatusCode::FailedPrecondition,
        "the variables live on " + device_->description() + "; a step for " +
            (device ? device->description() : "the host") + " cannot use them");
  device_ = std::move(device);
  for (auto &[name, variable] : values_) {
    if (Status uploaded = uploadLocked(name, variable); !uploaded.ok()) {
      // All or nothing: the values stay on the host.
      for (auto &[other, moved] : values_)
        device_->deallocate(std::exchange(moved.device, 0));
      device_ = nullptr;
      return uploaded;
    }
  }
  return Status();
}

Status VariableStore::uploadLocked(const std::string &name,
                                   Variable &variable) {
  const std::vector<uint8_t> &bytes = variable.host.data;
  if (!variable.device) {
    StatusOr<uint64_t> address =
        device_->allocate(bytes.size(), "variable '" + name + "'");
    if (!address.ok())
      return address.status();
    variable.device = *address;
  }
  return device_->copyToDevice(variable.device, bytes.data(), bytes.size());
}

Status VariableStore::downloadLocked(const std::string &name,
                                     Variable &variable) const {
  if (!device_)
    return Status();
  std::vector<uint8_t> &bytes = variable.host.data;
  if (Status copied =
          device_->copyToHost(bytes.data(), variable.device, bytes.size());
      !copied.ok())
    return Status(copied.code(), "reading variable '" + name + "' from " +
                                     device_->description() + ": " +
                                     copied.message());
  return Status();
}

Status
VariableStore::placeNewLocked(std::map<std::string, Variable>::iterator it) {
  if (!device_)
    return Status();
  Status uploaded = uploadLocked(it->first, it->second);
  if (!uploaded.ok()) {
    device_->deallocate(it->second.device);
    values_.erase(it); // a variable exists only where steps can use it
  }
  return uploaded;
}

StatusOr<void *> VariableStore::bind(const TensorSignature &input) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(input.name);
  if (it == values_.end()) {
    if (input.variableRead)
      return Status(StatusCode::FailedPrecondition,
                    "variable '" + input.name +
                        "' is read before any step assigned it; run its "
                        "initializer (e.g. fetch ^init) first");
    runtime::HostTensor storage{input.dtype, input.shape, {}};
    storage.data.assign(storage.elementCount() * runtime::dtypeSize(input.dtype), 0);
    it = values_.emplace(input.name, Variable{std::move(storage)}).first;
    if (Status placed = placeNewLocked(it); !placed.ok())
      return placed;
  } else if (const runtime::HostTensor &held = it->second.host;
             held.dtype != input.dtype || held.shape != input.shape) {
    return invalidArgument("variable '" + input.name + "' holds " +
                           describeType(held.dtype, held.shape) +
                           " but the step uses it as " +
                           describeType(input.dtype, input.shape));
  }
  if (device_)
    return reinterpret_cast<void *>(it->second.device);
  return it->second.host.data.data();
}

const runtime::HostTensor *VariableStore::find(const std::string &name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(name);
  if (it == values_.end() || !downloadLocked(name, it->second).ok())
    return nullptr;
  return &it->second.host;
}

Status VariableStore::assign(const std::string &name,
                             runtime::HostTensor value) {
  std::lock_guard<std::mutex> lock(mutex_);
  return assignLocked(name, std::move(value));
}

Status VariableStore::assignLocked(const std::string &name,
                                   runtime::HostTensor value) {
  auto it = values_.find(name);
  if (it == values_.end())
    return placeNewLocked(
        values_.emplace(name, Variable{std::move(value)}).first);
  runtime::HostTensor &held = it->second.host;
  if (held.dtype != value.dtype || held.shape != value.shape ||
      held.data.size() != value.data.size())
    return invalidArgument("variable '" + name +
                           "' cannot take a value of another dtype or shape");
  // In place: compiled steps hold pointers to this storage.
  held.data.assign(value.data.begin(), value.data.end());
  return device_ ? uploadLocked(name, it->second) : Status();
}

Status VariableStore::restore(const std::string &path, std::string &prefix) {
  namespace ckpt = runtime::checkpoint;
  KILN_RETURN_IF_ERROR(ckpt::checkpointToRestore(path, prefix));
  std::unique_ptr<ckpt::BundleReader> reader;
  KILN_RETURN_IF_ERROR(ckpt::BundleReader::open(prefix, reader));
  for (const ckpt::TensorInfo &tensor : reader->tensors()) {
    // Strings (e.g. TF2's object graph) are not variables kiln can hold.
    if (!tensor.hasDType)
      continue;
    runtime::HostTensor value;
    KILN_RETURN_IF_ERROR(reader->read(tensor.name, value));
    std::lock_guard<std::mutex> lock(mutex_);
    if (Status assigned = assignLocked(tensor.name, std::move(value));
        !assigned.ok())
      return invalidArgument("restoring " + prefix + ": " + assigned.message());
  }
  return Status();
}

Status VariableStore::save(const std::string &prefix) const {
  // As tf.train.Saver, a missing directory is created.
  std::filesystem::path parent = std::filesystem::path(prefix).parent_path();
  std::error_code error;
  if (!parent.empty())
    std::filesystem::create_directories(parent, error);
  std::unique_ptr<runtime::checkpoint::BundleWriter> writer;
  KILN_RETURN_IF_ERROR(runtime::checkpoint::BundleWriter::open(prefix, writer));
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto &[name, variable] : values_) {
    KILN_RETURN_IF_ERROR(downloadLocked(name, variable));
    KILN_RETURN_IF_ERROR(writer->add(name, variable.host));
  }
  return writer->finish();
}

} // namespace kiln
