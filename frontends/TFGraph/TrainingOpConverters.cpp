//===- TrainingOpConverters.cpp - gradients, assignments and scatters -----===//
//
// Updates of variables other than the optimizers' formulas
// (OptimizerConverters.cpp): subtraction and the scatters into rows, by
// which optimizers apply a gather's gradient. KilnGradients is kiln's own node
// for tf.gradients (the C++ graph API writes it); it becomes kiln.gradients,
// which the compiler expands.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/VariableUpdates.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

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
  Value current = ctx.input(0);
  assign(ctx, var, SubOp::create(ctx.builder, ctx.loc, current, value));
  return outputsFor(var, returnsRef);
}

/// ScatterAdd/ScatterSub on a ref and ResourceScatterAdd/Sub on a handle:
/// the variable's rows that `indices` name get `updates` added (or
/// subtracted; repeated indices add up), which is how TensorFlow's
/// optimizers apply the gradient of a gather (an embedding lookup).
template <bool subtract, bool returnsRef>
FailureOr<NodeOutputs> convertScatterAdd(NodeContext &ctx) {
  FailureOr<InputRef> updated = updatedVariable(ctx, 3);
  if (failed(updated))
    return failure();
  FailureOr<IndexedRows> rows = indexedRows(ctx, *updated, ctx.input(2), 1);
  if (failed(rows))
    return failure();
  Value current = ctx.input(0);
  Value next =
      subtract
          ? Value(SubOp::create(ctx.builder, ctx.loc, current, rows->sums))
          : Value(AddOp::create(ctx.builder, ctx.loc, current, rows->sums));
  assign(ctx, *updated, next);
  return outputsFor(*updated, returnsRef);
}

/// ScatterUpdate on a ref and ResourceScatterUpdate on a handle: the rows
/// that `indices` name become `updates`; of repeated indices the last
/// wins, as in TensorFlow's CPU kernel, which writes them in order.
template <bool returnsRef>
FailureOr<NodeOutputs> convertScatterUpdate(NodeContext &ctx) {
  FailureOr<InputRef> updated = updatedVariable(ctx, 3);
  if (failed(updated))
    return failure();
  Value indices = ctx.input(1), updates = ctx.input(2);
  RankedTensorType indicesType = typeOf(indices);
  if (!indicesType.hasStaticShape())
    return ctx.fail("indices (input 1) needs a static shape");
  // Updates whose index comes again later are dropped before the sum.
  int64_t count = indicesType.getNumElements();
  Value last = ctx.uniqueAmongRows(
      ctx.equalRows(ctx.reshape(indices, {count, 1})), /*first=*/false);
  SmallVector<int64_t> keepShape(typeOf(updates).getRank(), 1);
  llvm::copy(indicesType.getShape(), keepShape.begin());
  Value keep = ctx.reshape(last, keepShape);
  Value kept = SelectOp::create(ctx.builder, ctx.loc, keep, updates,
                                ctx.scalar(updates, 0.0));
  FailureOr<IndexedRows> rows = indexedRows(ctx, *updated, kept, 1);
  if (failed(rows))
    return failure();
  assign(ctx, *updated,
         SelectOp::create(ctx.builder, ctx.loc, rows->touched, rows->sums,
                          ctx.input(0)));
  return outputsFor(*updated, returnsRef);
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
      {"AssignSub", convertAssignSub<true>},
      {"AssignSubVariableOp", convertAssignSub<false>},
      {"ScatterAdd", convertScatterAdd<false, true>},
      {"ScatterSub", convertScatterAdd<true, true>},
      {"ResourceScatterAdd", convertScatterAdd<false, false>},
      {"ResourceScatterSub", convertScatterAdd<true, false>},
      {"ScatterUpdate", convertScatterUpdate<true>},
      {"ResourceScatterUpdate", convertScatterUpdate<false>},
  };
  return table;
}

} // namespace kiln::tfgraph
