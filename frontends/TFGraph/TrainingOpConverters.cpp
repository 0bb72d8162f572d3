//===- TrainingOpConverters.cpp - gradients and optimizer updates ---------===//
//
// TensorFlow's optimizers write their updates as Apply* ops on variables
// (ref) or Resource* ops on handles; each becomes the element-wise kiln
// ops of its formula and assignments of the variable and its slots.
// KilnGradients is kiln's own node for tf.gradients (the C++ graph API
// writes it); it becomes kiln.gradients, which the compiler expands.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace kiln::tfgraph {
namespace {

/// Arithmetic on a variable-shaped value and scalars or same-shaped
/// values; every result has `type`.
struct UpdateBuilder {
  NodeContext &ctx;
  Type type;
  Value add(Value a, Value b) { return AddOp::create(ctx.builder, ctx.loc, type, a, b); }
  Value sub(Value a, Value b) { return SubOp::create(ctx.builder, ctx.loc, type, a, b); }
  Value mul(Value a, Value b) { return MulOp::create(ctx.builder, ctx.loc, type, a, b); }
  Value div(Value a, Value b) { return DivOp::create(ctx.builder, ctx.loc, type, a, b); }
  Value sqrt(Value a) { return SqrtOp::create(ctx.builder, ctx.loc, a.getType(), a); }
  Value scalarOp(Value a, Value b, bool subtract) {
    auto scalar = RankedTensorType::get({}, getElementTypeOrSelf(type));
    return subtract ? Value(SubOp::create(ctx.builder, ctx.loc, scalar, a, b))
                    : Value(DivOp::create(ctx.builder, ctx.loc, scalar, a, b));
  }
  Value one() {
    return ctx.splat(RankedTensorType::get({}, getElementTypeOrSelf(type)), 1.0);
  }
};

/// The variables (ref or resource) among the first `count` inputs.
FailureOr<SmallVector<InputRef>> variables(NodeContext &ctx, unsigned count) {
  SmallVector<InputRef> result;
  for (unsigned i = 0; i < count; ++i) {
    if (i >= ctx.inputs.size() || ctx.inputs[i].variable.empty())
      return ctx.fail(llvm::formatv("input {0} must be a variable", i).str());
    result.push_back(ctx.inputs[i]);
  }
  return result;
}

/// An op updating one variable, its input 0, with `inputs` inputs in all.
FailureOr<InputRef> updatedVariable(NodeContext &ctx, unsigned inputs) {
  if (failed(ctx.expectInputs(inputs)))
    return failure();
  auto vars = variables(ctx, 1);
  if (failed(vars))
    return failure();
  return (*vars)[0];
}

LogicalResult checkShape(NodeContext &ctx, Value value, const InputRef &variable,
                         StringRef what) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  auto expected = cast<RankedTensorType>(variable.variableType);
  if (!type || (type.getRank() != 0 && type != expected))
    return ctx.fail(what + " has type " + llvm::formatv("{0}", value.getType()).str() +
                    "; variable '" + variable.variable + "' is " +
                    llvm::formatv("{0}", expected).str());
  return success();
}

void assign(NodeContext &ctx, const InputRef &variable, Value value) {
  AssignVariableOp::create(
      ctx.builder, ctx.loc,
      FlatSymbolRefAttr::get(ctx.builder.getContext(), variable.variable), value);
}

