//===- ElementwiseConverters.cpp - ONNX element-wise ops -> kiln ----------===//
//
// Unary math, broadcasting arithmetic and comparisons, logic, Where, Clip,
// Cast and the activations ONNX names separately. ONNX broadcasts like
// NumPy, as kiln's binary ops do; formulas over several kiln ops fuse into
// one kernel like hand-written element-wise chains.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/OnnxTensor.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// `value` cast to element type `element` (a no-op when it has it).
Value castTo(OnnxNode &node, Value value, Type element) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == element)
    return value;
  return CastOp::create(node.builder, node.loc, type.clone(element), value);
}

template <typename OpT> FailureOr<NodeResults> unary(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(OpT::create(node.builder, node.loc, node.input(0)));
}

template <typename OpT> FailureOr<NodeResults> binary(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  return one(OpT::create(node.builder, node.loc, node.input(0), node.input(1)));
}

/// Max, Min, Sum and Mean take one or more inputs, broadcast together.
template <typename OpT> FailureOr<NodeResults> variadic(OnnxNode &node) {
  if (failed(node.expectInputs(1, ~0u)))
    return failure();
  Value result = node.input(0);
  for (unsigned i = 1; i < node.inputs.size(); ++i)
    result = OpT::create(node.builder, node.loc, result, node.input(i));
  return one(result);
}

FailureOr<NodeResults> convertMean(OnnxNode &node) {
  FailureOr<NodeResults> sum = variadic<AddOp>(node);
  if (failed(sum))
    return failure();
  Value count = node.scalar((*sum)[0], node.inputs.size());
  return one(DivOp::create(node.builder, node.loc, (*sum)[0], count));
}

FailureOr<NodeResults> convertIdentity(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.input(0));
}

FailureOr<NodeResults> convertReciprocal(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  return one(DivOp::create(node.builder, node.loc, node.scalar(x, 1.0), x));
}

/// Pow's exponent may have another numeric type than the base; the result
/// has the base's. An integer base with a float exponent is computed in
/// the exponent's type and truncated back, as ONNX's reference does.
FailureOr<NodeResults> convertPow(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  Value base = node.input(0), exponent = node.input(1);
  Type baseType = elementTypeOf(base), exponentType = elementTypeOf(exponent);
  if (isa<FloatType>(baseType) || !isa<FloatType>(exponentType)) {
    Value power = PowOp::create(node.builder, node.loc, base,
                                castTo(node, exponent, baseType));
    return one(power);
  }
  Value power = PowOp::create(node.builder, node.loc,
                              castTo(node, base, exponentType), exponent);
  return one(castTo(node, power, baseType));
}

/// !(x op y): GreaterOrEqual is !(x < y), LessOrEqual !(x > y).
template <typename OpT> FailureOr<NodeResults> negatedCompare(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  Value compared =
      OpT::create(node.builder, node.loc, node.input(0), node.input(1));
  return one(EqualOp::create(node.builder, node.loc, compared,
                             node.scalar(compared, 0.0)));
}

FailureOr<NodeResults> convertNot(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  return one(EqualOp::create(node.builder, node.loc, x, node.scalar(x, 0.0)));
}

/// Mod: fmod = 1 is C's fmod (the dividend's sign); fmod = 0, integers
/// only, takes the divisor's sign (Python's %).
FailureOr<NodeResults> convertMod(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  Value x = node.input(0), y = node.input(1);
  bool isFloat = isa<FloatType>(typeOf(x).getElementType());
  bool truncated = node.intAttr("fmod", 0) != 0;
  if (isFloat && !truncated)
    return node.fail("fmod must be 1 for float inputs");
  return one(truncated ? node.truncMod(x, y) : node.floorMod(x, y));
}

/// And(x, y) = select(x, y, false); Or(x, y) = select(x, true, y);
/// Xor(x, y) = x != y.
template <int kind> FailureOr<NodeResults> logical(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  Value x = node.input(0), y = node.input(1);
  if (!elementTypeOf(x).isInteger(1) || !elementTypeOf(y).isInteger(1))
    return node.fail("expected bool inputs");
  Value result = kind == 0   ? node.logicalAnd(x, y)
                 : kind == 1 ? node.logicalOr(x, y)
                             : node.logicalXor(x, y);
  return one(result);
}

FailureOr<NodeResults> convertWhere(OnnxNode &node) {
  if (failed(node.expectInputs(3)))
    return failure();
  return one(SelectOp::create(node.builder, node.loc, node.input(0),
                              node.input(1), node.input(2)));
}

