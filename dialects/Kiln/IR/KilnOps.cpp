//===- KilnOps.cpp - generated kiln op definitions ------------------------===//
//
// Holds the tablegen'd op classes and enums. Hand-written verifiers, type
// inference hooks and folders live in the per-family files (ElementwiseOps,
// NNOps, ReductionOps, ShapeOps, StateOps) so no single file grows large.
//
//===----------------------------------------------------------------------===//

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace kiln;

#include "dialects/Kiln/IR/KilnEnums.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/Kiln/IR/KilnOps.cpp.inc"
