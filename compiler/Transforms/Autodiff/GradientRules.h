//===- GradientRules.h - the vector-Jacobian product of each op -*- C++ -*-===//
#ifndef KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTRULES_H
#define KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTRULES_H

#include "compiler/Transforms/Autodiff/GradientBuilder.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace kiln::autodiff {

/// The adjoint of result `index` of the op being differentiated, or null
/// when no gradient flows into it.
using ResultAdjoint = llvm::function_ref<mlir::Value(unsigned index)>;
/// Adds `adjoint` to what flows into operand `index`.
using AccumulateOperand =
    llvm::function_ref<void(unsigned index, mlir::Value adjoint)>;

/// Whether gradients flow through `op` at all (false for comparisons,
/// argmax, integer casts, constants, ...).
bool isDifferentiable(mlir::Operation *op);

/// Emits the backward computation of `op`: for each float operand, its
/// adjoint from the adjoints of `op`'s results. Fails with a diagnostic on
/// `op` when kiln has no gradient for it yet.
mlir::LogicalResult backpropagate(mlir::Operation *op, GradientBuilder &g,
                                  ResultAdjoint resultAdjoint,
                                  AccumulateOperand accumulate);

/// Convolution and pooling (WindowGradients.cpp): failure without a
/// diagnostic when `op` is not one of them.
mlir::LogicalResult windowRule(mlir::Operation *op, GradientBuilder &g,
                               mlir::Value dy, AccumulateOperand accumulate);

} // namespace kiln::autodiff

#endif // KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTRULES_H
