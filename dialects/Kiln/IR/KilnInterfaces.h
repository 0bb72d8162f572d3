//===- KilnInterfaces.h - kiln op interfaces --------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_KILN_IR_KILNINTERFACES_H
#define KILN_DIALECTS_KILN_IR_KILNINTERFACES_H

#include "mlir/IR/OpDefinition.h"

#include <optional>

namespace kiln::detail {
/// Infers the op's result types with its location and checks that each
/// declared result type is compatible with (equal, or less static than) the
/// inferred one.
llvm::LogicalResult verifyInferredResultTypes(mlir::Operation *op);
} // namespace kiln::detail

#include "dialects/Kiln/IR/KilnInterfaces.h.inc"

#endif // KILN_DIALECTS_KILN_IR_KILNINTERFACES_H
