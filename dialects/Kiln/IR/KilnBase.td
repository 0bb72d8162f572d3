#ifndef KILN_DIALECT_KILN_IR_KILNBASE_TD
#define KILN_DIALECT_KILN_IR_KILNBASE_TD

// Everything the op families share: the dialect, attributes, type
// constraints, interfaces and the side-effect resources.
include "dialects/Kiln/IR/KilnDialect.td"
include "dialects/Kiln/IR/KilnAttrs.td"
include "dialects/Kiln/IR/KilnInterfaces.td"
include "dialects/Kiln/IR/KilnTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Module-level variable storage (kiln.variable) and the generators' state.
// Ops touching them are ordered by these effects, never CSE'd or hoisted.
def Kiln_VariableResource : Resource<"::kiln::VariableResource">;
def Kiln_RandomStateResource : Resource<"::kiln::RandomStateResource">;
// The step's status, which a failed run-time check sets (and ends the step).
def Kiln_StepStatusResource : Resource<"::kiln::StepStatusResource">;

#endif // KILN_DIALECT_KILN_IR_KILNBASE_TD
