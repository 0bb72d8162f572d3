//===- GatherND.cpp - index tuples as rows of flattened dimensions --------===//
//
// GatherNd and ScatterNd address slices by tuples of indices into leading
// dimensions; both become one position per tuple in those dimensions
// flattened into one, so kiln.gather and kiln.unsorted_segment_sum (and
// their gradients) do the rest.
//
//===----------------------------------------------------------------------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace kiln::frontend {

namespace {

/// The row-major position of each tuple (the last dimension of `indices`)
/// in `dims`, as i64. Each component is checked against its own dimension
/// first: a tuple out of range could otherwise land on another valid row.
FailureOr<Value> tuplePositions(const OpEmitter &e, Value indices,
                                ArrayRef<int64_t> dims, bool wrapNegative) {
  auto indicesType = cast<RankedTensorType>(indices.getType());
  if (!isIndexElement(indicesType.getElementType()))
    return e.fail("indices must be int32 or int64");
  int64_t rank = indicesType.getRank();
  if (rank < 1)
    return e.fail("indices must have at least one dimension");
  int64_t depth = indicesType.getDimSize(rank - 1);
  if (ShapedType::isDynamic(depth) || depth < 1 ||
      depth > static_cast<int64_t>(dims.size()))
    return e.fail("the last dimension of indices (" + Twine(depth) +
                  ") must be static and between 1 and the rank of the "
                  "indexed tensor (" +
                  Twine(dims.size()) + ")");
  OpBuilder &b = e.builder;
  ArrayRef<int64_t> tuples = indicesType.getShape().drop_back();
  auto wideType = RankedTensorType::get(tuples, b.getI64Type());
  Value position;
  int64_t stride = 1;
  for (int64_t k = depth - 1; k >= 0; --k) {
    if (ShapedType::isDynamic(dims[k]))
      return e.fail("dimension " + Twine(k) +
                    " of the indexed tensor must be static");
    Value component = e.reshape(e.slice(indices, rank - 1, k, 1), tuples);
    component = CheckIndicesOp::create(b, e.loc, component.getType(), component,
                                       wrapNegative ? -dims[k] : 0, dims[k]);
    Value wide = CastOp::create(b, e.loc, wideType, component);
    if (wrapNegative)
      wide = SelectOp::create(
          b, e.loc, LessOp::create(b, e.loc, wide, e.scalar(wide, 0)),
          AddOp::create(b, e.loc, wide, e.scalar(wide, dims[k])), wide);
    if (stride != 1)
      wide = MulOp::create(b, e.loc, wide, e.scalar(wide, stride));
    position = position ? AddOp::create(b, e.loc, position, wide) : wide;
    stride *= dims[k];
  }
  return position;
}

} // namespace

FailureOr<Value> OpEmitter::gatherND(Value params, Value indices,
                                     bool wrapNegative) const {
  auto paramsType = cast<RankedTensorType>(params.getType());
  ArrayRef<int64_t> dims = paramsType.getShape();
  FailureOr<Value> positions =
      tuplePositions(*this, indices, dims, wrapNegative);
  if (failed(positions))
    return failure();
  int64_t depth = cast<RankedTensorType>(indices.getType()).getShape().back();
  SmallVector<int64_t> rows = {productOf(dims.take_front(depth))};
  llvm::append_range(rows, dims.drop_front(depth));
  return GatherOp::create(builder, loc, reshape(params, rows), *positions, 0)
      .getResult();
}

FailureOr<Value> OpEmitter::scatterND(Value indices, Value updates,
                                      ArrayRef<int64_t> shape) const {
  FailureOr<Value> positions =
      tuplePositions(*this, indices, shape, /*wrapNegative=*/false);
  if (failed(positions))
    return failure();
  auto updatesType = cast<RankedTensorType>(updates.getType());
  int64_t depth = cast<RankedTensorType>(indices.getType()).getShape().back();
  int64_t rows = productOf(shape.take_front(depth));
  SmallVector<int64_t> summedShape = {rows};
  llvm::append_range(summedShape, shape.drop_front(depth));
  FailureOr<Type> summed = inferUnsortedSegmentSum(
      {std::nullopt, ""}, updatesType, (*positions).getType(), rows);
  auto expected =
      RankedTensorType::get(summedShape, updatesType.getElementType());
  if (failed(summed) || *summed != expected)
    return fail("updates " + llvm::formatv("{0}", updatesType).str() +
                " do not have one slice of the output per index tuple");
  Value sums =
      UnsortedSegmentSumOp::create(builder, loc, expected, updates, *positions,
                                   builder.getI64IntegerAttr(rows));
  return reshape(sums, shape);
}

} // namespace kiln::frontend
