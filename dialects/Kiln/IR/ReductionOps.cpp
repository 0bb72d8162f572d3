//===- ReductionOps.cpp - reduce_*, argmax, in_top_k ----------------------===//

#include "dialects/Kiln/IR/KilnOpHelpers.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace kiln;

KILN_DEFINE_TYPE_INFERENCE(ReduceSumOp, inferReduce,
                           getInput().getType(), getAxes(),
                           getKeepDims())
KILN_DEFINE_TYPE_INFERENCE(ReduceMeanOp, inferReduce,
                           getInput().getType(), getAxes(),
                           getKeepDims())
KILN_DEFINE_TYPE_INFERENCE(ReduceMaxOp, inferReduce,
                           getInput().getType(), getAxes(),
                           getKeepDims())
KILN_DEFINE_TYPE_INFERENCE(InTopKOp, inferInTopK,
                           getPredictions().getType(),
                           getTargets().getType(), getK())

namespace {

/// Sum, mean and max over no axes, or only over dimensions statically of
/// size 1 with keep_dims, return their input unchanged. A dynamic dimension
/// may be larger than 1 at run time, so it never qualifies.
template <typename ReduceOp>
OpFoldResult foldTrivialReduction(ReduceOp op) {
  auto input = cast<RankedTensorType>(op.getInput().getType());
  if (input != op.getType())
    return {};
  for (int64_t axis : op.getAxes())
    if (input.getDimSize(*normalizeAxis(axis, input.getRank())) != 1)
      return {};
  return op.getInput();
}

/// Rewrites axes to their non-negative, sorted form so that equivalent
/// reductions compare equal (and CSE) and later passes see one spelling.
template <typename ReduceOp>
struct NormalizeReductionAxes : public OpRewritePattern<ReduceOp> {
  using OpRewritePattern<ReduceOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rewriter) const override {
    int64_t rank = cast<RankedTensorType>(op.getInput().getType()).getRank();
    SmallVector<int64_t> axes;
    for (int64_t axis : op.getAxes())
      axes.push_back(*normalizeAxis(axis, rank));
    llvm::sort(axes);
    if (ArrayRef<int64_t>(axes) == op.getAxes())
      return failure();
    rewriter.modifyOpInPlace(op, [&] { op.setAxes(axes); });
    return success();
  }
};

} // namespace

OpFoldResult ReduceSumOp::fold(FoldAdaptor) {
  return foldTrivialReduction(*this);
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor) {
  return foldTrivialReduction(*this);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor) {
  return foldTrivialReduction(*this);
}

void ReduceSumOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<NormalizeReductionAxes<ReduceSumOp>>(context);
}
void ReduceMeanOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                               MLIRContext *context) {
  patterns.add<NormalizeReductionAxes<ReduceMeanOp>>(context);
}
void ReduceMaxOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<NormalizeReductionAxes<ReduceMaxOp>>(context);
}

// The index type is the declared one: TensorFlow's output_type attribute
// becomes the result's element type.
KILN_DEFINE_TYPE_INFERENCE(ArgMaxOp, inferArgMax, getInput().getType(),
                           getAxis(), getType().getElementType())
