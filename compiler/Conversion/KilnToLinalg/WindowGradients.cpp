//===- WindowGradients.cpp - backward conv and pooling to linalg ----------===//
//
// The filter gradient is one contraction over the padded input (the form
// kiln-cpu-library-calls hands to its filter-gradient kernel). The input
// gradient spreads the output gradient back out with the forward strides
// (zeros between, a strided tensor.insert_slice) and convolves that with the
// flipped, channel-swapped filter at stride 1: an ordinary conv generic.
//
// Pool gradients gather: input pixel i of a window op with stride s and
// leading padding p is element kh of window (i + p - kh) / s whenever that
// divides evenly, so each input pixel sums over the window offsets kh, kw
// the gradients of the windows that hold it (padded past the edges so every
// gathered index is in bounds). Max pooling first records each window's
// first maximum, as TensorFlow routes the gradient there; a forward max pool
// whose gradient the same step takes records them once for both. Windows
// that tile the input need no sum: pixel i is element i mod s of window i / s.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "compiler/Conversion/KilnToLinalg/WindowLowering.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

using utils::IteratorType;

struct Conv2DBackpropFilterLowering
    : public OpRewritePattern<Conv2DBackpropFilterOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DBackpropFilterOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
    Type element = resultType.getElementType();
    auto [h, w] = spatialPadding(inputType, resultType.getShape().take_front(2),
                                 s, d, op.getPadding(), op.getExplicitPaddings());
    Value input = padSpatial(rewriter, loc, op.getInput(), h, w,
                             zero(rewriter, loc, element));

    // Loops: kh, kw, c, f (the filter's, parallel), n, oh, ow (reduction).
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr kh, kw, c, f, n, oh, ow;
    bindDims(ctx, kh, kw, c, f, n, oh, ow);
    auto inputMap = AffineMap::get(
        7, 0, {n, oh * s[0] + kh * d[0], ow * s[1] + kw * d[1], c}, ctx);
    auto gradMap = AffineMap::get(7, 0, {n, oh, ow, f}, ctx);
    auto resultMap = AffineMap::get(7, 0, {kh, kw, c, f}, ctx);
    SmallVector<IteratorType> iterators(4, IteratorType::parallel);
    iterators.append(3, IteratorType::reduction);
    Value init = filledTensor(rewriter, loc, resultType, zero(rewriter, loc, element));
    auto grad = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{input, op.getOutBackprop()}, ValueRange{init},
        ArrayRef<AffineMap>{inputMap, gradMap, resultMap}, iterators,
        yieldMultiplyAccumulate);
    setContraction(grad, ContractionAttr::get(
                             ctx, ContractionKind::Conv2DBackpropFilter, s, d));
    rewriter.replaceOp(op, grad.getResult(0));
    return success();
  }
};

/// The rows (or columns) of the output gradient that reach the input, and
/// where the first of them lands in the spread-out gradient whose row r
/// feeds input row r - (k - 1) * d.
struct SpreadRange {
  int64_t first = 0, count = 0, offset = 0;
};

SpreadRange spreadRange(int64_t in, int64_t out, int64_t k, int64_t s,
                        int64_t d, int64_t padBefore) {
  // Output row o lands at (k - 1) * d - padBefore + o * s; keep the rows
  // inside [0, in + (k - 1) * d).
  int64_t base = (k - 1) * d - padBefore;
  int64_t first = base >= 0 ? 0 : (-base + s - 1) / s;
  int64_t last = std::min(out - 1, (in + (k - 1) * d - 1 - base) / s);
  if (last < first)
    return {0, 0, 0};
  return {first, last - first + 1, base + first * s};
}

