//===- Duplicates.cpp - which rows of an index tensor repeat --------------===//
//
// Deduplication (TensorFlow's Unique) and scatters whose repeated indices
// must not add up (one update wins) both ask, for every row of a small
// index tensor, whether an equal row comes before or after it. With static
// shapes and no sort kernel the answer is a k x k comparison, which suits
// the index counts of a training step (a batch's embedding ids).
//
//===----------------------------------------------------------------------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::frontend {

Value OpEmitter::equalRows(Value keys) const {
  RankedTensorType type = typeOf(keys);
  int64_t k = type.getDimSize(0), d = type.getDimSize(1);
  Value column = reshape(keys, {k, 1, d});
  Value row = reshape(keys, {1, k, d});
  Value equal = EqualOp::create(builder, loc, column, row);
  if (d == 1)
    return reshape(equal, {k, k});
  // All d components equal: the count of equal components is d.
  auto counts = RankedTensorType::get({k, k, d}, builder.getI32Type());
  Value matching = ReduceSumOp::create(
      builder, loc, CastOp::create(builder, loc, counts, equal), {2});
  return EqualOp::create(builder, loc, matching,
                         scalar(matching, static_cast<double>(d)));
}

Value OpEmitter::uniqueAmongRows(Value equal, bool first) const {
  int64_t k = typeOf(equal).getDimSize(0);
  Type i32 = builder.getI32Type();
  Value row = positions(k, 2, 0, i32), other = positions(k, 2, 1, i32);
  Value wrongSide = first ? Value(LessOp::create(builder, loc, other, row))
                          : Value(GreaterOp::create(builder, loc, other, row));
  Value repeats =
      CastOp::create(builder, loc, RankedTensorType::get({k, k}, i32),
                     logicalAnd(equal, wrongSide));
  Value anyRepeat = ReduceMaxOp::create(builder, loc, repeats, {1});
  return EqualOp::create(builder, loc, anyRepeat, scalar(anyRepeat, 0.0));
}

} // namespace kiln::frontend
