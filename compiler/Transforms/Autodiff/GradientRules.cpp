//===- GradientRules.cpp - the vector-Jacobian product of each op ---------===//
//
// One rule per differentiable kiln op, each the textbook reverse-mode
// derivative written with ordinary kiln ops. Broadcasting binary ops sum
// the gradient back to each operand's shape; reductions broadcast it back
// over the reduced axes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Autodiff/GradientRules.h"

#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;

namespace kiln::autodiff {
namespace {

Type elementOf(Value value) { return tensorTypeOf(value).getElementType(); }

/// Rules for ops with one result `y` and gradient `dy`.
LogicalResult unaryRule(Operation *op, GradientBuilder &g, Value dy,
                        AccumulateOperand accumulate) {
  Value x = op->getOperand(0), y = op->getResult(0);
  Type element = elementOf(y);
  auto one = [&] { return g.scalar(element, 1.0); };
  auto zero = [&] { return g.scalar(element, 0.0); };
  Value dx;
  // relu's mask reads its output (y > 0 exactly where x > 0), as
  // TensorFlow's ReluGrad does: then nothing but the relu reads x, and
  // fusion can fold the relu into the op producing x.
  if (isa<ReluOp>(op))
    dx = g.mul(dy, g.indicator(g.greater(y, zero()), element));
  else if (isa<NegOp>(op))
    dx = g.neg(dy);
  else if (isa<AbsOp>(op))
    dx = g.mul(dy, g.sub(g.indicator(g.greater(x, zero()), element),
                         g.indicator(g.less(x, zero()), element)));
  else if (isa<SquareOp>(op))
    dx = g.mul(dy, g.mul(x, g.scalar(element, 2.0)));
  else if (isa<SigmoidOp>(op))
    dx = g.mul(dy, g.mul(y, g.sub(one(), y)));
  else if (isa<TanhOp>(op))
    dx = g.mul(dy, g.sub(one(), g.mul(y, y)));
  else if (isa<ExpOp>(op))
    dx = g.mul(dy, y);
  else if (isa<LogOp>(op))
    dx = g.div(dy, x);
  else if (isa<SqrtOp>(op))
    dx = g.div(g.mul(dy, g.scalar(element, 0.5)), y);
  else if (isa<RsqrtOp>(op))
    dx = g.mul(g.mul(dy, g.scalar(element, -0.5)), g.mul(y, g.mul(y, y)));
  else if (isa<SinOp>(op))
    dx = g.mul(dy, g.create<CosOp>(x.getType(), x));
  else if (isa<CosOp>(op))
    dx = g.neg(g.mul(dy, g.create<SinOp>(x.getType(), x)));
  // Piecewise constant: zero almost everywhere, as TensorFlow defines it.
  else if (isa<FloorOp, CeilOp, RoundOp, SignOp>(op))
    dx = g.mul(dy, zero());
  else
    return failure();
  accumulate(0, dx);
  return success();
}

LogicalResult binaryRule(Operation *op, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  Value a = op->getOperand(0), b = op->getOperand(1), y = op->getResult(0);
  Type element = elementOf(y);
  Value da, db;
  if (isa<AddOp>(op)) {
    da = dy;
    db = dy;
  } else if (isa<SubOp>(op)) {
    da = dy;
    db = g.neg(dy);
  } else if (isa<MulOp>(op)) {
    da = g.mul(dy, b);
    db = g.mul(dy, a);
  } else if (isa<DivOp>(op)) {
    da = g.div(dy, b);
    db = g.neg(g.div(g.mul(dy, y), b));
  } else if (isa<MaximumOp, MinimumOp>(op)) {
    // Ties go to the left operand, as in TensorFlow.
    Value toB = isa<MaximumOp>(op) ? g.less(a, b) : g.greater(a, b);
    Value mask = g.indicator(toB, element);
    db = g.mul(dy, mask);
    da = g.sub(dy, db);
  } else if (isa<PowOp>(op)) {
    Value one = g.scalar(element, 1.0);
    da = g.mul(dy, g.mul(b, g.pow(a, g.sub(b, one))));
    db = g.mul(dy, g.mul(y, g.log(a)));
  } else {
    return failure();
  }
  accumulate(0, g.sumToShape(da, tensorTypeOf(a)));
  accumulate(1, g.sumToShape(db, tensorTypeOf(b)));
  return success();
}

LogicalResult matmulRule(MatMulOp op, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  Value a = op.getA(), b = op.getB();
  bool ta = op.getTransposeA(), tb = op.getTransposeB();
  // y = op(a) op(b); each case keeps the gradient's layout equal to the
  // operand's, so no separate transposes are materialized.
  Value da = !ta ? (tb ? g.matmul(dy, b, false, false) : g.matmul(dy, b, false, true))
                 : (tb ? g.matmul(b, dy, true, true) : g.matmul(b, dy, false, true));
  Value db = !tb ? (ta ? g.matmul(a, dy, false, false) : g.matmul(a, dy, true, false))
                 : (ta ? g.matmul(dy, a, true, true) : g.matmul(dy, a, true, false));
  accumulate(0, da);
  accumulate(1, db);
  return success();
}

LogicalResult reductionRule(Operation *op, ArrayRef<int64_t> axes,
                            bool keepDims, GradientBuilder &g, Value dy,
                            AccumulateOperand accumulate) {
  Value x = op->getOperand(0), y = op->getResult(0);
  RankedTensorType inputType = tensorTypeOf(x);
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes)
    normalized.push_back(axis < 0 ? axis + inputType.getRank() : axis);
  Value kept = keepDims ? dy : g.keepDims(dy, inputType, normalized);
  Value dx;
  if (isa<ReduceSumOp>(op)) {
    dx = g.broadcastTo(kept, inputType);
  } else if (isa<ReduceMeanOp>(op)) {
    int64_t count = 1;
    for (int64_t axis : normalized)
      count *= inputType.getDimSize(axis);
    dx = g.broadcastTo(
        g.div(kept, g.scalar(inputType.getElementType(), double(count))),
        inputType);
  } else if (isa<ReduceMaxOp>(op)) {
    // Shared equally among the elements that attain the maximum.
    Value yKept = keepDims ? y : g.keepDims(y, inputType, normalized);
    Value mask = g.indicator(g.equal(x, yKept), inputType.getElementType());
    Value ties = g.reduceSum(mask, normalized, true);
    dx = g.mul(g.div(kept, ties), mask);
  } else if (isa<ReduceProdOp>(op)) {
    // Each element's derivative is the product of the others. Dividing the
    // product by the element fails on zeros (TensorFlow multiplies
    // exclusive cumulative products instead), so count each slice's
    // zeros: with none it is prod / x; with one, only the zero's own
    // position gets the product of the rest; with more, all get 0.
    Type element = inputType.getElementType();
    Value isZero = g.indicator(g.equal(x, g.scalar(element, 0.0)), element);
    Value zeros = g.reduceSum(isZero, normalized, true);
    Value nonzero = g.add(x, isZero); // the zeros become ones
    SmallVector<int64_t> keptShape(inputType.getShape());
    for (int64_t axis : normalized)
      keptShape[axis] = 1;
    Value others = g.create<ReduceProdOp>(
        RankedTensorType::get(keptShape, element), nonzero, normalized, true);
    Value noZero = g.indicator(g.equal(zeros, g.scalar(element, 0.0)), element);
    Value oneZero =
        g.indicator(g.equal(zeros, g.scalar(element, 1.0)), element);
    Value share = g.add(g.div(noZero, nonzero), g.mul(oneZero, isZero));
    dx = g.mul(g.mul(kept, others), share);
  } else {
    return failure();
  }
  accumulate(0, dx);
  return success();
}

/// A scalar constant of an integer (index) element type.
Value indexConstant(GradientBuilder &g, Type element, int64_t value) {
  auto type = RankedTensorType::get({}, element);
  return g.create<ConstantOp>(type,
                              cast<ElementsAttr>(DenseElementsAttr::get(
                                  type, IntegerAttr::get(element, value))));
}

/// The rows dy holds for each index go back to the rows they came from:
/// the indices' dimensions move to the front, are summed into their
/// segments (one per row of the gathered axis), and the axis moves back.
LogicalResult gatherRule(GatherOp gather, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  auto params = tensorTypeOf(gather.getParams());
  int64_t axis = *normalizeAxis(gather.getAxis(), params.getRank());
  int64_t rows = params.getDimSize(axis);
  if (ShapedType::isDynamic(rows))
    return gather.emitOpError("needs a static size of the gathered axis ")
           << axis << " for its gradient, got " << params;
  int64_t indexRank = tensorTypeOf(gather.getIndices()).getRank();
  int64_t rank = tensorTypeOf(dy).getRank();
  SmallVector<int64_t> indicesFirst;
  for (int64_t d = axis; d < axis + indexRank; ++d)
    indicesFirst.push_back(d);
  for (int64_t d = 0; d < rank; ++d)
    if (d < axis || d >= axis + indexRank)
      indicesFirst.push_back(d);
  Value grad = g.transpose(dy, indicesFirst);
  Value indices = gather.getIndices();
  if (gather.getWrapNegativeIndices()) {
    // Segment sums drop negative ids; these count from the end.
    Type element = tensorTypeOf(indices).getElementType();
    Value fromEnd = g.add(indices, indexConstant(g, element, rows));
    indices = g.select(g.less(indices, indexConstant(g, element, 0)), fromEnd,
                       indices);
  }
  FailureOr<Type> summedType =
      inferUnsortedSegmentSum({gather.getLoc(), "kiln.unsorted_segment_sum"},
                              grad.getType(), indices.getType(), rows);
  if (failed(summedType))
    return failure();
  Value summed =
      g.create<UnsortedSegmentSumOp>(*summedType, grad, indices, rows);
  SmallVector<int64_t> axisBack;
  for (int64_t d = 1; d <= axis; ++d)
    axisBack.push_back(d);
  axisBack.push_back(0);
  for (int64_t d = axis + 1; d < params.getRank(); ++d)
    axisBack.push_back(d);
  accumulate(0, g.transpose(summed, axisBack));
  return success();
}

/// Each slice of data gets its segment's gradient row; slices with a
/// negative id were dropped and get zero (TensorFlow's _GatherDropNegatives).
LogicalResult segmentSumRule(UnsortedSegmentSumOp segments, GradientBuilder &g,
                             Value dy, AccumulateOperand accumulate) {
  Value ids = segments.getSegmentIds();
  auto idsType = tensorTypeOf(ids);
  Type idElement = idsType.getElementType();
  Value kept = g.greater(ids, indexConstant(g, idElement, -1));
  Value clamped =
      g.create<MaximumOp>(idsType, ids, indexConstant(g, idElement, 0));
  FailureOr<Type> gatheredType = inferGather(
      {segments.getLoc(), "kiln.gather"}, dy.getType(), clamped.getType(), 0);
  if (failed(gatheredType))
    return failure();
  Value gathered = g.create<GatherOp>(*gatheredType, dy, clamped, 0);
  // The mask broadcasts over the slices' own dimensions.
  auto dataType = tensorTypeOf(segments.getData());
  SmallVector<int64_t> maskShape(idsType.getShape());
  maskShape.append(dataType.getRank() - idsType.getRank(), 1);
  Value mask =
      g.reshape(g.indicator(kept, dataType.getElementType()),
                RankedTensorType::get(maskShape, dataType.getElementType()));
  accumulate(0, g.mul(gathered, mask));
  return success();
}

} // namespace

