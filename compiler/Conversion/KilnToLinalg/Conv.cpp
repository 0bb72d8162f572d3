//===- Conv.cpp - conv2d and pooling to linalg ----------------------------===//
//
// TensorFlow's SAME padding is explicit here: the input is padded with
// tensor.pad (zeros for convolution and average pooling, the lowest value
// for max pooling) and the window op runs VALID over the padded tensor.
// Average pooling divides by the number of real (unpadded) elements under
// each window, which TensorFlow counts per output position; with static
// shapes that count is a compile-time constant.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "compiler/Conversion/KilnToLinalg/WindowLowering.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace lowering {

SpatialPads spatialPadding(RankedTensorType inputType, ArrayRef<int64_t> k,
                           ArrayRef<int64_t> s, ArrayRef<int64_t> d,
                           Padding padding,
                           std::optional<ArrayRef<int64_t>> explicitPads) {
  return {windowPadding(inputType.getDimSize(1), k[0], s[0], d[0], padding,
                        explicitPads, 0),
          windowPadding(inputType.getDimSize(2), k[1], s[1], d[1], padding,
                        explicitPads, 1)};
}

Value padSpatial(OpBuilder &b, Location loc, Value input, WindowPads h, WindowPads w,
                 Value padValue) {
  if (!h.before && !h.after && !w.before && !w.after)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  auto paddedType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1) + h.before + h.after,
       type.getDimSize(2) + w.before + w.after, type.getDimSize(3)},
      type.getElementType());
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(h.before),
                                   b.getIndexAttr(w.before), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(h.after),
                                    b.getIndexAttr(w.after), b.getIndexAttr(0)};
  return tensor::PadOp::create(b, loc, paddedType, input, low, high, padValue);
}

void yieldMultiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Value product = arith::MulFOp::create(b, loc, args[0], args[1]);
  linalg::YieldOp::create(b, loc,
                          Value(arith::AddFOp::create(b, loc, args[2], product)));
}

Value buildConv2D(OpBuilder &b, Location loc, Value input, Value filter,
                  RankedTensorType resultType, ArrayRef<int64_t> s,
                  ArrayRef<int64_t> d) {
  Type element = resultType.getElementType();
  MLIRContext *ctx = b.getContext();
  // Loops: n, oh, ow, kh, kw, c, f - output channels innermost, where the
  // HWIO filter and the NHWC output are contiguous and nothing is carried
  // between iterations, so plain lowering yields vectorizable loops.
  AffineExpr n, oh, ow, kh, kw, c, f;
  bindDims(ctx, n, oh, ow, kh, kw, c, f);
  auto inputMap = AffineMap::get(
      7, 0, {n, oh * s[0] + kh * d[0], ow * s[1] + kw * d[1], c}, ctx);
  auto filterMap = AffineMap::get(7, 0, {kh, kw, c, f}, ctx);
  auto outputMap = AffineMap::get(7, 0, {n, oh, ow, f}, ctx);
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = {
      IteratorType::parallel,  IteratorType::parallel,
      IteratorType::parallel,  IteratorType::reduction,
      IteratorType::reduction, IteratorType::reduction,
      IteratorType::parallel};
  Value init = filledTensor(b, loc, resultType, zero(b, loc, element));
  auto conv = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{input, filter},
      ValueRange{init}, ArrayRef<AffineMap>{inputMap, filterMap, outputMap},
      iterators, yieldMultiplyAccumulate);
  setContraction(conv,
                 ContractionAttr::get(ctx, ContractionKind::Conv2D, s, d));
  return conv.getResult(0);
}

