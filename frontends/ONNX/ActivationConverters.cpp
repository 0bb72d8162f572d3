//===- ActivationConverters.cpp - ONNX activations and normalizations -----===//
//
// Activations exporters emit as single ops (Erf, Gelu, Elu, Selu,
// Softplus, Softsign, HardSigmoid, HardSwish, PRelu, ThresholdedRelu,
// Celu, Mish) and LayerNormalization, written as formulas over kiln's
// element-wise ops and reductions so that they fuse like any element-wise
// chain.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

FailureOr<NodeResults> convertErf(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.erf(node.input(0)));
}

/// Gelu: x/2 (1 + erf(x / sqrt 2)), or with approximate = "tanh"
/// x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
FailureOr<NodeResults> convertGelu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  OpBuilder &b = node.builder;
  Location loc = node.loc;
  Value x = node.input(0);
  auto c = [&](double value) { return node.scalar(x, value); };
  std::string approximate = node.stringAttr("approximate", "none");
  Value inner;
  if (approximate == "tanh") {
    Value cube = MulOp::create(b, loc, SquareOp::create(b, loc, x), x);
    Value arg = MulOp::create(
        b, loc,
        AddOp::create(b, loc, x, MulOp::create(b, loc, cube, c(0.044715))),
        c(0.7978845608028654));
    inner = TanhOp::create(b, loc, arg);
  } else if (approximate == "none") {
    inner = node.erf(MulOp::create(b, loc, x, c(0.7071067811865476)));
  } else {
    return node.fail("approximate '" + approximate + "' is not supported");
  }
  Value half = MulOp::create(b, loc, x, c(0.5));
  return one(MulOp::create(b, loc, half, AddOp::create(b, loc, inner, c(1.0))));
}

FailureOr<NodeResults> convertElu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.elu(node.input(0), node.floatAttr("alpha", 1.0f)));
}

FailureOr<NodeResults> convertSelu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.elu(node.input(0),
                      node.floatAttr("alpha", 1.67326319217681884765625f),
                      node.floatAttr("gamma", 1.05070102214813232421875f)));
}

/// Celu: max(0, x) + min(0, alpha (exp(x / alpha) - 1)).
FailureOr<NodeResults> convertCelu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  OpBuilder &b = node.builder;
  Value x = node.input(0);
  double alpha = node.floatAttr("alpha", 1.0f);
  Value scaled = DivOp::create(b, node.loc, x, node.scalar(x, alpha));
  Value negative =
      MulOp::create(b, node.loc, node.expm1(scaled), node.scalar(x, alpha));
  return one(node.wherePositive(x, negative));
}

FailureOr<NodeResults> convertSoftplus(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.softplus(node.input(0)));
}

/// Mish: x tanh(softplus(x)).
FailureOr<NodeResults> convertMish(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  return one(
      MulOp::create(node.builder, node.loc, x,
                    TanhOp::create(node.builder, node.loc, node.softplus(x))));
}

FailureOr<NodeResults> convertSoftsign(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(node.softsign(node.input(0)));
}

/// max(0, min(1, alpha x + beta)).
Value hardSigmoid(OnnxNode &node, Value x, double alpha, double beta) {
  OpBuilder &b = node.builder;
  Value linear = AddOp::create(
      b, node.loc, MulOp::create(b, node.loc, x, node.scalar(x, alpha)),
      node.scalar(x, beta));
  return MaximumOp::create(
      b, node.loc, MinimumOp::create(b, node.loc, linear, node.scalar(x, 1.0)),
      node.scalar(x, 0.0));
}

FailureOr<NodeResults> convertHardSigmoid(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  return one(hardSigmoid(node, node.input(0), node.floatAttr("alpha", 0.2f),
                         node.floatAttr("beta", 0.5f)));
}

FailureOr<NodeResults> convertHardSwish(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  return one(MulOp::create(node.builder, node.loc, x,
                           hardSigmoid(node, x, 1.0 / 6.0, 0.5)));
}

/// PRelu: x where x >= 0, slope * x elsewhere (slope broadcasts).
FailureOr<NodeResults> convertPRelu(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  Value x = node.input(0);
  Value scaled = MulOp::create(node.builder, node.loc, x, node.input(1));
  Value negative =
      LessOp::create(node.builder, node.loc, x, node.scalar(x, 0.0));
  return one(SelectOp::create(node.builder, node.loc, negative, scaled, x));
}

FailureOr<NodeResults> convertThresholdedRelu(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  Value above = GreaterOp::create(
      node.builder, node.loc, x, node.scalar(x, node.floatAttr("alpha", 1.0f)));
  return one(
      SelectOp::create(node.builder, node.loc, above, x, node.scalar(x, 0.0)));
}

/// LayerNormalization: (x - mean) / sqrt(var + epsilon) * scale + B over
/// the dimensions from `axis` on (biased variance, as ONNX's reference);
/// the optional outputs are the mean and the inverse standard deviation.
FailureOr<NodeResults> convertLayerNorm(OnnxNode &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  OpBuilder &b = node.builder;
  Location loc = node.loc;
  Value x = node.input(0);
  int64_t rank = node.inputType(0).getRank();
  FailureOr<int64_t> axis = node.axis(node.intAttr("axis", -1), rank);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t d = *axis; d < rank; ++d)
    axes.push_back(d);
  Value mean = ReduceMeanOp::create(b, loc, x, axes, /*keepDims=*/true);
  Value centered = SubOp::create(b, loc, x, mean);
  Value variance = ReduceMeanOp::create(
      b, loc, SquareOp::create(b, loc, centered), axes, /*keepDims=*/true);
  Value invStdDev = RsqrtOp::create(
      b, loc,
      AddOp::create(b, loc, variance,
                    node.scalar(x, node.floatAttr("epsilon", 1e-5f))));
  Value y = MulOp::create(b, loc, MulOp::create(b, loc, centered, invStdDev),
                          node.input(1));
  if (Value bias = node.input(2))
    y = AddOp::create(b, loc, y, bias);
  return NodeResults{y, mean, invStdDev};
}

const ConverterEntry kConverters[] = {
    {"Celu", 12, convertCelu},
    {"Elu", 6, convertElu},
    {"Erf", 9, convertErf},
    {"Gelu", 20, convertGelu},
    {"HardSigmoid", 6, convertHardSigmoid},
    {"HardSwish", 14, convertHardSwish},
    {"LayerNormalization", 17, convertLayerNorm},
    {"Mish", 18, convertMish},
    {"PRelu", 7, convertPRelu},
    {"Selu", 6, convertSelu},
    {"Softplus", 1, convertSoftplus},
    {"Softsign", 1, convertSoftsign},
    {"ThresholdedRelu", 10, convertThresholdedRelu},
};

} // namespace

llvm::ArrayRef<ConverterEntry> activationConverters() { return kConverters; }

} // namespace kiln::onnximport
