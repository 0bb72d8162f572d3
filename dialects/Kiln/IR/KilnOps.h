//===- KilnOps.h - kiln dialect ops and attributes --------------*- C++ -*-===//
//
// The kiln ops, the padding attribute and the side-effect resources their
// ODS names. Op semantics are documented in the .td files and in the
// generated reference (build/docs/Dialects/Kiln.md).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_IR_KILNOPS_H
#define KILN_DIALECTS_KILN_IR_KILNOPS_H

#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace kiln {

/// Storage of all kiln.variable symbols. Reads and writes of variables are
/// effects on this resource, so passes keep their order within a step.
struct VariableResource
    : public mlir::SideEffects::Resource::Base<VariableResource> {
  llvm::StringRef getName() final { return "kiln.variables"; }
};

/// State of the seeded random number generators, advanced by every random op.
struct RandomStateResource
    : public mlir::SideEffects::Resource::Base<RandomStateResource> {
  llvm::StringRef getName() final { return "kiln.random_state"; }
};

/// The status of the running step: kiln.runtime_check ends the step with
/// an error, so ops before and after it keep their order.
struct StepStatusResource
    : public mlir::SideEffects::Resource::Base<StepStatusResource> {
  llvm::StringRef getName() final { return "kiln.step_status"; }
};

} // namespace kiln

#include "dialects/Kiln/IR/KilnEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Kiln/IR/KilnAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialects/Kiln/IR/KilnOps.h.inc"

namespace kiln {

/// The name of the attribute that holds an op's device: the string a graph
/// requested before placement, a DeviceAttr after kiln-place-ops.
inline constexpr llvm::StringLiteral kDeviceAttrName = "device";

/// The attribute of a kiln.variable holding the value it starts with
/// (weights imported from a model file for fine-tuning); the runtime
/// assigns it before the first step that reads the variable.
inline constexpr llvm::StringLiteral kInitialValueAttrName =
    "kiln.initial_value";

/// The device kiln-place-ops gave `op`, or null before placement.
DeviceAttr getPlacedDevice(mlir::Operation *op);

/// The device `value` is on: its defining op's placed device (null before
/// placement); for block arguments (a step's arguments) the host CPU, where
/// the step ABI puts them.
DeviceAttr getPlacedDevice(mlir::Value value);

/// The kernel a function is (kiln-outline-fusions), or null.
KernelAttr getKernel(mlir::Operation *func);
void setKernel(mlir::Operation *func, KernelAttr kernel);

/// What a lowered linalg op computes when it is a matmul's or
/// convolution's product, or null.
ContractionAttr getContraction(mlir::Operation *op);
void setContraction(mlir::Operation *op, ContractionAttr contraction);

} // namespace kiln

#endif // KILN_DIALECTS_KILN_IR_KILNOPS_H
