//===- InferShapes.cpp - refine dynamic dimensions through a step ---------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

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
  if (op->hasTrait<OpTrait::SameOperandsAndResultType>() &&
      op->getNumOperands() > 0) {
    types.assign(op->getNumResults(), op->getOperand(0).getType());
    return success();
  }
  // Everything else (reshape, constants, generators, variable reads) states
  // its result type explicitly.
  llvm::append_range(types, op->getResultTypes());
  return success();
}

bool usersAcceptRefinement(Value value) {
  return llvm::all_of(value.getUsers(), [](Operation *user) {
    return isa<KilnDialect>(user->getDialect()) || isa<func::ReturnOp>(user);
  });
}

struct InferShapesPass
    : public kiln::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (failed(refineFunction(func)))
        return signalPassFailure();
      if (SymbolTable::symbolKnownUseEmpty(func, module))
        updateResultTypes(func);
    }
  }

  LogicalResult refineFunction(func::FuncOp func) {
    WalkResult walk = func.walk([&](Operation *op) {
      if (!isa<KilnDialect>(op->getDialect()))
        return WalkResult::advance();
      SmallVector<Type> inferred;
      if (failed(inferResultTypes(op, inferred)))
        return WalkResult::interrupt();
      for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
        Type refined = mostStatic(result.getType(), type);
        if (refined != result.getType() && usersAcceptRefinement(result))
          result.setType(refined);
      }
      return WalkResult::advance();
    });
    return failure(walk.wasInterrupted());
  }

  void updateResultTypes(func::FuncOp func) {
    if (func.isExternal())
      return;
    auto returnOp = cast<func::ReturnOp>(func.getBody().back().getTerminator());
    func.setFunctionType(FunctionType::get(func.getContext(),
                                           func.getArgumentTypes(),
                                           returnOp.getOperandTypes()));
  }
};

} // namespace
