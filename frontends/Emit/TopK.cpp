//===- TopK.cpp - the k largest or smallest elements of each row ----------===//
//
// Two formulas over kiln ops, both ordering the lower index first among
// equal elements and NaN above every number, and both picking each output
// with a one-hot mask over the row, so kiln's autodiff routes each
// gradient back to the element it came from.
//
// Small k (k <= n / 4, at most 64): k rounds of selection, each a few
// passes over the row (the largest key not taken yet, the first element
// holding it), O(k n) per row in O(n) memory.
//
// Otherwise by rank: each element's rank is the number of elements that
// sort before it (ranks are a permutation), and output p is the element of
// rank p; O(n^2) comparisons per row, materialized in the step's arena.
//
//===----------------------------------------------------------------------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include <limits>

using namespace mlir;

namespace kiln::frontend {

namespace {

constexpr int64_t kMaxSelectionRounds = 64;

/// Top k of `rows` [R, n] by k rounds of selection: values [R, k] and
/// indices [R, k] of `indexType`.
std::pair<Value, Value> topKBySelection(const OpEmitter &e, Value rows,
                                        int64_t k, bool largest,
                                        Type indexType) {
  OpBuilder &b = e.builder;
  Location loc = e.loc;
  RankedTensorType type = typeOf(rows);
  int64_t rowCount = type.getDimSize(0), n = type.getDimSize(1);
  Type element = type.getElementType();
  bool isFloat = isa<FloatType>(element);
  // Keys whose maximum is wanted: the values, or their order reversed
  // (negated floats; -1 - x, which cannot overflow, for integers).
  Value key = rows;
  if (!largest)
    key = isFloat ? Value(NegOp::create(b, loc, rows))
                  : Value(SubOp::create(b, loc, e.scalar(rows, -1.0), rows));
  double lowest = isFloat
                      ? -std::numeric_limits<double>::infinity()
                      : -std::ldexp(1.0, element.getIntOrFloatBitWidth() - 1);
  Value lowestKey = e.scalar(rows, lowest);
  // NaN sorts above every number: first when largest, last when smallest.
  Value nan;
  if (isFloat) {
    nan = e.logicalNot(EqualOp::create(b, loc, rows, rows));
    key = SelectOp::create(b, loc, nan, lowestKey, key);
  }
  Type i32 = b.getI32Type();
  auto countType = RankedTensorType::get({rowCount, n}, i32);
  auto anyOf = [&](Value mask) {
    Value count = ReduceMaxOp::create(
        b, loc, CastOp::create(b, loc, countType, mask), {1}, true);
    return GreaterOp::create(b, loc, count, e.scalar(count, 0.0));
  };
  Value column = e.positions(n, 2, 1, i32);
  Value taken = e.splat(RankedTensorType::get({rowCount, n}, b.getI1Type()), 0);
  SmallVector<Value> values, indices;
  for (int64_t p = 0; p < k; ++p) {
    Value available = e.logicalNot(taken);
    Value candidateKeys = SelectOp::create(b, loc, taken, lowestKey, key);
    Value best = ReduceMaxOp::create(b, loc, candidateKeys, {1}, true);
    Value candidates =
        e.logicalAnd(available, EqualOp::create(b, loc, candidateKeys, best));
    if (isFloat) {
      Value number = e.logicalNot(nan);
      candidates = e.logicalAnd(candidates, number);
      Value nanLeft = e.logicalAnd(available, nan);
      candidates = largest ? Value(SelectOp::create(b, loc, anyOf(nanLeft),
                                                    nanLeft, candidates))
                           : Value(SelectOp::create(
                                 b, loc, anyOf(e.logicalAnd(available, number)),
                                 candidates, nanLeft));
    }
    // The first candidate.
    Value index = ArgMaxOp::create(
        b, loc, CastOp::create(b, loc, countType, candidates), 1, i32);
    Value picked =
        EqualOp::create(b, loc, column, e.reshape(index, {rowCount, 1}));
    values.push_back(ReduceSumOp::create(
        b, loc, SelectOp::create(b, loc, picked, rows, e.scalar(rows, 0.0)),
        {1}, true));
    indices.push_back(e.reshape(
        CastOp::create(b, loc, RankedTensorType::get({rowCount}, indexType),
                       index),
        {rowCount, 1}));
    taken = e.logicalOr(taken, picked);
  }
  return {ConcatOp::create(b, loc, ValueRange(values), 1),
          ConcatOp::create(b, loc, ValueRange(indices), 1)};
}

/// Top k of `rows` [R, n] by rank.
std::pair<Value, Value> topKByRank(const OpEmitter &e, Value rows, int64_t k,
                                   bool largest, Type indexType) {
  OpBuilder &b = e.builder;
  Location loc = e.loc;
  RankedTensorType type = typeOf(rows);
  int64_t rowCount = type.getDimSize(0), n = type.getDimSize(1);
  // [r, i, j]: does element j sort before element i?
  Value xi = e.reshape(rows, {rowCount, n, 1});
  Value xj = e.reshape(rows, {rowCount, 1, n});
  Value ahead = largest ? Value(GreaterOp::create(b, loc, xj, xi))
                        : Value(LessOp::create(b, loc, xj, xi));
  Value tie = EqualOp::create(b, loc, xj, xi);
  if (isa<FloatType>(type.getElementType())) {
    Value nanI = e.logicalNot(EqualOp::create(b, loc, xi, xi));
    Value nanJ = e.logicalNot(EqualOp::create(b, loc, xj, xj));
    Value nanAhead = largest ? e.logicalAnd(nanJ, e.logicalNot(nanI))
                             : e.logicalAnd(nanI, e.logicalNot(nanJ));
    ahead = e.logicalOr(ahead, nanAhead);
    tie = e.logicalOr(tie, e.logicalAnd(nanI, nanJ));
  }
  Type i32 = b.getI32Type();
  Value lowerIndex = LessOp::create(b, loc, e.positions(n, 3, 2, i32),
                                    e.positions(n, 3, 1, i32));
  Value before = e.logicalOr(ahead, e.logicalAnd(tie, lowerIndex));
  auto countType = RankedTensorType::get({rowCount, n, n}, i32);
  Value rank = ReduceSumOp::create(
      b, loc, CastOp::create(b, loc, countType, before), {2}, true);

  // [r, i, p]: is element i output p?
  Value picked = EqualOp::create(b, loc, rank, e.positions(k, 3, 2, i32));
  Value values = ReduceSumOp::create(
      b, loc, SelectOp::create(b, loc, picked, xi, e.scalar(rows, 0.0)), {1});
  Value indexZero = e.splat(RankedTensorType::get({}, indexType), 0.0);
  Value indices = ReduceSumOp::create(
      b, loc,
      SelectOp::create(b, loc, picked, e.positions(n, 3, 1, indexType),
                       indexZero),
      {1});
  return {values, indices};
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
  FailureOr<Value> rows = axisRows(value, axis);
  if (failed(rows))
    return failure();
  auto [values, indices] =
      k > 0 && k <= kMaxSelectionRounds && 4 * k <= n
          ? topKBySelection(*this, *rows, k, largest, indexType)
          : topKByRank(*this, *rows, k, largest, indexType);
  return std::make_pair(fromAxisRows(values, value, axis),
                        fromAxisRows(indices, value, axis));
}

} // namespace kiln::frontend
