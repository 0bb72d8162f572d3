//===- Reduction.cpp - reductions, softmax family, argmax, in_top_k -------===//
//
// Reductions become linalg.reduce; softmax, log_softmax and the sparse
// cross-entropy are decomposed into the numerically stable sequence
// (subtract the row maximum, exponentiate, sum, normalize) so every piece is
// a plain reduction or parallel generic that fusion can regroup.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "compiler/Conversion/KilnToLinalg/RuntimeChecks.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

using utils::IteratorType;

SmallVector<int64_t> normalizedAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes)
    result.push_back(*normalizeAxis(axis, rank));
  llvm::sort(result);
  return result;
}

/// The input's shape with `axis` set to 1: a reduction result that
/// broadcasts back against its input.
RankedTensorType keptType(RankedTensorType type, int64_t axis) {
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = 1;
  return RankedTensorType::get(shape, type.getElementType());
}

Value maxCombine(OpBuilder &b, Location l, Value x, Value acc) {
  bool isUnsigned = x.getType().isUnsignedInteger();
  return maxScalar(b, l, x, acc, isUnsigned);
}

Value addCombine(OpBuilder &b, Location l, Value x, Value acc) {
  return addScalar(b, l, x, acc);
}

/// Row maximum, kept as a broadcastable [..., 1] tensor.
Value keptMax(OpBuilder &b, Location loc, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t last = type.getRank() - 1;
  Value m = reduceOver(b, loc, x, {last}, lowest(b, loc, type.getElementType()),
                       maxCombine);
  return reshapeTo(b, loc, m, keptType(type, last));
}

Value keptSum(OpBuilder &b, Location loc, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t last = type.getRank() - 1;
  Value s = reduceOver(b, loc, x, {last}, zero(b, loc, type.getElementType()),
                       addCombine);
  return reshapeTo(b, loc, s, keptType(type, last));
}

Value binaryMap(OpBuilder &b, Location loc, Value x, Value y,
                const std::function<Value(OpBuilder &, Location, Value, Value)> &fn) {
  auto type = cast<RankedTensorType>(x.getType());
  return buildBroadcastElementwise(
      b, loc, type, ValueRange{x, y},
      [&](OpBuilder &nb, Location l, ValueRange a) { return fn(nb, l, a[0], a[1]); });
}

/// Elements from which a reduction over the leading axis and others runs
/// in two stages (the threshold at which generated loops are threaded).
constexpr int64_t kTwoStageReductionElements = int64_t(1) << 16;

