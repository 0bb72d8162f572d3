//===- ReductionConverters.cpp - ONNX reductions -> kiln ------------------===//
//
// ReduceSum/Mean/Max/Min and the composite ones (L1, L2, SumSquare,
// LogSumExp), ArgMax/ArgMin, TopK and CumSum. Axes come from the `axes`
// attribute before the op's opset 13 (ReduceSum) or 18 (the others) and from an
// optional input since; no axes reduce everything, unless noop_with_empty_axes.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

enum class Reduction {
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  L1,
  L2,
  SumSquare,
  LogSumExp
};

/// The normalized, sorted axes a reduction node reduces; empty for a
/// no-op (noop_with_empty_axes and no axes).
FailureOr<SmallVector<int64_t>>
reductionAxes(OnnxNode &node, int64_t axesInputSince, bool &noop) {
  int64_t rank = node.inputType(0).getRank();
  std::optional<SmallVector<int64_t>> axes;
  if (node.opset < axesInputSince) {
    if (failed(node.expectInputs(1)))
      return failure();
    axes = node.intsAttr("axes");
  } else {
    if (failed(node.expectInputs(1, 2)))
      return failure();
    if (node.input(1)) {
      FailureOr<SmallVector<int64_t>> given = node.constantInts(1, "axes");
      if (failed(given))
        return failure();
      axes = *given;
    }
  }
  noop = false;
  if (!axes || axes->empty()) {
    if (node.opset >= axesInputSince &&
        node.intAttr("noop_with_empty_axes", 0) != 0) {
      noop = true;
      return SmallVector<int64_t>();
    }
    SmallVector<int64_t> all;
    for (int64_t d = 0; d < rank; ++d)
      all.push_back(d);
    return all;
  }
  SmallVector<int64_t> normalized;
  for (int64_t axis : *axes) {
    FailureOr<int64_t> at = node.axis(axis, rank, "axis");
    if (failed(at))
      return failure();
    if (!llvm::is_contained(normalized, *at))
      normalized.push_back(*at);
  }
  llvm::sort(normalized);
  return normalized;
}

template <Reduction kind, int64_t axesInputSince>
FailureOr<NodeResults> convertReduce(OnnxNode &node) {
  if (node.inputs.empty() || !node.input(0))
    return node.fail("missing the input");
  bool noop = false;
  FailureOr<SmallVector<int64_t>> axes =
      reductionAxes(node, axesInputSince, noop);
  if (failed(axes))
    return failure();
  OpBuilder &b = node.builder;
  Value x = node.input(0);
  bool keep = node.intAttr("keepdims", 1) != 0;
  if (noop) {
    // Only the element-wise part of the composite reductions applies.
    switch (kind) {
    case Reduction::L1:
      return one(AbsOp::create(b, node.loc, x));
    case Reduction::SumSquare:
    case Reduction::L2:
      return one(kind == Reduction::L2
                     ? Value(AbsOp::create(b, node.loc, x))
                     : Value(SquareOp::create(b, node.loc, x)));
    default:
      return one(x);
    }
  }
  // Bools reduce as 8-bit integers (Max is any, Min all).
  Type element = typeOf(x).getElementType();
  bool isBool = element.isInteger(1);
  if (isBool)
    x = CastOp::create(b, node.loc, typeOf(x).clone(b.getIntegerType(8)), x);
  Value result;
  switch (kind) {
  case Reduction::Sum:
    result = ReduceSumOp::create(b, node.loc, x, *axes, keep);
    break;
  case Reduction::Mean:
    result = ReduceMeanOp::create(b, node.loc, x, *axes, keep);
    break;
  case Reduction::Max:
    result = ReduceMaxOp::create(b, node.loc, x, *axes, keep);
    break;
  case Reduction::Prod:
    result = ReduceProdOp::create(b, node.loc, x, *axes, keep);
    break;
  case Reduction::Min:
    result = NegOp::create(b, node.loc,
                           ReduceMaxOp::create(b, node.loc,
                                               NegOp::create(b, node.loc, x),
                                               *axes, keep));
    break;
  case Reduction::L1:
    result = ReduceSumOp::create(b, node.loc, AbsOp::create(b, node.loc, x),
                                 *axes, keep);
    break;
  case Reduction::SumSquare:
  case Reduction::L2:
    result = ReduceSumOp::create(b, node.loc, SquareOp::create(b, node.loc, x),
                                 *axes, keep);
    if (kind == Reduction::L2)
      result = SqrtOp::create(b, node.loc, result);
    break;
  case Reduction::LogSumExp: {
    // max + log(sum(exp(x - max))), so that large inputs do not overflow.
    Value max = ReduceMaxOp::create(b, node.loc, x, *axes, true);
    Value sum = ReduceSumOp::create(
        b, node.loc,
        ExpOp::create(b, node.loc, SubOp::create(b, node.loc, x, max)), *axes,
        keep);
    Value shift = keep ? max : node.reshape(max, typeOf(sum).getShape());
    result = AddOp::create(b, node.loc, LogOp::create(b, node.loc, sum), shift);
    break;
  }
  }
  if (isBool)
    result = CastOp::create(b, node.loc, typeOf(result).clone(element), result);
  return one(result);
}