struct Conv2DBackpropInputLowering
    : public OpRewritePattern<Conv2DBackpropInputOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DBackpropInputOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto gradType = cast<RankedTensorType>(op.getOutBackprop().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
    Type element = resultType.getElementType();
    int64_t kh = filterType.getDimSize(0), kw = filterType.getDimSize(1);
    int64_t c = filterType.getDimSize(2), f = filterType.getDimSize(3);
    int64_t n = resultType.getDimSize(0), inH = resultType.getDimSize(1),
            inW = resultType.getDimSize(2);
    auto [h, w] = spatialPadding(resultType, {kh, kw}, s, d, op.getPadding(),
                                 op.getExplicitPaddings());

    // The output gradient spread out with zeros between (stride - 1 of
    // them), framed so a stride-1 window at input row i starts at row i.
    auto spreadType = RankedTensorType::get(
        {n, inH + (kh - 1) * d[0], inW + (kw - 1) * d[1], f}, element);
    Value spread = filledTensor(rewriter, loc, spreadType, zero(rewriter, loc, element));
    SpreadRange rows = spreadRange(inH, gradType.getDimSize(1), kh, s[0], d[0], h.before);
    SpreadRange cols = spreadRange(inW, gradType.getDimSize(2), kw, s[1], d[1], w.before);
    if (rows.count && cols.count) {
      SmallVector<int64_t> sizes = {n, rows.count, cols.count, f};
      Value reaching = op.getOutBackprop();
      if (rows.count != gradType.getDimSize(1) || cols.count != gradType.getDimSize(2))
        reaching = tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get(sizes, element), reaching,
            ValueRange{}, ValueRange{}, ValueRange{},
            rewriter.getDenseI64ArrayAttr({0, rows.first, cols.first, 0}),
            rewriter.getDenseI64ArrayAttr(sizes),
            rewriter.getDenseI64ArrayAttr({1, 1, 1, 1}));
      spread = tensor::InsertSliceOp::create(
          rewriter, loc, reaching, spread, ValueRange{}, ValueRange{},
          ValueRange{}, rewriter.getDenseI64ArrayAttr({0, rows.offset, cols.offset, 0}),
          rewriter.getDenseI64ArrayAttr(sizes),
          rewriter.getDenseI64ArrayAttr({1, s[0], s[1], 1}));
    }

    // flipped[a, b, f, c] = filter[kh - 1 - a, kw - 1 - b, c, f].
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr a, b, fo, ci;
    bindDims(ctx, a, b, fo, ci);
    auto flippedType = RankedTensorType::get({kh, kw, f, c}, element);
    auto flip = linalg::GenericOp::create(
        rewriter, loc, TypeRange{flippedType}, ValueRange{op.getFilter()},
        ValueRange{emptyTensor(rewriter, loc, flippedType)},
        ArrayRef<AffineMap>{AffineMap::get(4, 0, {-a + (kh - 1), -b + (kw - 1), ci, fo}, ctx),
                            AffineMap::getMultiDimIdentityMap(4, ctx)},
        SmallVector<IteratorType>(4, IteratorType::parallel),
        [](OpBuilder &nested, Location l, ValueRange args) {
          linalg::YieldOp::create(nested, l, args[0]);
        });
    rewriter.replaceOp(op, buildConv2D(rewriter, loc, spread, flip.getResult(0),
                                       resultType, {1, 1}, d));
    return success();
  }
};

/// How far the gathered window index (i + padBefore - k) floordiv s runs
/// outside [0, out) for i in [0, in), k in [0, window): the padding the
/// gathered tensors need on each side.
WindowPads gatherPadding(int64_t in, int64_t out, int64_t window, int64_t s,
                         int64_t padBefore) {
  auto floorDiv = [](int64_t x, int64_t y) {
    return x >= 0 ? x / y : -((-x + y - 1) / y);
  };
  int64_t lowest = floorDiv(padBefore - (window - 1), s);
  int64_t highest = floorDiv(in - 1 + padBefore, s);
  return {std::max<int64_t>(0, -lowest), std::max<int64_t>(0, highest - (out - 1))};
}

/// The position (row * width + column) of an element within its window, as
/// the argmax records it.
Value windowOffset(OpBuilder &b, Location loc, Value row, Value col,
                   int64_t width) {
  return arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, row, arith::ConstantIndexOp::create(b, loc, width)),
      col);
}

/// Whether every input pixel is in exactly one window, at offset i mod s.
bool windowsTile(RankedTensorType input, ArrayRef<int64_t> k,
                 ArrayRef<int64_t> s, WindowPads h, WindowPads w) {
  return k == s && !h.before && !w.before &&
         input.getDimSize(1) % k[0] == 0 && input.getDimSize(2) % k[1] == 0;
}

