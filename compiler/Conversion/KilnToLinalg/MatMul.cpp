//===- MatMul.cpp - kiln.matmul to linalg.matmul --------------------------===//
//
// Transposed operands are materialized with linalg.transpose; the product
// itself is a linalg.generic in (m, k, n) loop order (see below).
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
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    Value a = op.getTransposeA() ? transposed(rewriter, loc, op.getA()) : op.getA();
    Value b = op.getTransposeB() ? transposed(rewriter, loc, op.getB()) : op.getB();
    auto type = cast<RankedTensorType>(op.getType());
    Value init = filledTensor(rewriter, loc, type,
                              zero(rewriter, loc, type.getElementType()));
    // Loops (m, k, n): the innermost loop walks a row of B and of C, both
    // contiguous, with no loop-carried reduction, so the loop nest a plain
    // lowering emits is already vectorizable. Tiled and packed schedules
    // replace this once the x86 pipeline tiles.
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m, k, n;
    bindDims(ctx, m, k, n);
    using utils::IteratorType;
    auto matmul = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{a, b}, ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::get(3, 0, {m, k}, ctx),
                            AffineMap::get(3, 0, {k, n}, ctx),
                            AffineMap::get(3, 0, {m, n}, ctx)},
        ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::reduction,
                               IteratorType::parallel},
        [](OpBuilder &nb, Location l, ValueRange args) {
          Value product = mulScalar(nb, l, args[0], args[1]);
          linalg::YieldOp::create(nb, l, addScalar(nb, l, args[2], product));
        });
    setContraction(matmul, ContractionAttr::get(ctx, ContractionKind::MatMul,
                                                {}, {}));
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

} // namespace

void populateKilnMatMulToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering>(patterns.getContext());
}

} // namespace kiln