template <typename ReduceOp>
struct ReduceLowering : public OpRewritePattern<ReduceOp> {
  using OpRewritePattern<ReduceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type element = inputType.getElementType();
    SmallVector<int64_t> axes = normalizedAxes(op.getAxes(), inputType.getRank());
    bool isMax = std::is_same_v<ReduceOp, ReduceMaxOp>;
    bool isMean = std::is_same_v<ReduceOp, ReduceMeanOp>;
    bool isProd = std::is_same_v<ReduceOp, ReduceProdOp>;
    int64_t count = 1;
    for (int64_t axis : axes)
      count *= inputType.getDimSize(axis);
    // An integer mean sums and divides in 64 bits, as TensorFlow does, so
    // neither the sum nor the element count wraps in a narrow type.
    bool wideMean = isMean && isa<IntegerType>(element) &&
                    element.getIntOrFloatBitWidth() < 64;
    bool isUnsigned = element.isUnsignedInteger();
    Value input = op.getInput();
    Type accumulator = element;
    if (wideMean)
      accumulator = rewriter.getI64Type();
    // A float sum over many elements in one running f32 accumulator drifts
    // (10^6 * 0.1f is off by 1%); accumulate in f64, or f32 for half types.
    auto floatElement = dyn_cast<FloatType>(element);
    if (!isMax && floatElement && floatElement.getWidth() < 64)
      accumulator = floatElement.getWidth() < 32 ? Type(rewriter.getF32Type())
                                                 : Type(rewriter.getF64Type());
    // Each element widens inside the reduction's body: a separate widening
    // op would write a full-size copy of the input in the wider type.
    auto widen = [&](OpBuilder &b, Location l, Value x) -> Value {
      if (accumulator == element)
        return x;
      if (isa<FloatType>(accumulator))
        return arith::ExtFOp::create(b, l, accumulator, x);
      return isUnsigned ? Value(arith::ExtUIOp::create(b, l, accumulator, x))
                        : Value(arith::ExtSIOp::create(b, l, accumulator, x));
    };
    Value init = isMax    ? lowest(rewriter, loc, element)
                 : isProd ? one(rewriter, loc, accumulator)
                          : zero(rewriter, loc, accumulator);
    auto combine = [&](OpBuilder &b, Location l, Value x, Value acc) {
      return isMax    ? maxCombine(b, l, x, acc)
             : isProd ? mulScalar(b, l, x, acc)
                      : addCombine(b, l, x, acc);
    };
    // A large reduction over the leading axis and others (a conv's bias
    // gradient sums NHWC over N, H and W) has no parallel outer loop for
    // the threads to split. Reduce the other axes first, keeping the
    // leading one (its loop is parallel), then the leading axis of that
    // small partial result.
    SmallVector<int64_t> firstAxes(axes.begin(), axes.end());
    bool twoStages = axes.size() >= 2 && axes.front() == 0 &&
                     inputType.getDimSize(0) > 1 &&
                     inputType.getNumElements() >= kTwoStageReductionElements;
    if (twoStages)
      firstAxes.erase(firstAxes.begin());
    Value reduced = reduceOver(rewriter, loc, input, firstAxes, init,
                               [&](OpBuilder &b, Location l, Value x, Value acc) {
                                 return combine(b, l, widen(b, l, x), acc);
                               });
    if (twoStages)
      reduced = reduceOver(rewriter, loc, reduced, {0}, init, combine);
    if (isMean) {
      Value divisor =
          isa<FloatType>(accumulator)
              ? Value(arith::ConstantOp::create(
                    rewriter, loc, rewriter.getFloatAttr(accumulator, double(count))))
              : Value(arith::ConstantOp::create(
                    rewriter, loc, rewriter.getIntegerAttr(accumulator, count)));
      auto reducedType = cast<RankedTensorType>(reduced.getType());
      auto resultType = RankedTensorType::get(reducedType.getShape(), element);
      reduced = buildBroadcastElementwise(
          rewriter, loc, resultType, ValueRange{reduced},
          [&](OpBuilder &b, Location l, ValueRange a) {
            Value mean = divScalar(b, l, a[0], divisor, isUnsigned);
            if (wideMean)
              return Value(arith::TruncIOp::create(b, l, element, mean));
            if (accumulator != element)
              return Value(arith::TruncFOp::create(b, l, element, mean));
            return mean;
          });
    } else if (accumulator != element) {
      auto reducedType = cast<RankedTensorType>(reduced.getType());
      reduced = buildBroadcastElementwise(
          rewriter, loc, RankedTensorType::get(reducedType.getShape(), element),
          ValueRange{reduced}, [&](OpBuilder &b, Location l, ValueRange a) {
            return Value(arith::TruncFOp::create(b, l, element, a[0]));
          });
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, reduced,
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

template <typename OpT, bool isLog>
struct SoftmaxLowering : public OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    Value x = op.getLogits();
    Value shifted = binaryMap(rewriter, loc, x, keptMax(rewriter, loc, x), subScalar);
    Value exps = buildBroadcastElementwise(
        rewriter, loc, cast<RankedTensorType>(x.getType()), ValueRange{shifted},
        [](OpBuilder &b, Location l, ValueRange a) {
          return Value(math::ExpOp::create(b, l, a[0]));
        });
    Value sum = keptSum(rewriter, loc, exps);
    Value result =
        isLog ? binaryMap(rewriter, loc, shifted, sum,
                          [](OpBuilder &b, Location l, Value s, Value total) {
                            return subScalar(b, l, s, math::LogOp::create(b, l, total));
                          })
              : binaryMap(rewriter, loc, exps, sum,
                          [](OpBuilder &b, Location l, Value e, Value total) {
                            return Value(arith::DivFOp::create(b, l, e, total));
                          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (c == label[b]) for a [B, C] generic whose loop 1 is the class.
Value isLabelColumn(OpBuilder &b, Location l, Value label) {
  Value column = linalg::IndexOp::create(b, l, 1);
  Value labelIndex = arith::IndexCastOp::create(b, l, b.getIndexType(), label);
  return arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, column, labelIndex);
}

/// picked[b] = x[b, label[b]] (0 when the label is out of range).
Value pickLabelColumn(OpBuilder &b, Location loc, Value x, Value labels) {
  auto type = cast<RankedTensorType>(x.getType());
  MLIRContext *ctx = b.getContext();
  auto resultType = RankedTensorType::get({type.getDimSize(0)}, type.getElementType());
  Value init = filledTensor(b, loc, resultType, zero(b, loc, type.getElementType()));
  AffineExpr row, col;
  bindDims(ctx, row, col);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{x, labels}, ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::get(2, 0, {row, col}, ctx),
                          AffineMap::get(2, 0, {row}, ctx),
                          AffineMap::get(2, 0, {row}, ctx)},
      ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::reduction},
      [](OpBuilder &nb, Location l, ValueRange a) {
        Value chosen = arith::SelectOp::create(nb, l, isLabelColumn(nb, l, a[1]),
                                               a[0], a[2]);
        linalg::YieldOp::create(nb, l, chosen);
      });
  return generic.getResult(0);
}

