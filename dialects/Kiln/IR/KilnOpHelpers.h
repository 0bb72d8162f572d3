//===- KilnOpHelpers.h - shared glue for the op family files ----*- C++ -*-===//
//
// Private to dialects/Kiln/IR: connects the ops' InferTypeOpInterface hooks
// to the rules in KilnTypeInference.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_IR_KILNOPHELPERS_H
#define KILN_DIALECTS_KILN_IR_KILNOPHELPERS_H

#include "dialects/Kiln/IR/KilnTypeInference.h"

namespace kiln::detail {

inline mlir::LogicalResult
pushInferred(mlir::FailureOr<mlir::Type> type,
             llvm::SmallVectorImpl<mlir::Type> &inferred) {
  if (mlir::failed(type))
    return mlir::failure();
  inferred.push_back(*type);
  return mlir::success();
}

} // namespace kiln::detail

/// Defines OpT::inferResultTypes (KilnInterfaces.td) as
/// `rule(diag, args...)`, where the args read the op's operands/attributes.
#define KILN_DEFINE_TYPE_INFERENCE(OpT, rule, ...)                             \
  ::llvm::LogicalResult OpT::inferResultTypes(                                 \
      std::optional<::mlir::Location> loc,                                     \
      ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {                       \
    return ::kiln::detail::pushInferred(                                       \
        rule(::kiln::InferenceDiag(loc, getOperationName()), __VA_ARGS__),     \
        inferred);                                                             \
  }

#endif // KILN_DIALECTS_KILN_IR_KILNOPHELPERS_H
