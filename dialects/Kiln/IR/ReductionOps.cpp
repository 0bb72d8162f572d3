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
KILN_DEFINE_TYPE_INFERENCE(ReduceProdOp, inferReduce, getInput().getType(),
                           getAxes(), getKeepDims())
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

/// The product of a constant over `axes`, element by element in index
/// order (integers wrap, as TensorFlow's do), for shape computations such
/// as the element count tf.gradients takes with Prod(Shape(x)).
Attribute foldProduct(DenseElementsAttr input, ArrayRef<int64_t> axes,
                      Type resultType) {
  auto result = dyn_cast<RankedTensorType>(resultType);
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!result || !result.hasStaticShape() ||
      result.getNumElements() > kMaxFoldedElements ||
      inputType.getNumElements() > kMaxFoldedElements)
    return {};
  Type element = inputType.getElementType();
  int64_t rank = inputType.getRank();
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : axes)
    reduced[*normalizeAxis(axis, rank)] = true;
  // Where each input element lands: its index with the reduced dimensions
  // dropped, in the kept dimensions' row-major order.
  SmallVector<int64_t> outputStride(rank, 0);
  for (int64_t d = rank - 1, stride = 1; d >= 0; --d)
    if (!reduced[d]) {
      outputStride[d] = stride;
      stride *= inputType.getDimSize(d);
    }
  auto outputIndex = [&](int64_t linear) {
    int64_t index = 0;
    for (int64_t d = rank - 1; d >= 0; --d) {
      int64_t size = inputType.getDimSize(d);
      index += (linear % size) * outputStride[d];
      linear /= size;
    }
    return index;
  };
  int64_t count = result.getNumElements();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> products(
        count, APFloat::getOne(floatType.getFloatSemantics()));
    int64_t linear = 0;
    for (APFloat value : input.getValues<APFloat>())
      products[outputIndex(linear++)].multiply(value,
                                               APFloat::rmNearestTiesToEven);
    return DenseElementsAttr::get(result, ArrayRef<APFloat>(products));
  }
  unsigned width = element.getIntOrFloatBitWidth();
  SmallVector<APInt> products(count, APInt(width, 1));
  int64_t linear = 0;
  for (APInt value : input.getValues<APInt>()) {
    APInt &product = products[outputIndex(linear++)];
    product = product * value;
  }
  return DenseElementsAttr::get(result, ArrayRef<APInt>(products));
}

} // namespace

OpFoldResult ReduceProdOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult trivial = foldTrivialReduction(*this))
    return trivial;
  auto input = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!input)
    return {};
  return foldProduct(input, getAxes(), getType());
}

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
void ReduceProdOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                               MLIRContext *context) {
  patterns.add<NormalizeReductionAxes<ReduceProdOp>>(context);
}

// The index type is the declared one: TensorFlow's output_type attribute
// becomes the result's element type.
KILN_DEFINE_TYPE_INFERENCE(ArgMaxOp, inferArgMax, getInput().getType(),
                           getAxis(), getType().getElementType())