struct SparseXentLowering
    : public OpRewritePattern<SparseSoftmaxCrossEntropyWithLogitsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SparseSoftmaxCrossEntropyWithLogitsOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    Value x = op.getFeatures(), labels = op.getLabels();
    auto type = cast<RankedTensorType>(x.getType());
    // A label out of range would pick no column and give a plausible loss.
    int64_t classes = type.getDimSize(1);
    checkIndicesInRange(rewriter, loc, labels, 0, classes,
                        checkSubject(op) +
                            ": labels[%lld]: Received a label value of %lld "
                            "which is outside the valid range of [0, " +
                            std::to_string(classes) + ")");
    Value shifted = binaryMap(rewriter, loc, x, keptMax(rewriter, loc, x), subScalar);
    Value exps = buildBroadcastElementwise(
        rewriter, loc, type, ValueRange{shifted},
        [](OpBuilder &b, Location l, ValueRange a) {
          return Value(math::ExpOp::create(b, l, a[0]));
        });
    Value sum = keptSum(rewriter, loc, exps);
    // loss = log(sum) - shifted[label]
    auto lossType = cast<RankedTensorType>(op.getLoss().getType());
    Value logSum = reshapeTo(rewriter, loc, sum, lossType);
    Value picked = pickLabelColumn(rewriter, loc, shifted, labels);
    Value loss = buildBroadcastElementwise(
        rewriter, loc, lossType, ValueRange{logSum, picked},
        [](OpBuilder &b, Location l, ValueRange a) {
          return subScalar(b, l, math::LogOp::create(b, l, a[0]), a[1]);
        });
    // backprop = exps / sum - onehot(label)
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr row, col;
    bindDims(ctx, row, col);
    auto identity = AffineMap::get(2, 0, {row, col}, ctx);
    auto rowSum = AffineMap::get(2, 0, {row, rewriter.getAffineConstantExpr(0)}, ctx);
    auto rowOnly = AffineMap::get(2, 0, {row}, ctx);
    Type element = type.getElementType();
    auto backprop = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{exps, sum, labels},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{identity, rowSum, rowOnly, identity},
        ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value probability = arith::DivFOp::create(b, l, a[0], a[1]);
          Value hot = arith::SelectOp::create(b, l, isLabelColumn(b, l, a[2]),
                                              one(b, l, element), zero(b, l, element));
          linalg::YieldOp::create(b, l, Value(arith::SubFOp::create(b, l, probability, hot)));
        });
    rewriter.replaceOp(op, ValueRange{loss, backprop.getResult(0)});
    return success();
  }
};

struct ArgMaxLowering : public OpRewritePattern<ArgMaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ArgMaxOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    Type element = inputType.getElementType();
    bool isUnsigned = element.isUnsignedInteger();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> kept;
    SmallVector<IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? IteratorType::reduction : IteratorType::parallel);
      if (d != axis)
        kept.push_back(getAffineDimExpr(d, ctx));
    }
    auto outMap = AffineMap::get(rank, 0, kept, ctx);
    auto valueType = RankedTensorType::get(resultType.getShape(), element);
    Value maxInit = filledTensor(rewriter, loc, valueType, lowest(rewriter, loc, element));
    Value indexInit = filledTensor(rewriter, loc, resultType,
                                   zero(rewriter, loc, resultType.getElementType()));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, resultType}, ValueRange{op.getInput()},
        ValueRange{maxInit, indexInit},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx), outMap,
                            outMap},
        iterators, [&](OpBuilder &b, Location l, ValueRange a) {
          // Strictly greater keeps the first maximum on ties, as TF does.
          Value better = greaterScalar(b, l, a[0], a[1], isUnsigned);
          Value index = arith::IndexCastOp::create(
              b, l, a[2].getType(), linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, a[0], a[1]),
                         arith::SelectOp::create(b, l, better, index, a[2])});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