/// Per-window scalars `gathered` (each [N, OH, OW, C]) gathered back to the
/// input pixels: the result sums, over the windows holding each pixel,
/// `contribution(values, offset)` where `offset` is the pixel's index in
/// the window (kh * KW + kw, as index) and `values` the window's scalars.
using Contribution = std::function<Value(OpBuilder &, Location, ValueRange,
                                         Value /*offset*/)>;

Value gatherToPixels(OpBuilder &b, Location loc, RankedTensorType resultType,
                     ValueRange gathered, ArrayRef<Value> padValues,
                     ArrayRef<int64_t> k, ArrayRef<int64_t> s, WindowPads h,
                     WindowPads w, const Contribution &contribution) {
  MLIRContext *ctx = b.getContext();
  Type element = resultType.getElementType();
  Value init = filledTensor(b, loc, resultType, zero(b, loc, element));
  auto windowType = cast<RankedTensorType>(gathered.front().getType());
  if (windowsTile(resultType, k, s, h, w)) {
    AffineExpr n, i, j, c;
    bindDims(ctx, n, i, j, c);
    auto windowMap = AffineMap::get(4, 0, {n, i.floorDiv(s[0]), j.floorDiv(s[1]), c}, ctx);
    SmallVector<AffineMap> maps(gathered.size(), windowMap);
    maps.push_back(AffineMap::getMultiDimIdentityMap(4, ctx));
    auto op = linalg::GenericOp::create(
        b, loc, TypeRange{resultType}, gathered, ValueRange{init}, maps,
        SmallVector<IteratorType>(4, IteratorType::parallel),
        [&](OpBuilder &nested, Location l, ValueRange args) {
          Value row = arith::RemUIOp::create(
              nested, l, linalg::IndexOp::create(nested, l, 1),
              arith::ConstantIndexOp::create(nested, l, s[0]));
          Value col = arith::RemUIOp::create(
              nested, l, linalg::IndexOp::create(nested, l, 2),
              arith::ConstantIndexOp::create(nested, l, s[1]));
          linalg::YieldOp::create(
              nested, l,
              contribution(nested, l, args.drop_back(),
                           windowOffset(nested, l, row, col, k[1])));
        });
    return op.getResult(0);
  }

  WindowPads rows = gatherPadding(resultType.getDimSize(1), windowType.getDimSize(1),
                                  k[0], s[0], h.before);
  WindowPads cols = gatherPadding(resultType.getDimSize(2), windowType.getDimSize(2),
                                  k[1], s[1], w.before);
  SmallVector<Value> padded;
  for (auto [value, padValue] : llvm::zip(gathered, padValues))
    padded.push_back(padSpatial(b, loc, value, rows, cols, padValue));

  // Loops: n, i, j, c (parallel), kh, kw (reduction over window offsets).
  AffineExpr n, i, j, c, kh, kw;
  bindDims(ctx, n, i, j, c, kh, kw);
  auto windowMap = AffineMap::get(
      6, 0,
      {n, (i + h.before - kh).floorDiv(s[0]) + rows.before,
       (j + w.before - kw).floorDiv(s[1]) + cols.before, c},
      ctx);
  SmallVector<AffineMap> maps(padded.size(), windowMap);
  maps.push_back(AffineMap::get(6, 0, {kh, kw}, ctx));
  maps.push_back(AffineMap::get(6, 0, {n, i, j, c}, ctx));
  SmallVector<Value> inputs(padded);
  inputs.push_back(tensor::EmptyOp::create(b, loc, k, element));
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location l, ValueRange args) {
        // Pixel i is in window (i + p - kh) / s only when s divides evenly.
        auto divides = [&](unsigned pixelDim, unsigned offsetDim, int64_t pad,
                           int64_t stride) -> Value {
          if (stride == 1)
            return Value();
          Value at = arith::SubIOp::create(
              nested, l,
              arith::AddIOp::create(nested, l,
                                    linalg::IndexOp::create(nested, l, pixelDim),
                                    arith::ConstantIndexOp::create(nested, l, pad)),
              linalg::IndexOp::create(nested, l, offsetDim));
          Value rem = arith::RemSIOp::create(
              nested, l, at, arith::ConstantIndexOp::create(nested, l, stride));
          return arith::CmpIOp::create(nested, l, arith::CmpIPredicate::eq, rem,
                                       arith::ConstantIndexOp::create(nested, l, 0));
        };
        Value offset = windowOffset(nested, l, linalg::IndexOp::create(nested, l, 4),
                                    linalg::IndexOp::create(nested, l, 5), k[1]);
        ValueRange values = args.take_front(padded.size());
        Value term = contribution(nested, l, values, offset);
        for (Value holds : {divides(1, 4, h.before, s[0]), divides(2, 5, w.before, s[1])})
          if (holds)
            term = arith::SelectOp::create(nested, l, holds, term,
                                           zero(nested, l, element));
        linalg::YieldOp::create(nested, l,
                                Value(arith::AddFOp::create(nested, l, args.back(), term)));
      });
  return op.getResult(0);
}

