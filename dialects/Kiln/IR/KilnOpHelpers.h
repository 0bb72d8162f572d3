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

/// Defines OpT::inferReturnTypes as `rule(diag, args...)` and lets declared
/// result types be less static than the inferred ones (a dynamic batch
/// dimension stays legal until kiln-infer-shapes refines it).
#define KILN_DEFINE_TYPE_INFERENCE(OpT, rule, ...)                             \
  ::mlir::LogicalResult OpT::inferReturnTypes(                                 \
      ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,              \
      Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {      \
    return ::kiln::detail::pushInferred(                                       \
        rule(::kiln::InferenceDiag(loc, getOperationName()), __VA_ARGS__),     \
        inferred);                                                             \
  }                                                                            \
  bool OpT::isCompatibleReturnTypes(::mlir::TypeRange l,                       \
                                    ::mlir::TypeRange r) {                     \
    return ::kiln::areCompatibleTensorTypes(l, r);                             \
  }

#endif // KILN_DIALECTS_KILN_IR_KILNOPHELPERS_H
