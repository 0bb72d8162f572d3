//===- RuntimeChecks.h - TensorFlow's run-time checks as kiln ops -*- C++
//-*-===//
//
// Private to compiler/Conversion/KilnToLinalg. Each check computes, with
// linalg on tensors, whether some element breaks a rule and which, then
// emits one kiln.runtime_check reporting the first offender; the lowered
// op that depends on the rule comes after it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CONVERSION_KILNTOLINALG_RUNTIMECHECKS_H
#define KILN_COMPILER_CONVERSION_KILNTOLINALG_RUNTIMECHECKS_H

#include "mlir/IR/Builders.h"

#include <functional>
#include <optional>
#include <string>

namespace kiln::lowering {

/// `text` with `%` doubled, for a check's printf message.
std::string escapePercent(llvm::StringRef text);

/// How a failed check names `op`: its graph name (from its NameLoc) and
/// kind, as "'dense/lookup' (gather)", escaped for printf.
std::string checkSubject(mlir::Operation *op);

/// Reports the first element of `tensor` (static shape, any rank) for which
/// `isBad(b, loc, element)` is true: `message` gets its row-major position
/// as a %lld, then, with `withValue`, its integer value as another. A
/// tensor without elements passes.
void checkElements(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor,
                   const std::function<mlir::Value(
                       mlir::OpBuilder &, mlir::Location, mlir::Value)> &isBad,
                   llvm::StringRef message, bool withValue = true);

/// Integer `indices` must lie in [lower, upper), or only below `upper`
/// without `lower`. `message` as for checkElements. Constant indices in
/// range need no check.
void checkIndicesInRange(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value indices, std::optional<int64_t> lower,
                         int64_t upper, llvm::StringRef message);

} // namespace kiln::lowering

#endif // KILN_COMPILER_CONVERSION_KILNTOLINALG_RUNTIMECHECKS_H