Value windowCounts(OpBuilder &b, Location loc, RankedTensorType inputType,
                   RankedTensorType resultType, ArrayRef<int64_t> k,
                   ArrayRef<int64_t> s, WindowPads h, WindowPads w) {
  int64_t outH = resultType.getDimSize(1), outW = resultType.getDimSize(2);
  auto covered = [](int64_t o, int64_t stride, int64_t before, int64_t size,
                    int64_t in) {
    int64_t start = o * stride - before;
    return std::min(start + size, in) - std::max<int64_t>(start, 0);
  };
  SmallVector<APFloat> counts;
  auto floatType = cast<FloatType>(resultType.getElementType());
  for (int64_t i = 0; i < outH; ++i)
    for (int64_t j = 0; j < outW; ++j) {
      APFloat count(static_cast<double>(
          covered(i, s[0], h.before, k[0], inputType.getDimSize(1)) *
          covered(j, s[1], w.before, k[1], inputType.getDimSize(2))));
      bool lost;
      count.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &lost);
      counts.push_back(count);
    }
  auto countType = RankedTensorType::get({1, outH, outW, 1}, floatType);
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(countType, counts));
}

} // namespace lowering

namespace {

struct Conv2DLowering : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
    Type element = resultType.getElementType();
    auto [h, w] = spatialPadding(
        inputType, filterType.getShape().take_front(2), s, d, op.getPadding(),
        op.getExplicitPaddings());
    Value input = padSpatial(rewriter, loc, op.getInput(), h, w,
                             zero(rewriter, loc, element));
    rewriter.replaceOp(op, buildConv2D(rewriter, loc, input, op.getFilter(),
                                       resultType, s, d));
    return success();
  }
};

template <typename PoolOp, bool isMax>
struct PoolLowering : public OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    bool isUnsigned = element.isUnsignedInteger();
    ArrayRef<int64_t> k = op.getKsize(), s = op.getStrides();
    auto [h, w] =
        spatialPadding(inputType, k, s, {1, 1}, op.getPadding(), std::nullopt);
    Value padValue = isMax ? lowest(rewriter, loc, element)
                           : zero(rewriter, loc, element);
    Value input = padSpatial(rewriter, loc, op.getInput(), h, w, padValue);

    MLIRContext *ctx = rewriter.getContext();
    // Loops: n, oh, ow, c (parallel), kh, kw (reduction); the window
    // operand only gives kh and kw their extent.
    AffineExpr n, oh, ow, c, kh, kw;
    bindDims(ctx, n, oh, ow, c, kh, kw);
    auto inputMap =
        AffineMap::get(6, 0, {n, oh * s[0] + kh, ow * s[1] + kw, c}, ctx);
    auto windowMap = AffineMap::get(6, 0, {kh, kw}, ctx);
    auto outputMap = AffineMap::get(6, 0, {n, oh, ow, c}, ctx);
    using utils::IteratorType;
    SmallVector<IteratorType> iterators = {
        IteratorType::parallel, IteratorType::parallel,  IteratorType::parallel,
        IteratorType::parallel, IteratorType::reduction, IteratorType::reduction};
    Value window = tensor::EmptyOp::create(rewriter, loc, k, element);
    Value init = filledTensor(rewriter, loc, resultType, padValue);
    auto pool = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{input, window},
        ValueRange{init}, ArrayRef<AffineMap>{inputMap, windowMap, outputMap},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value combined = isMax ? maxScalar(b, l, args[2], args[0], isUnsigned)
                                 : addScalar(b, l, args[2], args[0]);
          linalg::YieldOp::create(b, l, combined);
        });
    Value result = pool.getResult(0);
    if (!isMax)
      result = buildBroadcastElementwise(
          rewriter, loc, resultType,
          ValueRange{result, windowCounts(rewriter, loc, inputType, resultType,
                                          k, s, h, w)},
          [](OpBuilder &nested, Location l, ValueRange args) {
            return Value(arith::DivFOp::create(nested, l, args[0], args[1]));
          });
    rewriter.replaceOp(op, result);
    return success();
  }

};

} // namespace

void populateKilnConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, PoolLowering<MaxPoolOp, true>,
               PoolLowering<AvgPoolOp, false>>(patterns.getContext());
}

} // namespace kiln
