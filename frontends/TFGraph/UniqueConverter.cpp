//===- UniqueConverter.cpp - TensorFlow's Unique with a fixed size --------===//
//
// Unique(x) returns x's distinct values in order of first occurrence and,
// for each element, the position of its value among them. How many values
// are distinct depends on the data, and kiln's steps have static shapes,
// so kiln's Unique returns as many values as x has, the distinct ones
// first and then -1s.
//
// TensorFlow's optimizers use Unique to deduplicate the indices of a
// gather's gradient: the indices feed a sparse update, and their count
// sizes (through Shape and StridedSlice) the UnsortedSegmentSum of the
// gradient rows. With the padding, that sum has zero rows at the end and
// the sparse updates skip the rows whose index is -1, so the step computes
// exactly what TensorFlow's does. Anything else could show the padding, so
// the importer accepts padded values only in those uses (paddedUniqueUse)
// and rejects every other consumer, fetches included, naming the Unique.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {

PaddedUse paddedUniqueUse(StringRef op, Type element) {
  static const llvm::StringMap<PaddedUse> uses = [] {
    llvm::StringMap<PaddedUse> table;
    // The unique values as they are, their count, and the gradient rows
    // summed by it.
    for (const char *op :
         {"Identity", "Shape", "StridedSlice", "UnsortedSegmentSum", "Cast"})
      table[op] = PaddedUse::Propagates;
    for (const char *op :
         {"ScatterAdd", "ScatterSub", "ResourceScatterAdd",
          "ResourceScatterSub", "SparseApplyMomentum",
          "ResourceSparseApplyMomentum", "ResourceSparseApplyKerasMomentum",
          "SparseApplyAdagrad", "ResourceSparseApplyAdagrad",
          "SparseApplyAdagradV2", "ResourceSparseApplyAdagradV2",
          "SparseApplyRMSProp", "ResourceSparseApplyRMSProp",
          "SparseApplyCenteredRMSProp", "ResourceSparseApplyCenteredRMSProp"})
      table[op] = PaddedUse::Consumes;
    return table;
  }();
  // Optimizers scale the summed gradient rows (Adam's (1 - beta) g);
  // arithmetic on the indices themselves could turn a -1 into a row.
  static const llvm::StringSet<> rowArithmetic = {
      "Mul", "RealDiv", "Div", "Add", "AddV2", "Sub", "Neg", "Square", "Sqrt"};
  if (rowArithmetic.contains(op))
    return isa<FloatType>(element) ? PaddedUse::Propagates
                                   : PaddedUse::Rejected;
  auto it = uses.find(op);
  return it == uses.end() ? PaddedUse::Rejected : it->second;
}

FailureOr<NodeOutputs> convertUnique(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() != 1 || !type.hasStaticShape())
    return ctx.fail("x (input 0) must be a vector of static size, got " +
                    llvm::formatv("{0}", type).str());
  FailureOr<Type> indexType = ctx.typeAttr("out_idx", ctx.builder.getI32Type());
  if (failed(indexType))
    return failure();
  if (!isIndexElement(*indexType))
    return ctx.fail("out_idx must be int32 or int64");
  OpBuilder &b = ctx.builder;
  Location loc = ctx.loc;
  int64_t n = type.getDimSize(0);
  auto indexVector = RankedTensorType::get({n}, *indexType);
  Value indexZero = ctx.splat(RankedTensorType::get({}, *indexType), 0.0);
  Value indexMinusOne = ctx.splat(RankedTensorType::get({}, *indexType), -1.0);

  Value same = ctx.equalRows(ctx.reshape(x, {n, 1}));
  Value first = ctx.uniqueAmongRows(same, /*first=*/true);
  // The position of each first occurrence among the distinct values: the
  // number of first occurrences before it.
  FailureOr<Value> slot =
      ctx.cumulative(CastOp::create(b, loc, indexVector, first), 0,
                     /*product=*/false, /*exclusive=*/true, /*reverse=*/false);
  if (failed(slot))
    return failure();
  // Element i takes the slot of the one first occurrence equal to it.
  Value firstSlots = SelectOp::create(b, loc, first, *slot, indexZero);
  Value idx = ReduceSumOp::create(
      b, loc,
      SelectOp::create(b, loc, same, ctx.reshape(firstSlots, {1, n}),
                       indexZero),
      {1});
  // Each first occurrence is summed into its slot; the rest is dropped.
  Value target = SelectOp::create(b, loc, first, *slot, indexMinusOne);
  Value distinct = UnsortedSegmentSumOp::create(b, loc, type, x, target,
                                                b.getI64IntegerAttr(n));
  Value distinctCount = ReduceSumOp::create(
      b, loc, CastOp::create(b, loc, indexVector, first), {0});
  Value filled =
      LessOp::create(b, loc, ctx.positions(n, 1, 0, *indexType), distinctCount);
  Value y = SelectOp::create(b, loc, filled, distinct, ctx.scalar(x, -1.0));
  NodeOutputs outputs = several({y, idx});
  outputs[0].paddedByUnique = ctx.node.name();
  return outputs;
}

} // namespace kiln::tfgraph
