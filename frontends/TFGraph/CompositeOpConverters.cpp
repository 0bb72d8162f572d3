//===- CompositeOpConverters.cpp - TF ops written with other kiln ops -----===//
//
// TensorFlow ops that are a short formula over ops the dialect already has:
// they import as that formula, so fusion, lowering and every target treat
// them like hand-written graphs (an element-wise chain fuses into one
// kernel).
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;

namespace kiln::tfgraph {
namespace {

/// SquaredDifference(x, y) = (x - y)^2 (tf.nn.moments' variance).
FailureOr<NodeOutputs> convertSquaredDifference(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value difference =
      SubOp::create(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1));
  return single(SquareOp::create(ctx.builder, ctx.loc, difference));
}

/// LeakyRelu(x; alpha) = x where x > 0, alpha * x elsewhere (alpha
/// defaults to 0.2, as in TensorFlow).
FailureOr<NodeOutputs> convertLeakyRelu(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  Value scaled = MulOp::create(ctx.builder, ctx.loc, x,
                               ctx.scalar(x, ctx.floatAttr("alpha", 0.2f)));
  Value positive =
      GreaterOp::create(ctx.builder, ctx.loc, x, ctx.scalar(x, 0.0));
  return single(SelectOp::create(ctx.builder, ctx.loc, positive, x, scaled));
}

/// Relu6(x) = min(max(x, 0), 6).
FailureOr<NodeOutputs> convertRelu6(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  Value relu = ReluOp::create(ctx.builder, ctx.loc, x);
  return single(
      MinimumOp::create(ctx.builder, ctx.loc, relu, ctx.scalar(x, 6.0)));
}

/// Reciprocal(x) = 1 / x (also TF's Inv).
FailureOr<NodeOutputs> convertReciprocal(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  return single(DivOp::create(ctx.builder, ctx.loc, ctx.scalar(x, 1.0), x));
}

/// The negation of comparison `OpT`: NotEqual is !(x == y), GreaterEqual
/// !(x < y), LessEqual !(x > y). (For NaN operands TensorFlow's
/// GreaterEqual and LessEqual are false and these are true.)
template <typename OpT>
FailureOr<NodeOutputs> convertNegatedCompare(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value compared =
      OpT::create(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1));
  return single(EqualOp::create(ctx.builder, ctx.loc, compared,
                                ctx.scalar(compared, 0.0)));
}

/// Elu(x) = x where x > 0, exp(x) - 1 elsewhere; Selu scales that, with
/// alpha on the negative side, by TensorFlow's constants (Klambauer et al.,
/// 2017).
template <bool scaled> FailureOr<NodeOutputs> convertElu(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  if (!scaled)
    return single(ctx.elu(ctx.input(0), 1.0));
  return single(ctx.elu(ctx.input(0), 1.6732632423543772848170429916717,
                        1.0507009873554804934193349852946));
}

FailureOr<NodeOutputs> convertSoftplus(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  return single(ctx.softplus(ctx.input(0)));
}

FailureOr<NodeOutputs> convertSoftsign(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  return single(ctx.softsign(ctx.input(0)));
}

/// L2Loss(t) = sum(t^2) / 2, a scalar.
FailureOr<NodeOutputs> convertL2Loss(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  if (failed(type))
    return failure();
  Value x = ctx.input(0);
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(0, type->getRank()));
  Value squares = SquareOp::create(ctx.builder, ctx.loc, x);
  Value sum = ReduceSumOp::create(ctx.builder, ctx.loc, squares, axes);
  return single(MulOp::create(ctx.builder, ctx.loc, sum, ctx.scalar(x, 0.5)));
}

/// Squeeze: drops the dimensions `squeeze_dims` names (all size-1
/// dimensions when it is empty), each of which must be known to be 1.
FailureOr<NodeOutputs> convertSqueeze(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  FailureOr<RankedTensorType> inputType = ctx.inputType(0);
  if (failed(inputType))
    return failure();
  int64_t rank = inputType->getRank();
  SmallVector<int64_t> listed = ctx.intListAttr("squeeze_dims");
  SmallVector<bool> drop(rank, false);
  for (int64_t dim : listed) {
    if (dim < -rank || dim >= rank)
      return ctx.fail("squeeze_dims " + Twine(dim) +
                      " is out of range for rank " + Twine(rank));
    int64_t axis = dim < 0 ? dim + rank : dim;
    if (inputType->getDimSize(axis) != 1)
      return ctx.fail("cannot squeeze dimension " + Twine(dim) +
                      ": its size is not known to be 1");
    drop[axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t size = inputType->getDimSize(axis);
    if (listed.empty() && size == 1)
      continue;
    if (!drop[axis])
      shape.push_back(size);
  }
  auto type = RankedTensorType::get(shape, inputType->getElementType());
  return single(ReshapeOp::create(ctx.builder, ctx.loc, type, ctx.input(0)));
}

/// ExpandDims(x, axis): a size-1 dimension at `axis` (in [-rank-1, rank]).
FailureOr<NodeOutputs> convertExpandDims(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  FailureOr<RankedTensorType> inputType = ctx.inputType(0);
  auto axes = ctx.constantInts(1, "axis");
  if (failed(inputType) || failed(axes))
    return failure();
  int64_t rank = inputType->getRank();
  if (axes->size() != 1)
    return ctx.fail("expected one axis, got " + Twine(axes->size()));
  int64_t axis = (*axes)[0];
  if (axis < -rank - 1 || axis > rank)
    return ctx.fail("axis " + Twine(axis) + " is out of range for rank " +
                    Twine(rank));
  if (axis < 0)
    axis += rank + 1;
  SmallVector<int64_t> shape(inputType->getShape());
  shape.insert(shape.begin() + axis, 1);
  auto type = RankedTensorType::get(shape, inputType->getElementType());
  return single(ReshapeOp::create(ctx.builder, ctx.loc, type, ctx.input(0)));
}

} // namespace

const llvm::StringMap<Converter> &compositeConverters() {
  static const llvm::StringMap<Converter> table = {
      {"SquaredDifference", convertSquaredDifference},
      {"LeakyRelu", convertLeakyRelu},
      {"Relu6", convertRelu6},
      {"Reciprocal", convertReciprocal},
      {"Inv", convertReciprocal},
      {"NotEqual", convertNegatedCompare<EqualOp>},
      {"GreaterEqual", convertNegatedCompare<LessOp>},
      {"LessEqual", convertNegatedCompare<GreaterOp>},
      {"Elu", convertElu<false>},
      {"Selu", convertElu<true>},
      {"Softplus", convertSoftplus},
      {"Softsign", convertSoftsign},
      {"L2Loss", convertL2Loss},
      {"Squeeze", convertSqueeze},
      {"ExpandDims", convertExpandDims},
  };
  return table;
}

} // namespace kiln::tfgraph