/// TF1 Apply* ops output the updated ref; Resource* ops output nothing.
NodeOutputs outputsFor(const InputRef &variable, bool returnsRef) {
  return returnsRef ? NodeOutputs{variable} : NodeOutputs{};
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertApplyGradientDescent(NodeContext &ctx) {
  FailureOr<InputRef> updated = updatedVariable(ctx, 3);
  if (failed(updated))
    return failure();
  InputRef var = *updated;
  Value alpha = ctx.input(1), delta = ctx.input(2);
  if (failed(checkShape(ctx, alpha, var, "alpha")) ||
      failed(checkShape(ctx, delta, var, "delta")))
    return failure();
  UpdateBuilder u{ctx, var.variableType};
  // Ops are created in statement order, never inside one call's argument
  // list, whose evaluation order compilers choose differently.
  Value step = u.mul(alpha, delta);
  assign(ctx, var, u.sub(ctx.input(0), step));
  return outputsFor(var, returnsRef);
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertApplyMomentum(NodeContext &ctx) {
  if (failed(ctx.expectInputs(5)))
    return failure();
  auto vars = variables(ctx, 2);
  if (failed(vars))
    return failure();
  InputRef var = (*vars)[0], accum = (*vars)[1];
  Value lr = ctx.input(2), grad = ctx.input(3), momentum = ctx.input(4);
  for (auto [value, what] : {std::pair{lr, "lr"}, {grad, "grad"}, {momentum, "momentum"}})
    if (failed(checkShape(ctx, value, var, what)))
      return failure();
  UpdateBuilder u{ctx, var.variableType};
  Value newAccum = u.add(u.mul(ctx.input(1), momentum), grad);
  assign(ctx, accum, newAccum);
  Value step;
  if (ctx.boolAttr("use_nesterov", false)) {
    Value lookahead = u.mul(u.mul(newAccum, momentum), lr);
    step = u.add(u.mul(grad, lr), lookahead);
  } else {
    step = u.mul(newAccum, lr);
  }
  assign(ctx, var, u.sub(ctx.input(0), step));
  return outputsFor(var, returnsRef);
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertApplyAdam(NodeContext &ctx) {
  if (failed(ctx.expectInputs(10)))
    return failure();
  auto vars = variables(ctx, 3);
  if (failed(vars))
    return failure();
  InputRef var = (*vars)[0], m = (*vars)[1], v = (*vars)[2];
  Value beta1Power = ctx.input(3), beta2Power = ctx.input(4), lr = ctx.input(5),
        beta1 = ctx.input(6), beta2 = ctx.input(7), epsilon = ctx.input(8),
        grad = ctx.input(9);
  for (Value value : {beta1Power, beta2Power, lr, beta1, beta2, epsilon, grad})
    if (failed(checkShape(ctx, value, var, "an input")))
      return failure();
  UpdateBuilder u{ctx, var.variableType};
  // lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
  Value one = u.one();
  Value bias1 = u.scalarOp(one, beta1Power, true);
  Value bias2Root = u.sqrt(u.scalarOp(one, beta2Power, true));
  Value lrT = u.scalarOp(
      MulOp::create(ctx.builder, ctx.loc, one.getType(), lr, bias2Root), bias1,
      false);
  Value oneMinusBeta1 = u.scalarOp(one, beta1, true);
  Value mDelta = u.mul(u.sub(grad, ctx.input(1)), oneMinusBeta1);
  Value newM = u.add(ctx.input(1), mDelta);
  Value oneMinusBeta2 = u.scalarOp(one, beta2, true);
  Value vOld = ctx.input(2);
  Value gradSquared = u.mul(grad, grad);
  Value vDelta = u.mul(u.sub(gradSquared, vOld), oneMinusBeta2);
  Value newV = u.add(ctx.input(2), vDelta);
  assign(ctx, m, newM);
  assign(ctx, v, newV);
  Value direction = newM;
  if (ctx.boolAttr("use_nesterov", false)) {
    Value gradPart = u.mul(grad, u.scalarOp(one, beta1, true));
    direction = u.add(u.mul(newM, beta1), gradPart);
  }
  Value denominator = u.add(u.sqrt(newV), epsilon);
  Value step = u.div(u.mul(direction, lrT), denominator);
  assign(ctx, var, u.sub(ctx.input(0), step));
  return outputsFor(var, returnsRef);
}

template <bool returnsRef>
FailureOr<NodeOutputs> convertAssignSub(NodeContext &ctx) {
  FailureOr<InputRef> updated = updatedVariable(ctx, 2);
  if (failed(updated))
    return failure();
  InputRef var = *updated;
  Value value = ctx.input(1);
  if (value.getType() != var.variableType)
    return ctx.fail("subtracts a value of type " +
                    llvm::formatv("{0}", value.getType()).str() + " from variable '" +
                    var.variable + "' of type " +
                    llvm::formatv("{0}", var.variableType).str());
  UpdateBuilder u{ctx, var.variableType};
  assign(ctx, var, u.sub(ctx.input(0), value));
  return outputsFor(var, returnsRef);
}

/// ScatterAdd/ScatterSub on a ref and ResourceScatterAdd/Sub on a handle:
/// the variable's rows that `indices` name get `updates` added (or
/// subtracted; repeated indices add up), which is how TensorFlow's
/// optimizers apply the gradient of a gather (an embedding lookup). An
/// index outside [0, rows) fails the step, as in TensorFlow.
template <bool subtract, bool returnsRef>
FailureOr<NodeOutputs> convertScatterAdd(NodeContext &ctx) {
  FailureOr<InputRef> updated = updatedVariable(ctx, 3);
  if (failed(updated))
    return failure();
  InputRef var = *updated;
  auto varType = cast<RankedTensorType>(var.variableType);
  if (varType.getRank() == 0)
    return ctx.fail("variable '" + var.variable +
                    "' must have at least one dimension");
  Value indices = ctx.input(1), updates = ctx.input(2);
  auto indicesType = cast<RankedTensorType>(indices.getType());
  if (!isIndexElement(indicesType.getElementType()))
    return ctx.fail("indices (input 1) must be int32 or int64");
  int64_t rows = varType.getDimSize(0);
  FailureOr<Type> summed = inferUnsortedSegmentSum(
      {std::nullopt, ""}, updates.getType(), indices.getType(), rows);
  if (failed(summed) || *summed != varType)
    return ctx.fail("updates of type " +
                    llvm::formatv("{0}", updates.getType()).str() +
                    " do not have the shape of indices " +
                    llvm::formatv("{0}", indices.getType()).str() +
                    " followed by the rows of variable '" + var.variable +
                    "' " + llvm::formatv("{0}", varType).str());
  Value checked = CheckIndicesOp::create(ctx.builder, ctx.loc, indicesType,
                                         indices, 0, rows);
  Value delta = UnsortedSegmentSumOp::create(
      ctx.builder, ctx.loc, varType, updates, checked,
      ctx.builder.getI64IntegerAttr(rows));
  UpdateBuilder u{ctx, varType};
  Value current = ctx.input(0);
  assign(ctx, var, subtract ? u.sub(current, delta) : u.add(current, delta));
  return outputsFor(var, returnsRef);
}

FailureOr<NodeOutputs> convertKilnGradients(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.fail("needs a loss and at least one value");
  SmallVector<Value> xs;
  SmallVector<Type> types;
  for (unsigned i = 1; i < ctx.inputs.size(); ++i) {
    xs.push_back(ctx.input(i));
    types.push_back(xs.back().getType());
  }
  Value loss = ctx.input(0);
  auto lossType = dyn_cast<RankedTensorType>(loss.getType());
  if (!lossType || lossType.getRank() != 0)
    return ctx.fail("the loss (input 0) must be a scalar, got " +
                    llvm::formatv("{0}", loss.getType()).str());
  auto op = GradientsOp::create(ctx.builder, ctx.loc, types, loss, xs);
  NodeOutputs outputs;
  for (Value gradient : op.getResults())
    outputs.push_back(InputRef{gradient, "", Type()});
  return outputs;
}

} // namespace

const llvm::StringMap<Converter> &trainingConverters() {
  static const llvm::StringMap<Converter> table = {
      {"KilnGradients", convertKilnGradients},
      {"ApplyGradientDescent", convertApplyGradientDescent<true>},
      {"ResourceApplyGradientDescent", convertApplyGradientDescent<false>},
      {"ApplyMomentum", convertApplyMomentum<true>},
      {"ResourceApplyMomentum", convertApplyMomentum<false>},
      {"ApplyAdam", convertApplyAdam<true>},
      {"ResourceApplyAdam", convertApplyAdam<false>},
      {"AssignSub", convertAssignSub<true>},
      {"AssignSubVariableOp", convertAssignSub<false>},
      {"ScatterAdd", convertScatterAdd<false, true>},
      {"ScatterSub", convertScatterAdd<true, true>},
      {"ResourceScatterAdd", convertScatterAdd<false, false>},
      {"ResourceScatterSub", convertScatterAdd<true, false>},
  };
  return table;
}

} // namespace kiln::tfgraph