/// A max pool's windows: their attributes and padding over `input`.
struct MaxPoolWindows {
  RankedTensorType inputType, windowType;
  ArrayRef<int64_t> k, s;
  WindowPads h, w;
};

template <typename PoolOp>
MaxPoolWindows windowsOf(PoolOp op, RankedTensorType windowType) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  ArrayRef<int64_t> k = op.getKsize(), s = op.getStrides();
  auto [h, w] =
      spatialPadding(inputType, k, s, {1, 1}, op.getPadding(), std::nullopt);
  return {inputType, windowType, k, s, h, w};
}

/// Each window's maximum and the offset (kh * KW + kw) of its first
/// occurrence: the strict comparison keeps the earliest in loop order.
linalg::GenericOp buildArgmax(OpBuilder &b, Location loc, Value x,
                              const MaxPoolWindows &p) {
  Type element = p.inputType.getElementType();
  Value lowestValue = lowest(b, loc, element);
  Value input = padSpatial(b, loc, x, p.h, p.w, lowestValue);
  MLIRContext *ctx = b.getContext();
  AffineExpr n, oh, ow, c, kh, kw;
  bindDims(ctx, n, oh, ow, c, kh, kw);
  auto offsetType = RankedTensorType::get(p.windowType.getShape(), b.getI32Type());
  Value maxInit = filledTensor(b, loc, p.windowType, lowestValue);
  Value offsetInit = filledTensor(
      b, loc, offsetType, arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0));
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  auto windowResult = AffineMap::get(6, 0, {n, oh, ow, c}, ctx);
  ArrayRef<int64_t> k = p.k, s = p.s;
  return linalg::GenericOp::create(
      b, loc, TypeRange{p.windowType, offsetType},
      ValueRange{input, tensor::EmptyOp::create(b, loc, k, element)},
      ValueRange{maxInit, offsetInit},
      ArrayRef<AffineMap>{
          AffineMap::get(6, 0, {n, oh * s[0] + kh, ow * s[1] + kw, c}, ctx),
          AffineMap::get(6, 0, {kh, kw}, ctx), windowResult, windowResult},
      iterators, [&](OpBuilder &nested, Location l, ValueRange args) {
        Value larger = arith::CmpFOp::create(nested, l, arith::CmpFPredicate::OGT,
                                             args[0], args[2]);
        Value offset = windowOffset(nested, l, linalg::IndexOp::create(nested, l, 4),
                                    linalg::IndexOp::create(nested, l, 5), k[1]);
        offset = arith::IndexCastOp::create(nested, l, nested.getI32Type(), offset);
        linalg::YieldOp::create(
            nested, l,
            ValueRange{Value(arith::SelectOp::create(nested, l, larger, args[0], args[2])),
                       Value(arith::SelectOp::create(nested, l, larger, offset, args[3]))});
      });
}

