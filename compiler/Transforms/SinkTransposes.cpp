//===- SinkTransposes.cpp - transposes below element-wise ops -------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_SINKTRANSPOSESPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Unary element-wise ops carry MLIR's Elementwise trait; the broadcasting
/// ones are listed.
bool isElementwise(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() ||
         isa<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp, EqualOp,
             LessOp, GreaterOp, SelectOp>(op);
}

struct SinkTransposeBelowElementwise : RewritePattern {
  explicit SinkTransposeBelowElementwise(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isElementwise(op) || op->getNumResults() != 1)
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType)
      return failure();
    // The permutation every transposed operand shares.
    ArrayRef<int64_t> perm;
    for (Value operand : op->getOperands()) {
      auto transpose = operand.getDefiningOp<TransposeOp>();
      if (!transpose)
        continue;
      if (!perm.empty() && transpose.getPerm() != perm)
        return failure();
      if (!operand.hasOneUse())
        return failure();
      perm = transpose.getPerm();
    }
    if (perm.empty())
      return failure();
    for (Value operand : op->getOperands()) {
      auto type = cast<RankedTensorType>(operand.getType());
      bool movable = operand.getDefiningOp<TransposeOp>() ||
                     type.getRank() == 0 ||
                     (type.getRank() == static_cast<int64_t>(perm.size()) &&
                      operand.getDefiningOp<ConstantOp>());
      if (!movable)
        return failure(); // e.g. a broadcast operand of lower rank
    }
    int64_t rank = perm.size();
    SmallVector<int64_t> inverse(rank);
    for (int64_t i = 0; i < rank; ++i)
      inverse[perm[i]] = i;
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      auto type = cast<RankedTensorType>(operand.getType());
      if (auto transpose = operand.getDefiningOp<TransposeOp>()) {
        operands.push_back(transpose.getX());
      } else if (type.getRank() == 0) {
        operands.push_back(operand);
      } else {
        // A constant: folds into a transposed constant.
        operands.push_back(
            TransposeOp::create(rewriter, op->getLoc(), operand, inverse));
      }
    }
    SmallVector<int64_t> shape(rank);
    for (int64_t i = 0; i < rank; ++i)
      shape[perm[i]] = resultType.getDimSize(i);
    OperationState state(op->getLoc(), op->getName(), operands,
                         TypeRange{resultType.clone(shape)}, op->getAttrs());
    Operation *moved = rewriter.create(state);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, moved->getResult(0), perm);
    return success();
  }
};

struct SinkTransposesPass
    : public kiln::impl::SinkTransposesPassBase<SinkTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SinkTransposeBelowElementwise>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
