//===- KilnDialect.h - the kiln dialect -------------------------*- C++ -*-===//
//
// Declares the kiln dialect class. Include KilnOps.h for the ops.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_IR_KILNDIALECT_H
#define KILN_DIALECTS_KILN_IR_KILNDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "dialects/Kiln/IR/KilnDialect.h.inc"

#include <optional>

namespace kiln {

/// Accessors for the step attributes the dialect declares (KilnDialect.td,
/// `discardableAttrs`), for argument attributes, which the generated
/// helpers do not cover, and for the memory plan.

/// The feed argument `arg` of `func` receives, or null.
mlir::StringAttr getFeedName(mlir::FunctionOpInterface func, unsigned arg);
void setFeedName(mlir::FunctionOpInterface func, unsigned arg,
                 llvm::StringRef name);

/// The variable whose buffer argument `arg` is, or null.
mlir::StringAttr getVariableName(mlir::FunctionOpInterface func, unsigned arg);
/// `{kiln.variable = name}`, for an argument being added.
mlir::NamedAttribute variableArgAttr(mlir::StringAttr name);

/// Whether the step reads the old value of variable argument `arg`.
bool isVariableRead(mlir::FunctionOpInterface func, unsigned arg);
void setVariableRead(mlir::FunctionOpInterface func, unsigned arg);

/// The memory plan kiln-plan-memory recorded on `func`: the arena's
/// bytes and the bound no plan can go below. nullopt before planning.
struct ArenaPlan {
  int64_t bytes = 0;
  int64_t lowerBound = 0;
};
/// The alignment of the arena and of every buffer in it, in bytes.
inline constexpr int64_t kArenaAlignment = 64;

/// kiln_step_error_t (executable.h) in 64-bit words: the format pointer,
/// then the values a failed kiln.runtime_check reports. A step with checks
/// takes one as its last argument (kiln-lower-runtime-checks).
inline constexpr int64_t kErrorRecordWords = 4;
inline constexpr int64_t kMaxCheckValues = kErrorRecordWords - 1;

/// `{kiln.arena_slot = offset}`, for an arena slot argument being added.
mlir::NamedAttribute arenaSlotArgAttr(mlir::MLIRContext *ctx, int64_t offset);
/// The arena offset of argument `arg` of `func` when it is an arena slot.
std::optional<int64_t> getArenaSlotOffset(mlir::FunctionOpInterface func,
                                          unsigned arg);
std::optional<ArenaPlan> getArenaPlan(mlir::Operation *func);
void setArenaPlan(mlir::Operation *func, ArenaPlan plan);

} // namespace kiln

#endif // KILN_DIALECTS_KILN_IR_KILNDIALECT_H