/// Routes each window's gradient `dy` to the pixel at its recorded offset.
Value buildMaxGather(OpBuilder &b, Location loc, Value dy, Value offsets,
                     const MaxPoolWindows &p) {
  Type element = p.inputType.getElementType();
  // A window past the edges has offset -1, which no pixel matches.
  Value noOffset = arith::ConstantIntOp::create(b, loc, b.getI32Type(), -1);
  return gatherToPixels(
      b, loc, p.inputType, ValueRange{dy, offsets}, {zero(b, loc, element), noOffset},
      p.k, p.s, p.h, p.w,
      [&](OpBuilder &nested, Location l, ValueRange values, Value offset) {
        Value here = arith::CmpIOp::create(
            nested, l, arith::CmpIPredicate::eq, values[1],
            arith::IndexCastOp::create(nested, l, nested.getI32Type(), offset));
        return Value(arith::SelectOp::create(nested, l, here, values[0],
                                             zero(nested, l, element)));
      });
}

struct MaxPoolGradLowering : public OpRewritePattern<MaxPoolGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolGradOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    MaxPoolWindows windows =
        windowsOf(op, cast<RankedTensorType>(op.getGrad().getType()));
    linalg::GenericOp argmax = buildArgmax(rewriter, op.getLoc(), op.getInput(), windows);
    rewriter.replaceOp(op, buildMaxGather(rewriter, op.getLoc(), op.getGrad(),
                                          argmax.getResult(1), windows));
    return success();
  }
};

/// A max pool whose gradient is taken in the same step: the forward pass
/// records each window's first maximum along with its value, and the
/// gradients reuse those offsets instead of searching the windows again.
struct MaxPoolWithGradientsLowering : public OpRewritePattern<MaxPoolOp> {
  MaxPoolWithGradientsLowering(MLIRContext *ctx)
      : OpRewritePattern(ctx, /*benefit=*/2) {}

  static bool samePool(MaxPoolOp pool, MaxPoolGradOp grad) {
    return grad.getInput() == pool.getInput() &&
           grad.getOutput() == pool.getResult() &&
           grad.getKsize() == pool.getKsize() &&
           grad.getStrides() == pool.getStrides() &&
           grad.getPadding() == pool.getPadding();
  }

  LogicalResult matchAndRewrite(MaxPoolOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)) ||
        !isa<FloatType>(op.getType().getElementType()))
      return failure();
    SmallVector<MaxPoolGradOp> gradients;
    for (Operation *user : op.getResult().getUsers())
      if (auto grad = dyn_cast<MaxPoolGradOp>(user); grad && samePool(op, grad) &&
                                                     allStatic(grad->getOperandTypes()))
        gradients.push_back(grad);
    if (gradients.empty())
      return failure();
    MaxPoolWindows windows = windowsOf(op, op.getType());
    linalg::GenericOp argmax = buildArgmax(rewriter, op.getLoc(), op.getInput(), windows);
    for (MaxPoolGradOp grad : gradients) {
      rewriter.setInsertionPoint(grad);
      rewriter.replaceOp(grad, buildMaxGather(rewriter, grad.getLoc(), grad.getGrad(),
                                              argmax.getResult(1), windows));
    }
    rewriter.replaceOp(op, argmax.getResult(0));
    return success();
  }
};

struct AvgPoolGradLowering : public OpRewritePattern<AvgPoolGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AvgPoolGradOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getType());
    auto windowType = cast<RankedTensorType>(op.getGrad().getType());
    Type element = inputType.getElementType();
    ArrayRef<int64_t> k = op.getKsize(), s = op.getStrides();
    auto [h, w] =
        spatialPadding(inputType, k, s, {1, 1}, op.getPadding(), std::nullopt);
    // Each window's gradient, shared by the elements it averaged.
    Value share = buildBroadcastElementwise(
        rewriter, loc, windowType,
        ValueRange{op.getGrad(),
                   windowCounts(rewriter, loc, inputType, windowType, k, s, h, w)},
        [](OpBuilder &b, Location l, ValueRange args) {
          return Value(arith::DivFOp::create(b, l, args[0], args[1]));
        });
    Value result = gatherToPixels(
        rewriter, loc, inputType, ValueRange{share}, {zero(rewriter, loc, element)},
        k, s, h, w,
        [](OpBuilder &, Location, ValueRange values, Value) { return values[0]; });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateKilnWindowGradientToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DBackpropFilterLowering, Conv2DBackpropInputLowering,
               MaxPoolGradLowering, MaxPoolWithGradientsLowering,
               AvgPoolGradLowering>(patterns.getContext());
}

} // namespace kiln
