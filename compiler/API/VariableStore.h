//===- VariableStore.h - variable values kept between JIT steps -*- C++ -*-===//
//
// Variables outlive the steps that use them (DESIGN.md: outside every
// arena, updated in place). A store holds one buffer per variable name;
// each compiled step binds the variables it uses once and then passes the
// same buffer on every run.
//
// A store serving GPU steps keeps its variables in the GPU's memory
// (useDevice): steps update them there, and only reading a value (find,
// save) copies it to the host, as TensorFlow's GPU variables.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_VARIABLESTORE_H
#define KILN_COMPILER_API_VARIABLESTORE_H

#include "compiler/Target/StepSignature.h"
#include "kiln/runtime/status_cc.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kiln {

namespace cuda {
class GpuDevice;
} // namespace cuda

class VariableStore {
public:
  VariableStore();
  ~VariableStore();

  /// Keeps every variable in `device`'s memory from now on; the values
  /// held so far move there. A store serves one device: another one is an
  /// error.
  Status useDevice(std::shared_ptr<cuda::GpuDevice> device);
  /// The device the variables live on; null: host memory.
  const std::shared_ptr<cuda::GpuDevice> &device() const { return device_; }

  /// The buffer of the variable a step input describes (host memory, or
  /// the device's after useDevice): the existing one, or a new zeroed one
  /// when the step only writes the variable. An error when the step reads
  /// a variable no step has assigned yet (TensorFlow's "uninitialized
  /// value") or uses it with another type. Buffers stay valid for the
  /// store's lifetime.
  StatusOr<void *> bind(const TensorSignature &input);

  /// The current value of variable `name`, or null before one was created.
  /// On a device the value is copied to the host first (valid until the
  /// next find of the same variable); null also when that copy fails,
  /// never a stale value.
  const runtime::HostTensor *find(const std::string &name) const;

  /// Sets variable `name` (restoring a checkpoint), creating it when new;
  /// an error when it exists with another dtype or shape.
  Status assign(const std::string &name, runtime::HostTensor value);

  /// Sets every numeric tensor of a TensorFlow V2 checkpoint as a variable
  /// of the same name, as tf.train.Saver.restore does: `path` is a prefix,
  /// or a directory whose `checkpoint` state file names the latest one.
  /// `prefix` receives the prefix restored. Tensors the model does not use
  /// are kept but harmless; a variable the model declares with another
  /// dtype or shape is an error on the first run that binds it.
  Status restore(const std::string &path, std::string &prefix);

  /// Writes every variable as the TensorFlow V2 checkpoint `prefix`
  /// (atomically: the files appear complete or not at all).
  Status save(const std::string &prefix) const;

private:
  /// A variable: its value on the host and, on a device, its buffer there
  /// (the value steps update; `host` is then a copy made when read).
  struct Variable {
    runtime::HostTensor host;
    uint64_t device = 0;
  };
  Status assignLocked(const std::string &name, runtime::HostTensor value);
  /// Copies a device variable's value into its host tensor.
  Status downloadLocked(const std::string &name, Variable &variable) const;
  Status uploadLocked(const std::string &name, Variable &variable);
  /// Uploads a variable just added on a device; removes it when that
  /// fails.
  Status placeNewLocked(std::map<std::string, Variable>::iterator it);

  /// Guards the map (variables appear as steps first bind them); the
  /// values themselves are the steps' to read and update.
  mutable std::mutex mutex_;
  mutable std::map<std::string, Variable> values_;
  std::shared_ptr<cuda::GpuDevice> device_;
};

} // namespace kiln

#endif // KILN_COMPILER_API_VARIABLESTORE_H
