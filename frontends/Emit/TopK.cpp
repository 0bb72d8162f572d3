//===- TopK.cpp - the k largest or smallest elements by rank --------------===//
//
// Each element's rank is the number of elements that sort before it (the
// lower index first among equal ones, so ranks are a permutation); output
// position p then picks the element of rank p with a one-hot mask. Two
// reductions over comparisons, O(n^2 + n k) per row, that fuse into two
// loop nests; the values are a masked sum of the input, so kiln's autodiff
// routes each gradient back to the element it came from.
//
//===----------------------------------------------------------------------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::frontend {

namespace {

/// A constant [1, ..., n, ...] holding 0, 1, ..., n - 1 along `at` of a
/// rank-3 shape.
Value positions(const OpEmitter &e, int64_t n, int64_t at, Type element) {
  SmallVector<int64_t> shape(3, 1);
  shape[at] = n;
  SmallVector<double> values;
  for (int64_t i = 0; i < n; ++i)
    values.push_back(i);
  return e.constant(RankedTensorType::get(shape, element), values);
}

} // namespace

FailureOr<std::pair<Value, Value>> OpEmitter::topK(Value value, int64_t axis,
                                                   int64_t k, bool largest,
                                                   Type indexType) const {
  RankedTensorType type = typeOf(value);
  int64_t n = type.getDimSize(axis);
  if (ShapedType::isDynamic(n))
    return fail("the sorted dimension must be static");
  if (k < 0 || k > n)
    return fail("k is " + Twine(k) + ", but the sorted dimension has " +
                Twine(n) + " elements");
  FailureOr<Value> rowsOr = axisRows(value, axis);
  if (failed(rowsOr))
    return failure();
  Value rows = *rowsOr;
  int64_t rowCount = typeOf(rows).getDimSize(0);
  OpBuilder &b = builder;

  // [r, i, j]: does element j sort before element i?
  Value xi = reshape(rows, {rowCount, n, 1});
  Value xj = reshape(rows, {rowCount, 1, n});
  Value ahead = largest ? Value(GreaterOp::create(b, loc, xj, xi))
                        : Value(LessOp::create(b, loc, xj, xi));
  Value tie = EqualOp::create(b, loc, xj, xi);
  if (isa<FloatType>(type.getElementType())) {
    // NaN sorts above every number (as in PyTorch); NaNs tie.
    Value nanI = logicalNot(EqualOp::create(b, loc, xi, xi));
    Value nanJ = logicalNot(EqualOp::create(b, loc, xj, xj));
    Value nanAhead = largest ? logicalAnd(nanJ, logicalNot(nanI))
                             : logicalAnd(nanI, logicalNot(nanJ));
    ahead = logicalOr(ahead, nanAhead);
    tie = logicalOr(tie, logicalAnd(nanI, nanJ));
  }
  Type i32 = b.getI32Type();
  Value lowerIndex = LessOp::create(b, loc, positions(*this, n, 2, i32),
                                    positions(*this, n, 1, i32));
  Value before = logicalOr(ahead, logicalAnd(tie, lowerIndex));
  auto countType = RankedTensorType::get({rowCount, n, n}, i32);
  Value rank = ReduceSumOp::create(
      b, loc, CastOp::create(b, loc, countType, before), {2}, true);

  // [r, i, p]: is element i output p?
  Value picked = EqualOp::create(b, loc, rank, positions(*this, k, 2, i32));
  Value values = ReduceSumOp::create(
      b, loc, SelectOp::create(b, loc, picked, xi, scalar(value, 0.0)), {1});
  Value indexZero = splat(RankedTensorType::get({}, indexType), 0.0);
  Value indices = ReduceSumOp::create(
      b, loc,
      SelectOp::create(b, loc, picked, positions(*this, n, 1, indexType),
                       indexZero),
      {1});
  return std::make_pair(fromAxisRows(values, value, axis),
                        fromAxisRows(indices, value, axis));
}

} // namespace kiln::frontend