/// ArgMax/ArgMin along `axis`, as int64; select_last_index reverses the
/// axis and maps the index back.
template <bool isMax> FailureOr<NodeResults> convertArgExtreme(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  OpBuilder &b = node.builder;
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  FailureOr<int64_t> axis = node.axis(node.intAttr("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  if (!isMax)
    x = NegOp::create(b, node.loc, x);
  bool last = node.intAttr("select_last_index", 0) != 0;
  int64_t dim = type.getDimSize(*axis);
  if (last) {
    if (ShapedType::isDynamic(dim))
      return node.fail("select_last_index needs a static axis");
    x = ReverseOp::create(b, node.loc, x.getType(), x,
                          b.getDenseI64ArrayAttr({*axis}));
  }
  Value index = ArgMaxOp::create(b, node.loc, x, *axis, b.getI64Type());
  if (last)
    index = SubOp::create(b, node.loc, node.scalar(index, dim - 1), index);
  if (node.intAttr("keepdims", 1) != 0) {
    SmallVector<int64_t> shape(type.getShape());
    shape[*axis] = 1;
    index = node.reshape(index, shape);
  }
  return one(index);
}

/// TopK: k an attribute before opset 10, an input since; `largest` and
/// `sorted` since 11 (unsorted results come sorted too). Indices are int64.
FailureOr<NodeResults> convertTopK(OnnxNode &node) {
  bool kIsInput = node.opset >= 10;
  if (failed(node.expectInputs(kIsInput ? 2 : 1)))
    return failure();
  RankedTensorType type = node.inputType(0);
  FailureOr<int64_t> axis = node.axis(node.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  int64_t k = node.intAttr("k", -1);
  if (kIsInput) {
    FailureOr<int64_t> given = node.constantInt(1, "K");
    if (failed(given))
      return failure();
    k = *given;
  }
  FailureOr<std::pair<Value, Value>> top =
      node.topK(node.input(0), *axis, k, node.intAttr("largest", 1) != 0,
                node.builder.getI64Type());
  if (failed(top))
    return failure();
  return NodeResults{top->first, top->second};
}

/// CumSum(x, axis; exclusive, reverse).
FailureOr<NodeResults> convertCumSum(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  FailureOr<int64_t> axisValue = node.constantInt(1, "axis");
  if (failed(axisValue))
    return failure();
  FailureOr<int64_t> axis = node.axis(*axisValue, node.inputType(0).getRank());
  if (failed(axis))
    return failure();
  FailureOr<Value> sum = node.cumulative(
      node.input(0), *axis, /*product=*/false,
      node.intAttr("exclusive", 0) != 0, node.intAttr("reverse", 0) != 0);
  if (failed(sum))
    return failure();
  return one(*sum);
}

const ConverterEntry kConverters[] = {
    {"ArgMax", 1, convertArgExtreme<true>},
    {"ArgMin", 1, convertArgExtreme<false>},
    {"CumSum", 11, convertCumSum},
    {"TopK", 1, convertTopK},
    {"TopK", 10, convertTopK},
    {"TopK", 11, convertTopK},
    {"ReduceL1", 1, convertReduce<Reduction::L1, 18>},
    {"ReduceL1", 18, convertReduce<Reduction::L1, 18>},
    {"ReduceL2", 1, convertReduce<Reduction::L2, 18>},
    {"ReduceL2", 18, convertReduce<Reduction::L2, 18>},
    {"ReduceLogSumExp", 1, convertReduce<Reduction::LogSumExp, 18>},
    {"ReduceLogSumExp", 18, convertReduce<Reduction::LogSumExp, 18>},
    {"ReduceMax", 1, convertReduce<Reduction::Max, 18>},
    {"ReduceMax", 18, convertReduce<Reduction::Max, 18>},
    {"ReduceMean", 1, convertReduce<Reduction::Mean, 18>},
    {"ReduceMean", 18, convertReduce<Reduction::Mean, 18>},
    {"ReduceMin", 1, convertReduce<Reduction::Min, 18>},
    {"ReduceMin", 18, convertReduce<Reduction::Min, 18>},
    {"ReduceProd", 1, convertReduce<Reduction::Prod, 18>},
    {"ReduceProd", 18, convertReduce<Reduction::Prod, 18>},
    {"ReduceSum", 1, convertReduce<Reduction::Sum, 13>},
    {"ReduceSum", 13, convertReduce<Reduction::Sum, 13>},
    {"ReduceSumSquare", 1, convertReduce<Reduction::SumSquare, 18>},
    {"ReduceSumSquare", 18, convertReduce<Reduction::SumSquare, 18>},
};

} // namespace

llvm::ArrayRef<ConverterEntry> reductionConverters() { return kConverters; }

} // namespace kiln::onnximport
