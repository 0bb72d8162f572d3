//===- Shape.cpp - reshape, transpose, concat to tensor/linalg ------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

struct ReshapeLowering : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getX(),
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

struct TransposeLowering : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    Value init = emptyTensor(rewriter, op.getLoc(), type);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       op.getX(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

/// An element-wise copy whose input map counts down along the reversed
/// dimensions.
struct ReverseLowering : public OpRewritePattern<ReverseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReverseOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> reads;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      AffineExpr dim = getAffineDimExpr(d, ctx);
      reads.push_back(llvm::is_contained(op.getAxes(), d)
                          ? getAffineConstantExpr(type.getDimSize(d) - 1, ctx) - dim
                          : dim);
    }
    auto inputMap = AffineMap::get(type.getRank(), 0, reads, ctx);
    auto outputMap = rewriter.getMultiDimIdentityMap(type.getRank());
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    auto copy = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{type}, ValueRange{op.getX()},
        ValueRange{emptyTensor(rewriter, op.getLoc(), type)},
        ArrayRef<AffineMap>{inputMap, outputMap}, iterators,
        [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(b, loc, args[0]);
        });
    rewriter.replaceOp(op, copy.getResult(0));
    return success();
  }
};

struct SliceLowering : public OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      offsets.push_back(rewriter.getIndexAttr(op.getBegin()[d]));
      sizes.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
      strides.push_back(rewriter.getIndexAttr(1));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, op.getX(), offsets,
                                                        sizes, strides);
    return success();
  }
};

/// Inserts each input into its slice of one destination tensor.
struct ConcatLowering : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    Value result = emptyTensor(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes;
      for (int64_t size : inputType.getShape())
        sizes.push_back(rewriter.getIndexAttr(size));
      SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Ops that are their first operand once lowered: kiln.copy (every device
/// of the targets kiln has today keeps its tensors in host memory, so a
/// move between devices is no work; a target with its own memory space
/// lowers kiln.copy itself before this conversion runs) and
/// kiln.stop_gradient (left only when nothing expanded gradients).
template <typename OpT>
struct ForwardOperandLowering : public OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op->getOperand(0));
    return success();
  }
};

} // namespace

void populateKilnShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLowering, TransposeLowering, ReverseLowering, SliceLowering,
           ConcatLowering, ForwardOperandLowering<CopyOp>,
               ForwardOperandLowering<StopGradientOp>>(
          patterns.getContext());
}

void populateKilnToLinalgPatterns(RewritePatternSet &patterns) {
  populateKilnElementwiseToLinalgPatterns(patterns);
  populateKilnMatMulToLinalgPatterns(patterns);
  populateKilnConvToLinalgPatterns(patterns);
  populateKilnWindowGradientToLinalgPatterns(patterns);
  populateKilnReductionToLinalgPatterns(patterns);
  populateKilnShapeToLinalgPatterns(patterns);
  populateKilnRandomToLinalgPatterns(patterns);
  populateKilnIndexingToLinalgPatterns(patterns);
}

} // namespace kiln
