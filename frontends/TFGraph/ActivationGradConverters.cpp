//===- ActivationGradConverters.cpp - TF's element-wise backward ops ------===//
//
// tf.gradients writes the gradient of an activation or of rsqrt, sqrt and
// reciprocal as one backward op of the upstream gradient and the forward
// op's input (features) or output (y). Each becomes its element-wise
// formula, in the order of operations of TensorFlow's CPU kernels.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/TypedArithmetic.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

/// TypedArithmetic with the masks and selections of the backward ops.
struct Backward : TypedArithmetic {
  using TypedArithmetic::TypedArithmetic;
  Value c(double value) { return constant(value); }
  Value mask(Value condition) {
    return CastOp::create(ctx.builder, ctx.loc, type, condition);
  }
  Value greater(Value a, Value b) {
    return GreaterOp::create(ctx.builder, ctx.loc, a, b);
  }
  Value less(Value a, Value b) {
    return LessOp::create(ctx.builder, ctx.loc, a, b);
  }
  Value select(Value condition, Value a, Value b) {
    return SelectOp::create(ctx.builder, ctx.loc, condition, a, b);
  }
};

/// The two inputs of a backward op, which must have one float type; the
/// first is named `first` in errors.
FailureOr<std::pair<Value, Value>> operands(NodeContext &ctx, StringRef first,
                                            StringRef second) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value a = ctx.input(0), b = ctx.input(1);
  if (a.getType() != b.getType())
    return ctx.fail(first + " and " + second + " differ in type");
  if (!isa<FloatType>(typeOf(a).getElementType()))
    return ctx.fail(first + " must be a floating-point tensor");
  return std::make_pair(a, b);
}

/// The ops taking (gradients, features or outputs).
enum class Activation { Relu, Relu6, LeakyRelu, Elu, Selu, Softplus, Softsign };

template <Activation kind>
FailureOr<NodeOutputs> convertFeatureGrad(NodeContext &ctx) {
  bool fromOutputs = kind == Activation::Elu || kind == Activation::Selu;
  auto inputs =
      operands(ctx, "gradients", fromOutputs ? "outputs" : "features");
  if (failed(inputs))
    return failure();
  auto [gradients, x] = *inputs;
  Backward b{ctx, typeOf(x)};
  // Ops are created in statement order, never two in one call's argument
  // list, whose evaluation order compilers choose differently.
  Value zero = b.c(0);
  switch (kind) {
  case Activation::Relu: {
    Value active = b.mask(b.greater(x, zero));
    return single(b.mul(gradients, active));
  }
  case Activation::Relu6: {
    Value positive = b.greater(x, zero);
    Value belowSix = b.less(x, b.c(6));
    Value inside = b.mask(ctx.logicalAnd(positive, belowSix));
    return single(b.mul(gradients, inside));
  }
  case Activation::LeakyRelu: {
    Value scaled = b.mul(gradients, b.c(ctx.floatAttr("alpha", 0.2f)));
    Value positive = b.greater(x, zero);
    return single(b.select(positive, gradients, scaled));
  }
  case Activation::Elu: {
    Value slope = b.add(x, b.c(1));
    Value scaled = b.mul(slope, gradients);
    Value negative = b.less(x, zero);
    return single(b.select(negative, scaled, gradients));
  }
  case Activation::Selu: {
    // TensorFlow's constants, to float precision.
    constexpr double scale = 1.0507009873554804934193349852946;
    constexpr double alpha = 1.6732632423543772848170429916717;
    Value slope = b.add(x, b.c(scale * alpha));
    Value ifNegative = b.mul(gradients, slope);
    Value ifPositive = b.mul(gradients, b.c(scale));
    Value negative = b.less(x, zero);
    return single(b.select(negative, ifNegative, ifPositive));
  }
  case Activation::Softplus: {
    Value negated = NegOp::create(ctx.builder, ctx.loc, x);
    Value expNegative = ExpOp::create(ctx.builder, ctx.loc, negated);
    Value denominator = b.add(expNegative, b.c(1));
    return single(b.div(gradients, denominator));
  }
  case Activation::Softsign: {
    Value magnitude = AbsOp::create(ctx.builder, ctx.loc, x);
    Value denominator = b.add(magnitude, b.c(1));
    return single(b.div(gradients, b.mul(denominator, denominator)));
  }
  }
  llvm_unreachable("every activation is handled");
}

/// The ops taking (y, dy), y the forward op's output.
enum class Output { Sigmoid, Tanh, Rsqrt, Sqrt, Reciprocal };

template <Output kind>
FailureOr<NodeOutputs> convertOutputGrad(NodeContext &ctx) {
  auto inputs = operands(ctx, "y", "dy");
  if (failed(inputs))
    return failure();
  auto [y, dy] = *inputs;
  Backward b{ctx, typeOf(y)};
  switch (kind) {
  case Output::Sigmoid: { // dy * y * (1 - y)
    Value one = b.c(1);
    Value scaled = b.mul(dy, y);
    Value complement = b.sub(one, y);
    return single(b.mul(scaled, complement));
  }
  case Output::Tanh: { // dy * (1 - y^2)
    Value one = b.c(1);
    Value slope = b.sub(one, b.mul(y, y));
    return single(b.mul(dy, slope));
  }
  case Output::Rsqrt: { // -0.5 dy y^3
    Value half = b.c(-0.5);
    Value scaled = b.mul(half, b.mul(dy, y));
    Value square = b.mul(y, y);
    return single(b.mul(scaled, square));
  }
  case Output::Sqrt: { // 0.5 dy / y
    Value half = b.c(0.5);
    return single(b.div(b.mul(half, dy), y));
  }
  case Output::Reciprocal: { // -dy y^2
    Value negated = NegOp::create(ctx.builder, ctx.loc, dy);
    Value square = b.mul(y, y);
    return single(b.mul(negated, square));
  }
  }
  llvm_unreachable("every op is handled");
}

} // namespace

const llvm::StringMap<Converter> &activationGradConverters() {
  static const llvm::StringMap<Converter> table = {
      {"ReluGrad", convertFeatureGrad<Activation::Relu>},
      {"Relu6Grad", convertFeatureGrad<Activation::Relu6>},
      {"LeakyReluGrad", convertFeatureGrad<Activation::LeakyRelu>},
      {"EluGrad", convertFeatureGrad<Activation::Elu>},
      {"SeluGrad", convertFeatureGrad<Activation::Selu>},
      {"SoftplusGrad", convertFeatureGrad<Activation::Softplus>},
      {"SoftsignGrad", convertFeatureGrad<Activation::Softsign>},
      {"SigmoidGrad", convertOutputGrad<Output::Sigmoid>},
      {"TanhGrad", convertOutputGrad<Output::Tanh>},
      {"RsqrtGrad", convertOutputGrad<Output::Rsqrt>},
      {"SqrtGrad", convertOutputGrad<Output::Sqrt>},
      {"ReciprocalGrad", convertOutputGrad<Output::Reciprocal>},
      {"InvGrad", convertOutputGrad<Output::Reciprocal>},
  };
  return table;
}

} // namespace kiln::tfgraph
