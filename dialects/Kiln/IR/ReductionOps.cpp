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

/// A reduction whose result has its input's type reduced nothing but unit
/// dimensions (or no axes at all): sum, mean and max of one element are
/// that element.
template <typename ReduceOp>
OpFoldResult foldTrivialReduction(ReduceOp op) {
  if (op.getInput().getType() == op.getType())
    return op.getInput();
  return {};
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
