//===- InferShapes.cpp - refine dynamic dimensions through a step ---------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

#define DEBUG_TYPE "kiln-infer-shapes"

namespace kiln {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Per dimension, the static one of `current` and `inferred`. Both are
/// known compatible because the op verified before the pass ran.
Type mostStatic(Type current, Type inferred) {
  auto currentTensor = dyn_cast<RankedTensorType>(current);
  auto inferredTensor = dyn_cast<RankedTensorType>(inferred);
  if (!currentTensor || !inferredTensor ||
      currentTensor.getRank() != inferredTensor.getRank())
    return current;
  SmallVector<int64_t> shape(currentTensor.getShape());
  for (auto [dim, other] : llvm::zip(shape, inferredTensor.getShape()))
    if (ShapedType::isDynamic(dim))
      dim = other;
  return RankedTensorType::get(shape, currentTensor.getElementType(),
                               currentTensor.getEncoding());
}

/// Result types implied by the op's current operands, or failure (already
/// reported) when the operands conflict.
LogicalResult inferResultTypes(Operation *op, SmallVectorImpl<Type> &types) {
  if (auto inferable = dyn_cast<InferResultTypesOpInterface>(op))
    return inferable.inferResultTypes(op->getLoc(), types);
  // Everything else (reshape, constants, generators, variable reads) states
  // its result type explicitly.
  llvm::append_range(types, op->getResultTypes());
  return success();
}

struct InferShapesPass
    : public kiln::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      bool hasCallers = !SymbolTable::symbolKnownUseEmpty(func, module);
      if (failed(refineFunction(func, hasCallers)))
        return signalPassFailure();
      if (!hasCallers)
        updateResultTypes(func);
    }
  }

  /// Kiln ops take any compatible type; so does the return of a function
  /// whose signature this pass may change.
  static bool acceptsRefinedOperand(Operation *user, bool hasCallers) {
    if (isa<KilnDialect>(user->getDialect()))
      return true;
    return isa<func::ReturnOp>(user) && !hasCallers;
  }

  LogicalResult refineFunction(func::FuncOp func, bool hasCallers) {
    OpBuilder builder(func.getContext());
    WalkResult walk = func.walk([&](Operation *op) {
      if (!isa<KilnDialect>(op->getDialect()))
        return WalkResult::advance();
      SmallVector<Type> inferred;
      if (failed(inferResultTypes(op, inferred)))
        return WalkResult::interrupt();
      // Ops without a shape rule (reshape) still have invariants that
      // refined operands may now break.
      if (!isa<InferResultTypesOpInterface>(op) &&
          failed(verify(op, /*verifyRecursively=*/false)))
        return WalkResult::interrupt();
      for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
        Type current = result.getType();
        if (!areCompatibleTensorTypes(current, type)) {
          op->emitOpError("expected result #")
              << result.getResultNumber() << " to have a type compatible with "
              << type << " after shape refinement, got " << current;
          return WalkResult::interrupt();
        }
        Type refined = mostStatic(current, type);
        if (refined == current)
          continue;
        result.setType(refined);
        // Users that cannot take the refined type keep the old one.
        SmallVector<OpOperand *> blocked;
        for (OpOperand &use : result.getUses())
          if (!acceptsRefinedOperand(use.getOwner(), hasCallers))
            blocked.push_back(&use);
        if (blocked.empty())
          continue;
        builder.setInsertionPointAfter(op);
        Value restored =
            tensor::CastOp::create(builder, op->getLoc(), current, result);
        for (OpOperand *use : blocked)
          use->set(restored);
      }
      return WalkResult::advance();
    });
    return failure(walk.wasInterrupted());
  }

  void updateResultTypes(func::FuncOp func) {
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    auto returnOp = cast<func::ReturnOp>(func.getBody().back().getTerminator());
    func.setFunctionType(FunctionType::get(func.getContext(),
                                           func.getArgumentTypes(),
                                           returnOp.getOperandTypes()));
  }
};

} // namespace
