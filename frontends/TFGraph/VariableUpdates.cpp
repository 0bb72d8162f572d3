//===- VariableUpdates.cpp - helpers of ops that assign variables ---------===//

#include "frontends/TFGraph/VariableUpdates.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {

FailureOr<SmallVector<InputRef>> variables(NodeContext &ctx, unsigned count) {
  SmallVector<InputRef> result;
  for (unsigned i = 0; i < count; ++i) {
    if (i >= ctx.inputs.size() || ctx.inputs[i].variable.empty())
      return ctx.fail(llvm::formatv("input {0} must be a variable", i).str());
    result.push_back(ctx.inputs[i]);
  }
  return result;
}

FailureOr<InputRef> updatedVariable(NodeContext &ctx, unsigned inputs) {
  if (failed(ctx.expectInputs(inputs)))
    return failure();
  auto vars = variables(ctx, 1);
  if (failed(vars))
    return failure();
  return (*vars)[0];
}

LogicalResult checkShape(NodeContext &ctx, Value value,
                         const InputRef &variable, StringRef what) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  auto expected = cast<RankedTensorType>(variable.variableType);
  if (!type || (type.getRank() != 0 && type != expected))
    return ctx.fail(what + " has type " +
                    llvm::formatv("{0}", value.getType()).str() +
                    "; variable '" + variable.variable + "' is " +
                    llvm::formatv("{0}", expected).str());
  return success();
}

void assign(NodeContext &ctx, const InputRef &variable, Value value) {
  AssignVariableOp::create(
      ctx.builder, ctx.loc,
      FlatSymbolRefAttr::get(ctx.builder.getContext(), variable.variable),
      value);
}

NodeOutputs outputsFor(const InputRef &variable, bool returnsRef) {
  return returnsRef ? NodeOutputs{variable} : NodeOutputs{};
}

FailureOr<IndexedRows> indexedRows(NodeContext &ctx, const InputRef &variable,
                                   Value values, unsigned indicesInput) {
  auto varType = cast<RankedTensorType>(variable.variableType);
  if (varType.getRank() == 0)
    return ctx.fail("variable '" + variable.variable +
                    "' must have at least one dimension");
  Value indices = ctx.input(indicesInput);
  RankedTensorType indicesType = typeOf(indices);
  if (!isIndexElement(indicesType.getElementType()))
    return ctx.fail(llvm::formatv("indices (input {0}) must be int32 or int64",
                                  indicesInput)
                        .str());
  int64_t rows = varType.getDimSize(0);
  FailureOr<Type> summed = inferUnsortedSegmentSum(
      {std::nullopt, ""}, values.getType(), indicesType, rows);
  if (failed(summed) || *summed != varType)
    return ctx.fail("updates of type " +
                    llvm::formatv("{0}", values.getType()).str() +
                    " do not have the shape of indices " +
                    llvm::formatv("{0}", indicesType).str() +
                    " followed by the rows of variable '" + variable.variable +
                    "' " + llvm::formatv("{0}", varType).str());
  // Unique pads with -1, which the check passes as row 0 and the segment
  // sums drop.
  Value padding;
  if (!ctx.inputs[indicesInput].paddedByUnique.empty()) {
    padding = EqualOp::create(ctx.builder, ctx.loc, indices,
                              ctx.scalar(indices, -1.0));
    indices = SelectOp::create(ctx.builder, ctx.loc, padding,
                               ctx.scalar(indices, 0.0), indices);
  }
  Value checked = CheckIndicesOp::create(ctx.builder, ctx.loc, indicesType,
                                         indices, 0, rows);
  if (padding)
    checked = SelectOp::create(ctx.builder, ctx.loc, padding,
                               ctx.scalar(indices, -1.0), checked);
  auto segmentSum = [&](Value data, Type type) -> Value {
    return UnsortedSegmentSumOp::create(ctx.builder, ctx.loc, type, data,
                                        checked,
                                        ctx.builder.getI64IntegerAttr(rows));
  };
  Value sums = segmentSum(values, varType);
  Value ones = ctx.splat(
      RankedTensorType::get(indicesType.getShape(), varType.getElementType()),
      1.0);
  Value counts =
      segmentSum(ones, RankedTensorType::get({rows}, varType.getElementType()));
  SmallVector<int64_t> rowShape(varType.getRank(), 1);
  rowShape[0] = rows;
  Value touched = ctx.reshape(
      GreaterOp::create(ctx.builder, ctx.loc, counts, ctx.scalar(counts, 0.0)),
      rowShape);
  return IndexedRows{sums, touched};
}

} // namespace kiln::tfgraph
