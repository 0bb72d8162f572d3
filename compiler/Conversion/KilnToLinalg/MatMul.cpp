//===- MatMul.cpp - kiln.matmul to linalg.matmul --------------------------===//
//
// Transposed operands are materialized with linalg.transpose; later passes
// fold the transpose into the matmul's indexing or a packed layout, so the
// lowering stays a plain named matmul every target recognizes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

Value transposed(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value,
                                     emptyTensor(b, loc, resultType),
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

struct MatMulLowering : public OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    if (!allStatic(op->getOperandTypes()) || !allStatic(op->getResultTypes()))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    Value a = op.getTransposeA() ? transposed(rewriter, loc, op.getA()) : op.getA();
    Value b = op.getTransposeB() ? transposed(rewriter, loc, op.getB()) : op.getB();
    auto type = cast<RankedTensorType>(op.getType());
    Value init = filledTensor(rewriter, loc, type,
                              zero(rewriter, loc, type.getElementType()));
    rewriter.replaceOp(op, linalg::MatmulOp::create(rewriter, loc,
                                                    ValueRange{a, b},
                                                    ValueRange{init})
                               .getResult(0));
    return success();
  }
};

} // namespace

void populateKilnMatMulToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering>(patterns.getContext());
}

} // namespace kiln
