//===- StepSignature.h - names, dtypes and shapes of a step's buffers -*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_STEPSIGNATURE_H
#define KILN_COMPILER_TARGET_STEPSIGNATURE_H

#include "kiln/runtime/npy.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace kiln {

/// Name, dtype and static shape of one argument or result.
struct TensorSignature {
  std::string name;
  runtime::DType dtype;
  std::vector<int64_t> shape;
  /// A variable's buffer (kiln-externalize-variables), named by the
  /// variable: owned by whoever keeps the variable and updated in place.
  bool variable = false;
  /// The step reads the variable's value from before the step, so the
  /// buffer must hold an initialized value.
  bool variableRead = false;
  /// Where the buffer lives: a kiln_device_kind_t (executable.h), as the
  /// target the step was compiled for says, and the device's index.
  int32_t deviceKind = 0;
  int32_t deviceOrdinal = 0;
};

/// A block of the step's arena the entry takes as an argument
/// (kiln-plan-memory): where it starts in the arena and its size.
struct ArenaSlot {
  int64_t offset = 0;
  int64_t bytes = 0;
};

/// The arena slots among the arguments of a bufferized, planned step
/// function, in argument order.
std::vector<ArenaSlot> collectArenaSlots(mlir::Operation *func);

/// The runtime dtype of a kiln element type; false when it has none.
bool toRuntimeDType(mlir::Type element, runtime::DType &dtype);

/// The kiln element type of a runtime dtype (the inverse of the above).
mlir::Type fromRuntimeDType(runtime::DType dtype, mlir::MLIRContext *ctx);

/// The signatures of a step function's arguments (named by their
/// `kiln.feed` or `kiln.variable` attribute, else argN) and results (named by `fetchNames`,
/// else resultN). Fails naming the buffer when one has no static shape or
/// no runtime dtype.
Status collectStepSignatures(mlir::Operation *func,
                             llvm::ArrayRef<std::string> fetchNames,
                             std::vector<TensorSignature> &inputs,
                             std::vector<TensorSignature> &outputs);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPSIGNATURE_H
