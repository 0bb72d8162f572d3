//===- StepSignature.h - names, dtypes and shapes of a step's buffers -*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_STEPSIGNATURE_H
#define KILN_COMPILER_TARGET_STEPSIGNATURE_H

#include "kiln/runtime/npy.h"
#include "mlir/IR/Types.h"

#include <string>
#include <vector>

namespace kiln {

/// Name, dtype and static shape of one argument or result.
struct TensorSignature {
  std::string name;
  runtime::DType dtype;
  std::vector<int64_t> shape;
};

/// The runtime dtype of a kiln element type; false when it has none.
bool toRuntimeDType(mlir::Type element, runtime::DType &dtype);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPSIGNATURE_H