/// Clip(x, min, max) = min(max(x, min), max); the bounds are attributes
/// before opset 11 and optional inputs since. With min > max every
/// element becomes max, as in ONNX's reference.
FailureOr<NodeResults> convertClipAttributes(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  Value low = MaximumOp::create(
      node.builder, node.loc, x,
      node.scalar(x, node.floatAttr("min", -3.4028234663852886e38)));
  return one(MinimumOp::create(
      node.builder, node.loc, low,
      node.scalar(x, node.floatAttr("max", 3.4028234663852886e38))));
}

FailureOr<NodeResults> convertClip(OnnxNode &node) {
  if (failed(node.expectInputs(1, 3)))
    return failure();
  Value result = node.input(0);
  for (unsigned i : {1u, 2u}) {
    Value bound = node.input(i);
    if (!bound)
      continue;
    if (cast<RankedTensorType>(bound.getType()).getRank() != 0 &&
        cast<RankedTensorType>(bound.getType()).getNumElements() != 1)
      return node.fail(Twine(i == 1 ? "min" : "max") + " must be a scalar");
    bound = node.reshape(bound, {});
    result =
        i == 1
            ? Value(MaximumOp::create(node.builder, node.loc, result, bound))
            : Value(MinimumOp::create(node.builder, node.loc, result, bound));
  }
  return one(result);
}

/// LeakyRelu(x; alpha = 0.01) = x where x >= 0, alpha * x elsewhere.
FailureOr<NodeResults> convertLeakyRelu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  OpBuilder &b = node.builder;
  Value scaled = MulOp::create(b, node.loc, x,
                               node.scalar(x, node.floatAttr("alpha", 0.01f)));
  Value negative = LessOp::create(b, node.loc, x, node.scalar(x, 0.0));
  return one(SelectOp::create(b, node.loc, negative, scaled, x));
}

FailureOr<NodeResults> convertCast(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  const onnx::AttributeProto *to = node.attr("to");
  if (!to || !to->has_i())
    return node.fail("missing the attribute 'to'");
  std::string why;
  Type element = convertDataType(to->i(), node.builder.getContext(), &why);
  if (!element)
    return node.fail("cannot cast to " + dataTypeName(to->i()) + ": " + why);
  return one(castTo(node, node.input(0), element));
}

FailureOr<NodeResults> convertCastLike(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  return one(castTo(node, node.input(0), elementTypeOf(node.input(1))));
}

const ConverterEntry kConverters[] = {
    {"Abs", 6, unary<AbsOp>},
    {"Ceil", 6, unary<CeilOp>},
    {"Cos", 7, unary<CosOp>},
    {"Floor", 6, unary<FloorOp>},
    {"Mod", 10, convertMod},
    {"Round", 11, unary<RoundOp>},
    {"Sign", 9, unary<SignOp>},
    {"Sin", 7, unary<SinOp>},
    {"Add", 7, binary<AddOp>},
    {"And", 7, logical<0>},
    {"Cast", 6, convertCast},
    {"CastLike", 15, convertCastLike},
    {"Clip", 6, convertClipAttributes},
    {"Clip", 11, convertClip},
    {"Div", 7, binary<DivOp>},
    {"Equal", 7, binary<EqualOp>},
    {"Exp", 6, unary<ExpOp>},
    {"Greater", 7, binary<GreaterOp>},
    {"GreaterOrEqual", 12, negatedCompare<LessOp>},
    {"Identity", 1, convertIdentity},
    {"LeakyRelu", 6, convertLeakyRelu},
    {"Less", 7, binary<LessOp>},
    {"LessOrEqual", 12, negatedCompare<GreaterOp>},
    {"Log", 6, unary<LogOp>},
    {"Max", 8, variadic<MaximumOp>},
    {"Mean", 8, convertMean},
    {"Min", 8, variadic<MinimumOp>},
    {"Mul", 7, binary<MulOp>},
    {"Neg", 6, unary<NegOp>},
    {"Not", 1, convertNot},
    {"Or", 7, logical<1>},
    {"Pow", 7, convertPow},
    {"Reciprocal", 6, convertReciprocal},
    {"Relu", 6, unary<ReluOp>},
    {"Sigmoid", 6, unary<SigmoidOp>},
    {"Sqrt", 6, unary<SqrtOp>},
    {"Sub", 7, binary<SubOp>},
    {"Sum", 8, variadic<AddOp>},
    {"Tanh", 6, unary<TanhOp>},
    {"Where", 9, convertWhere},
    {"Xor", 7, logical<2>},
};

} // namespace

llvm::ArrayRef<ConverterEntry> elementwiseConverters() { return kConverters; }

} // namespace kiln::onnximport
