//===- VariableStore.h - variable values kept between JIT steps -*- C++ -*-===//
//
// Variables outlive the steps that use them (DESIGN.md: outside every
// arena, updated in place). A store holds one host tensor per variable
// name; each compiled step binds the variables it uses once and then
// passes the same storage on every run.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_VARIABLESTORE_H
#define KILN_COMPILER_API_VARIABLESTORE_H

#include "compiler/Target/StepSignature.h"
#include "kiln/runtime/status_cc.h"

#include <map>
#include <mutex>
#include <string>

namespace kiln {

class VariableStore {
public:
  /// The storage of the variable a step input describes: the existing one,
  /// or a new zeroed one when the step only writes the variable. An error
  /// when the step reads a variable no step has assigned yet (TensorFlow's
  /// "uninitialized value") or uses it with another type. Pointers stay
  /// valid for the store's lifetime.
  StatusOr<runtime::HostTensor *> bind(const TensorSignature &input);

  /// The current value of variable `name`, or null before one was created.
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

  /// The same, writable in place (a broadcast from another rank); its size
  /// must not change.
  runtime::HostTensor *findMutable(const std::string &name);

private:
  Status assignLocked(const std::string &name, runtime::HostTensor value);

  /// Guards the map (variables appear as steps first bind them); the
  /// values themselves are the steps' to read and update.
  mutable std::mutex mutex_;
  std::map<std::string, runtime::HostTensor> values_;
};

} // namespace kiln

#endif // KILN_COMPILER_API_VARIABLESTORE_H