bool isDifferentiable(Operation *op) {
  if (isa<EqualOp, LessOp, GreaterOp, ArgMaxOp, InTopKOp, ConstantOp,
          RandomNormalOp, TruncatedNormalOp, RandomUniformOp, StopGradientOp,
          CheckIndicesOp>(op))
    return false;
  if (auto castOp = dyn_cast<CastOp>(op))
    return isa<FloatType>(elementOf(castOp.getX())) &&
           isa<FloatType>(elementOf(castOp.getResult()));
  return isa<KilnDialect>(op->getDialect());
}

LogicalResult backpropagate(Operation *op, GradientBuilder &g,
                            ResultAdjoint resultAdjoint,
                            AccumulateOperand accumulate) {
  if (auto xent = dyn_cast<SparseSoftmaxCrossEntropyWithLogitsOp>(op)) {
    if (resultAdjoint(1))
      return op->emitOpError("is differentiated through its backprop result, "
                             "which needs second derivatives kiln does not "
                             "build");
    Value dloss = resultAdjoint(0);
    auto lossType = tensorTypeOf(xent.getLoss());
    auto column = RankedTensorType::get({lossType.getDimSize(0), 1},
                                        lossType.getElementType());
    accumulate(0, g.mul(xent.getBackprop(), g.reshape(dloss, column)));
    return success();
  }
  Value dy = resultAdjoint(0);
  if (!dy)
    return success();
  if (auto matmul = dyn_cast<MatMulOp>(op))
    return matmulRule(matmul, g, dy, accumulate);
  if (isa<Conv2DOp, MaxPoolOp, AvgPoolOp>(op))
    return windowRule(op, g, dy, accumulate);
  if (auto bias = dyn_cast<BiasAddOp>(op)) {
    accumulate(0, dy);
    auto type = tensorTypeOf(dy);
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d + 1 < type.getRank(); ++d)
      axes.push_back(d);
    accumulate(1, g.reduceSum(dy, axes, false));
    return success();
  }
  if (auto sum = dyn_cast<ReduceSumOp>(op))
    return reductionRule(op, sum.getAxes(), sum.getKeepDims(), g, dy, accumulate);
  if (auto mean = dyn_cast<ReduceMeanOp>(op))
    return reductionRule(op, mean.getAxes(), mean.getKeepDims(), g, dy, accumulate);
  if (auto max = dyn_cast<ReduceMaxOp>(op))
    return reductionRule(op, max.getAxes(), max.getKeepDims(), g, dy, accumulate);
  if (auto prod = dyn_cast<ReduceProdOp>(op))
    return reductionRule(op, prod.getAxes(), prod.getKeepDims(), g, dy,
                         accumulate);
  if (isa<SoftmaxOp>(op)) {
    Value y = op->getResult(0);
    int64_t last = tensorTypeOf(y).getRank() - 1;
    Value dot = g.reduceSum(g.mul(dy, y), {last}, true);
    accumulate(0, g.mul(y, g.sub(dy, dot)));
    return success();
  }
  if (isa<LogSoftmaxOp>(op)) {
    Value y = op->getResult(0);
    int64_t last = tensorTypeOf(y).getRank() - 1;
    accumulate(0, g.sub(dy, g.mul(g.exp(y), g.reduceSum(dy, {last}, true))));
    return success();
  }
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    accumulate(0, g.reshape(dy, tensorTypeOf(op->getOperand(0))));
    return success();
  }
  if (auto transpose = dyn_cast<TransposeOp>(op)) {
    ArrayRef<int64_t> perm = transpose.getPerm();
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    accumulate(0, g.transpose(dy, inverse));
    return success();
  }
  if (auto concat = dyn_cast<ConcatOp>(op)) {
    // Each input gets its own stretch of the gradient along the axis.
    int64_t rank = tensorTypeOf(dy).getRank();
    int64_t axis = *normalizeAxis(concat.getAxis(), rank);
    SmallVector<int64_t> begin(rank, 0);
    for (auto [index, input] : llvm::enumerate(concat.getInputs())) {
      accumulate(index, g.slice(dy, begin, tensorTypeOf(input)));
      begin[axis] += tensorTypeOf(input).getDimSize(axis);
    }
    return success();
  }
  if (auto slice = dyn_cast<SliceOp>(op)) {
    // The gradient of the box, framed by zeros back to the input's shape.
    Value grad = dy;
    auto input = tensorTypeOf(slice.getX());
    for (auto [axis, begin] : llvm::enumerate(slice.getBegin()))
      grad = g.padAxis(grad, axis, begin,
                       input.getDimSize(axis) - begin -
                           tensorTypeOf(dy).getDimSize(axis));
    accumulate(0, grad);
    return success();
  }
  if (auto reverse = dyn_cast<ReverseOp>(op)) {
    accumulate(0, g.create<ReverseOp>(dy.getType(), dy, reverse.getAxesAttr()));
    return success();
  }
  if (auto castOp = dyn_cast<CastOp>(op)) {
    accumulate(0, g.cast(dy, elementOf(castOp.getX())));
    return success();
  }
  if (auto gather = dyn_cast<GatherOp>(op))
    return gatherRule(gather, g, dy, accumulate);
  if (auto segments = dyn_cast<UnsortedSegmentSumOp>(op))
    return segmentSumRule(segments, g, dy, accumulate);
  if (auto check = dyn_cast<CheckNumericsOp>(op)) {
    // As TensorFlow's: the gradient is checked too.
    accumulate(0, g.create<CheckNumericsOp>(
                      dy.getType(), dy,
                      "Not a number (NaN) or infinity (Inf) values detected "
                      "in gradient. " +
                          check.getMessage().str()));
    return success();
  }
  if (auto select = dyn_cast<SelectOp>(op)) {
    Value zero = g.scalar(elementOf(dy), 0.0);
    accumulate(1, g.sumToShape(g.select(select.getCondition(), dy, zero),
                               tensorTypeOf(op->getOperand(1))));
    accumulate(2, g.sumToShape(g.select(select.getCondition(), zero, dy),
                               tensorTypeOf(op->getOperand(2))));
    return success();
  }
  if (op->getNumOperands() == 1 && succeeded(unaryRule(op, g, dy, accumulate)))
    return success();
  if (op->getNumOperands() == 2 && succeeded(binaryRule(op, g, dy, accumulate)))
    return success();
  return op->emitOpError("has no gradient in kiln yet");
}

} // namespace kiln::autodiff