struct InTopKLowering : public OpRewritePattern<InTopKOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(InTopKOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    Value predictions = op.getPredictions(), targets = op.getTargets();
    auto type = cast<RankedTensorType>(predictions.getType());
    int64_t batch = type.getDimSize(0), classes = type.getDimSize(1);
    MLIRContext *ctx = rewriter.getContext();
    Value target = pickLabelColumn(rewriter, loc, predictions, targets);
    // How many predictions in the row beat the target's.
    auto countType = RankedTensorType::get({batch}, rewriter.getI64Type());
    Value countInit = filledTensor(rewriter, loc, countType,
                                   zero(rewriter, loc, rewriter.getI64Type()));
    AffineExpr row, col;
    bindDims(ctx, row, col);
    auto count = linalg::GenericOp::create(
        rewriter, loc, TypeRange{countType}, ValueRange{predictions, target},
        ValueRange{countInit},
        ArrayRef<AffineMap>{AffineMap::get(2, 0, {row, col}, ctx),
                            AffineMap::get(2, 0, {row}, ctx),
                            AffineMap::get(2, 0, {row}, ctx)},
        ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::reduction},
        [](OpBuilder &b, Location l, ValueRange a) {
          Value beats = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, a[0], a[1]);
          Value inc = arith::ExtUIOp::create(b, l, b.getI64Type(), beats);
          linalg::YieldOp::create(b, l, Value(arith::AddIOp::create(b, l, a[2], inc)));
        });
    // TensorFlow answers false for a row holding any NaN or infinity.
    auto flagType = RankedTensorType::get({batch}, rewriter.getI1Type());
    Value allFinite = filledTensor(
        rewriter, loc, flagType,
        arith::ConstantOp::create(rewriter, loc, rewriter.getBoolAttr(true)));
    auto finiteRow = linalg::GenericOp::create(
        rewriter, loc, TypeRange{flagType}, ValueRange{predictions},
        ValueRange{allFinite},
        ArrayRef<AffineMap>{AffineMap::get(2, 0, {row, col}, ctx),
                            AffineMap::get(2, 0, {row}, ctx)},
        ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::reduction},
        [](OpBuilder &b, Location l, ValueRange a) {
          Value magnitude = math::AbsFOp::create(b, l, a[0]);
          Value infinity = arith::ConstantOp::create(
              b, l, b.getFloatAttr(a[0].getType(),
                                   APFloat::getInf(cast<FloatType>(a[0].getType())
                                                       .getFloatSemantics())));
          // NaN compares unordered, so OLT is false for it too.
          Value finite = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT,
                                               magnitude, infinity);
          linalg::YieldOp::create(b, l, Value(arith::AndIOp::create(b, l, a[1], finite)));
        });
    int64_t k = op.getK();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value result = buildBroadcastElementwise(
        rewriter, loc, resultType,
        ValueRange{count.getResult(0), target, targets, finiteRow.getResult(0)},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Type labelType = a[2].getType();
          Value inTop = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, a[0],
              arith::ConstantOp::create(b, l, b.getI64IntegerAttr(k)));
          // A target out of range or a non-finite prediction is never in.
          Value lowOk = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                              a[2], zero(b, l, labelType));
          Value highOk = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, a[2],
              arith::ConstantOp::create(b, l, b.getIntegerAttr(labelType, classes)));
          Value magnitude = math::AbsFOp::create(b, l, a[1]);
          Value infinity = arith::ConstantOp::create(
              b, l, b.getFloatAttr(a[1].getType(),
                                   APFloat::getInf(cast<FloatType>(a[1].getType())
                                                       .getFloatSemantics())));
          Value finite = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT,
                                               magnitude, infinity);
          Value ok = arith::AndIOp::create(b, l, inTop, lowOk);
          ok = arith::AndIOp::create(b, l, ok, highOk);
          ok = arith::AndIOp::create(b, l, ok, a[3]);
          return Value(arith::AndIOp::create(b, l, ok, finite));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateKilnReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMeanOp>,
               ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceProdOp>,
               SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>, SparseXentLowering,
               ArgMaxLowering, InTopKLowering>(patterns.getContext());
}

} // namespace kiln
