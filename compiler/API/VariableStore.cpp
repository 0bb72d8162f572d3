//===- VariableStore.cpp - variable values kept between JIT steps ---------===//

#include "compiler/API/VariableStore.h"

#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/bundle_writer.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"

#include <filesystem>

namespace kiln {

namespace {

/// "f32[784,200]", as the errors print a variable's type.
std::string describeType(runtime::DType dtype,
                         const std::vector<int64_t> &shape) {
  return runtime::dtypeName(dtype) + runtime::checkpoint::formatShape(shape);
}

} // namespace

StatusOr<runtime::HostTensor *>
VariableStore::bind(const TensorSignature &input) {
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
    it = values_.emplace(input.name, std::move(storage)).first;
  } else if (it->second.dtype != input.dtype || it->second.shape != input.shape) {
    return invalidArgument("variable '" + input.name + "' holds " +
                           describeType(it->second.dtype, it->second.shape) +
                           " but the step uses it as " +
                           describeType(input.dtype, input.shape));
  }
  return &it->second;
}

const runtime::HostTensor *VariableStore::find(const std::string &name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

runtime::HostTensor *VariableStore::findMutable(const std::string &name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

Status VariableStore::assign(const std::string &name,
                             runtime::HostTensor value) {
  std::lock_guard<std::mutex> lock(mutex_);
  return assignLocked(name, std::move(value));
}

Status VariableStore::assignLocked(const std::string &name,
                                   runtime::HostTensor value) {
  auto it = values_.find(name);
  if (it == values_.end()) {
    values_.emplace(name, std::move(value));
    return Status();
  }
  if (it->second.dtype != value.dtype || it->second.shape != value.shape ||
      it->second.data.size() != value.data.size())
    return invalidArgument("variable '" + name +
                           "' cannot take a value of another dtype or shape");
  // In place: compiled steps hold pointers to this storage.
  it->second.data.assign(value.data.begin(), value.data.end());
  return Status();
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
  for (const auto &[name, value] : values_)
    KILN_RETURN_IF_ERROR(writer->add(name, value));
  return writer->finish();
}

} // namespace kiln
