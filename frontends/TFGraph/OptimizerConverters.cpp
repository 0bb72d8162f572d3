//===- OptimizerConverters.cpp - TensorFlow's optimizer updates -----------===//
//
// TensorFlow's optimizers write their updates as Apply* ops on variables
// (ref) or Resource* ops on handles; each becomes the element-wise kiln
// ops of its formula (TensorFlow's CPU kernels') and assignments of the
// variable and its slots.
//
// The SparseApply* forms update only the rows their indices name, which
// is how the optimizers apply the gradient of a gather (an embedding
// lookup) after deduplicating its indices with Unique. Kiln runs the dense
// formula on the gradient summed into the variable's rows and keeps the
// untouched rows: repeated indices are summed and applied once, which is
// what TensorFlow's optimizers compute, and O(variable) work per step.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/TypedArithmetic.h"
#include "frontends/TFGraph/VariableUpdates.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace kiln::tfgraph {
namespace {

/// TypedArithmetic on a variable-shaped value and scalars or same-shaped
/// values, with the optimizers' scalar and root helpers.
struct UpdateBuilder : TypedArithmetic {
  using TypedArithmetic::TypedArithmetic;
  Value sqrt(Value a) {
    return SqrtOp::create(ctx.builder, ctx.loc, a.getType(), a);
  }
  Value rsqrt(Value a) {
    return RsqrtOp::create(ctx.builder, ctx.loc, a.getType(), a);
  }
  Value square(Value a) { return mul(a, a); }
  Value scalarOp(Value a, Value b, bool subtract) {
    auto scalar = RankedTensorType::get({}, getElementTypeOrSelf(type));
    return subtract ? Value(SubOp::create(ctx.builder, ctx.loc, scalar, a, b))
                    : Value(DivOp::create(ctx.builder, ctx.loc, scalar, a, b));
  }
  Value one() { return constant(1.0); }
  /// 1 - x for a scalar x.
  Value oneMinus(Value x) { return scalarOp(one(), x, true); }
};

/// Where an update writes: every element, or (sparse) only the rows an
/// index named, the others keeping their values.
struct Writer {
  NodeContext &ctx;
  Value touched; // null when dense
  /// Assigns `value` to the variable that is input `input`.
  void write(unsigned input, Value value) {
    if (touched)
      value = SelectOp::create(ctx.builder, ctx.loc, touched, value,
                               ctx.input(input));
    assign(ctx, ctx.inputs[input], value);
  }
};

/// The gradient and writer of an update: input `gradInput` as it is, or
/// (sparse, `indicesInput` set) summed into the variable's rows.
FailureOr<std::pair<Value, Writer>>
gradientAndWriter(NodeContext &ctx, unsigned gradInput,
                  std::optional<unsigned> indicesInput,
                  StringRef gradName = "grad") {
  const InputRef &var = ctx.inputs[0];
  if (!indicesInput) {
    Value grad = ctx.input(gradInput);
    if (failed(checkShape(ctx, grad, var, gradName)))
      return failure();
    return std::make_pair(grad, Writer{ctx, Value()});
  }
  FailureOr<RankedTensorType> indicesType = ctx.inputType(*indicesInput);
  if (failed(indicesType))
    return failure();
  if (indicesType->getRank() != 1)
    return ctx.fail("indices (input " + Twine(*indicesInput) +
                    ") must be a vector");
  FailureOr<IndexedRows> rows =
      indexedRows(ctx, var, ctx.input(gradInput), *indicesInput);
  if (failed(rows))
    return failure();
  return std::make_pair(rows->sums, Writer{ctx, rows->touched});
}

/// An input of an update and TensorFlow's name for it.
struct NamedInput {
  unsigned index;
  const char *name;
};

/// Checks the variables, the input count and the scalar (or
/// variable-shaped) hyperparameters of an update.
LogicalResult expectUpdate(NodeContext &ctx, unsigned inputCount,
                           unsigned variableCount,
                           ArrayRef<NamedInput> hyperparameters) {
  if (failed(ctx.expectInputs(inputCount)) ||
      failed(variables(ctx, variableCount)))
    return failure();
  for (NamedInput input : hyperparameters)
    if (failed(
            checkShape(ctx, ctx.input(input.index), ctx.inputs[0], input.name)))
      return failure();
  return success();
}

std::optional<unsigned> sparseIndices(bool sparse, unsigned input) {
  return sparse ? std::optional<unsigned>(input) : std::nullopt;
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertApplyGradientDescent(NodeContext &ctx) {
  if (failed(expectUpdate(ctx, 3, 1, {{1, "alpha"}})))
    return failure();
  auto gw = gradientAndWriter(ctx, 2, std::nullopt, "delta");
  if (failed(gw))
    return failure();
  UpdateBuilder u{ctx, ctx.inputs[0].variableType};
  Value step = u.mul(ctx.input(1), gw->first);
  gw->second.write(0, u.sub(ctx.input(0), step));
  return outputsFor(ctx.inputs[0], returnsRef);
}

/// (Sparse)ApplyMomentum(var, accum, lr, grad, [indices,] momentum) and,
/// `keras`, Resource(Sparse)ApplyKerasMomentum (tf.keras' SGD), whose
/// accumulator holds the step scaled by lr and negated.
template <bool sparse, bool keras, bool returnsRef>
FailureOr<NodeOutputs> convertApplyMomentum(NodeContext &ctx) {
  unsigned momentumInput = sparse ? 5 : 4;
  if (failed(expectUpdate(ctx, momentumInput + 1, 2,
                          {{2, "lr"}, {momentumInput, "momentum"}})))
    return failure();
  auto gw = gradientAndWriter(ctx, 3, sparseIndices(sparse, 4));
  if (failed(gw))
    return failure();
  auto [grad, writer] = *gw;
  Value lr = ctx.input(2), momentum = ctx.input(momentumInput);
  bool nesterov = ctx.boolAttr("use_nesterov", false);
  UpdateBuilder u{ctx, ctx.inputs[0].variableType};
  if (keras) {
    Value scaledGrad = u.mul(grad, lr);
    Value newAccum = u.sub(u.mul(ctx.input(1), momentum), scaledGrad);
    writer.write(1, newAccum);
    Value step = newAccum;
    if (nesterov)
      step = u.sub(u.mul(newAccum, momentum), scaledGrad);
    writer.write(0, u.add(ctx.input(0), step));
    return NodeOutputs{};
  }
  Value newAccum = u.add(u.mul(ctx.input(1), momentum), grad);
  writer.write(1, newAccum);
  Value step;
  if (nesterov) {
    Value lookahead = u.mul(u.mul(newAccum, momentum), lr);
    step = u.add(u.mul(grad, lr), lookahead);
  } else {
    step = u.mul(newAccum, lr);
  }
  writer.write(0, u.sub(ctx.input(0), step));
  return outputsFor(ctx.inputs[0], returnsRef);
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertApplyAdam(NodeContext &ctx) {
  if (failed(expectUpdate(ctx, 10, 3,
                          {{3, "beta1_power"},
                           {4, "beta2_power"},
                           {5, "lr"},
                           {6, "beta1"},
                           {7, "beta2"},
                           {8, "epsilon"}})))
    return failure();
  auto gw = gradientAndWriter(ctx, 9, std::nullopt);
  if (failed(gw))
    return failure();
  auto [grad, writer] = *gw;
  Value beta1Power = ctx.input(3), beta2Power = ctx.input(4), lr = ctx.input(5),
        beta1 = ctx.input(6), beta2 = ctx.input(7), epsilon = ctx.input(8);
  UpdateBuilder u{ctx, ctx.inputs[0].variableType};
  // lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
  Value one = u.one();
  Value bias1 = u.oneMinus(beta1Power);
  Value bias2Root = u.sqrt(u.oneMinus(beta2Power));
  Value lrT = u.scalarOp(
      MulOp::create(ctx.builder, ctx.loc, one.getType(), lr, bias2Root), bias1,
      false);
  Value oneMinusBeta1 = u.oneMinus(beta1);
  Value mDelta = u.mul(u.sub(grad, ctx.input(1)), oneMinusBeta1);
  Value newM = u.add(ctx.input(1), mDelta);
  Value oneMinusBeta2 = u.oneMinus(beta2);
  Value vOld = ctx.input(2);
  Value gradSquared = u.square(grad);
  Value vDelta = u.mul(u.sub(gradSquared, vOld), oneMinusBeta2);
  Value newV = u.add(ctx.input(2), vDelta);
  writer.write(1, newM);
  writer.write(2, newV);
  Value direction = newM;
  if (ctx.boolAttr("use_nesterov", false)) {
    Value gradPart = u.mul(grad, u.oneMinus(beta1));
    direction = u.add(u.mul(newM, beta1), gradPart);
  }
  Value denominator = u.add(u.sqrt(newV), epsilon);
  Value step = u.div(u.mul(direction, lrT), denominator);
  writer.write(0, u.sub(ctx.input(0), step));
  return outputsFor(ctx.inputs[0], returnsRef);
}

/// (Sparse)ApplyAdagrad(var, accum, lr, grad, [indices]; update_slots) and
/// the V2 forms with epsilon after lr.
template <bool sparse, bool v2, bool returnsRef>
FailureOr<NodeOutputs> convertApplyAdagrad(NodeContext &ctx) {
  unsigned gradInput = v2 ? 4 : 3;
  SmallVector<NamedInput> hyperparameters = {{2, "lr"}};
  if (v2)
    hyperparameters.push_back({3, "epsilon"});
  if (failed(expectUpdate(ctx, gradInput + 1 + sparse, 2, hyperparameters)))
    return failure();
  auto gw =
      gradientAndWriter(ctx, gradInput, sparseIndices(sparse, gradInput + 1));
  if (failed(gw))
    return failure();
  auto [grad, writer] = *gw;
  UpdateBuilder u{ctx, ctx.inputs[0].variableType};
  Value accum = ctx.input(1);
  if (ctx.boolAttr("update_slots", true)) {
    Value gradSquared = u.square(grad);
    accum = u.add(accum, gradSquared);
    writer.write(1, accum);
  }
  Value scaled = u.mul(grad, ctx.input(2));
  Value step;
  if (v2) {
    Value denominator = u.add(u.sqrt(accum), ctx.input(3));
    step = u.div(scaled, denominator);
  } else {
    step = u.mul(scaled, u.rsqrt(accum));
  }
  writer.write(0, u.sub(ctx.input(0), step));
  return outputsFor(ctx.inputs[0], returnsRef);
}

/// (Sparse)ApplyRMSProp(var, ms, mom, lr, rho, momentum, epsilon, grad,
/// [indices]) and the centered forms with mg after var.
template <bool sparse, bool centered, bool returnsRef>
FailureOr<NodeOutputs> convertApplyRMSProp(NodeContext &ctx) {
  unsigned first = centered ? 4 : 3; // lr
  unsigned gradInput = first + 4;
  if (failed(expectUpdate(ctx, gradInput + 1 + sparse, first,
                          {{first, "lr"},
                           {first + 1, "rho"},
                           {first + 2, "momentum"},
                           {first + 3, "epsilon"}})))
    return failure();
  auto gw =
      gradientAndWriter(ctx, gradInput, sparseIndices(sparse, gradInput + 1));
  if (failed(gw))
    return failure();
  auto [grad, writer] = *gw;
  unsigned msInput = centered ? 2 : 1, momInput = msInput + 1;
  Value lr = ctx.input(first), rho = ctx.input(first + 1),
        momentum = ctx.input(first + 2), epsilon = ctx.input(first + 3);
  UpdateBuilder u{ctx, ctx.inputs[0].variableType};
  Value oneMinusRho = u.oneMinus(rho);
  Value ms = ctx.input(msInput);
  Value msDelta = u.mul(u.sub(u.square(grad), ms), oneMinusRho);
  Value newMs = u.add(ctx.input(msInput), msDelta);
  writer.write(msInput, newMs);
  Value denominator = u.add(newMs, epsilon);
  if (centered) {
    Value mg = ctx.input(1);
    Value mgDelta = u.mul(u.sub(grad, mg), oneMinusRho);
    Value newMg = u.add(ctx.input(1), mgDelta);
    writer.write(1, newMg);
    denominator = u.add(u.sub(newMs, u.square(newMg)), epsilon);
  }
  Value scaled = u.mul(grad, lr);
  Value step = u.div(scaled, u.sqrt(denominator));
  Value newMom = u.add(u.mul(ctx.input(momInput), momentum), step);
  writer.write(momInput, newMom);
  writer.write(0, u.sub(ctx.input(0), newMom));
  return outputsFor(ctx.inputs[0], returnsRef);
}

} // namespace

const llvm::StringMap<Converter> &optimizerConverters() {
  static const llvm::StringMap<Converter> table = {
      {"ApplyGradientDescent", convertApplyGradientDescent<true>},
      {"ResourceApplyGradientDescent", convertApplyGradientDescent<false>},
      {"ApplyMomentum", convertApplyMomentum<false, false, true>},
      {"ResourceApplyMomentum", convertApplyMomentum<false, false, false>},
      {"SparseApplyMomentum", convertApplyMomentum<true, false, true>},
      {"ResourceSparseApplyMomentum", convertApplyMomentum<true, false, false>},
      {"ResourceApplyKerasMomentum", convertApplyMomentum<false, true, false>},
      {"ResourceSparseApplyKerasMomentum",
       convertApplyMomentum<true, true, false>},
      {"ApplyAdam", convertApplyAdam<true>},
      {"ResourceApplyAdam", convertApplyAdam<false>},
      {"ApplyAdagrad", convertApplyAdagrad<false, false, true>},
      {"ResourceApplyAdagrad", convertApplyAdagrad<false, false, false>},
      {"ApplyAdagradV2", convertApplyAdagrad<false, true, true>},
      {"ResourceApplyAdagradV2", convertApplyAdagrad<false, true, false>},
      {"SparseApplyAdagrad", convertApplyAdagrad<true, false, true>},
      {"ResourceSparseApplyAdagrad", convertApplyAdagrad<true, false, false>},
      {"SparseApplyAdagradV2", convertApplyAdagrad<true, true, true>},
      {"ResourceSparseApplyAdagradV2", convertApplyAdagrad<true, true, false>},
      {"ApplyRMSProp", convertApplyRMSProp<false, false, true>},
      {"ResourceApplyRMSProp", convertApplyRMSProp<false, false, false>},
      {"SparseApplyRMSProp", convertApplyRMSProp<true, false, true>},
      {"ResourceSparseApplyRMSProp", convertApplyRMSProp<true, false, false>},
      {"ApplyCenteredRMSProp", convertApplyRMSProp<false, true, true>},
      {"ResourceApplyCenteredRMSProp", convertApplyRMSProp<false, true, false>},
      {"SparseApplyCenteredRMSProp", convertApplyRMSProp<true, true, true>},
      {"ResourceSparseApplyCenteredRMSProp",
       convertApplyRMSProp<true, true, false>},
  };
  return table;
}

} // namespace kiln::tfgraph
