//===- Scans.cpp - running sums and products along an axis ---------------===//
//
// Both scans combine every input position of the axis with every output
// position, so they cost O(n^2) per row: fine for the short axes models
// scan (sequence steps, class scores), and each stays one loop nest that
// kiln's autodiff already differentiates. A float sum is a product with a
// triangular 0/1 matrix; other scans reduce each row of an n x n tensor
// in which the positions outside the running window hold the reduction's
// identity, so zeros in a product keep their exact gradient
// (kiln.reduce_prod's) and integer sums stay exact.
//
//===----------------------------------------------------------------------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::frontend {

FailureOr<Value> OpEmitter::cumulative(Value value, int64_t axis, bool product,
                                       bool exclusive, bool reverse) const {
  RankedTensorType type = typeOf(value);
  int64_t n = type.getDimSize(axis);
  if (ShapedType::isDynamic(n))
    return fail("the scanned dimension must be static");
  // Does input i take part in output o?
  auto inWindow = [&](int64_t i, int64_t o) {
    return (reverse ? i >= o : i <= o) && !(exclusive && i == o);
  };
  // A float sum is one matrix product (kiln's GEMM).
  if (!product && isa<FloatType>(type.getElementType())) {
    SmallVector<double> weights(n * n);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t o = 0; o < n; ++o)
        weights[i * n + o] = inWindow(i, o);
    return resampleAxis(value, axis, weights, n);
  }
  FailureOr<Value> rows = axisRows(value, axis);
  if (failed(rows))
    return failure();
  int64_t rowCount = typeOf(*rows).getDimSize(0);
  // terms[r, o, i] = rows[r, i] inside output o's window, the identity
  // of the reduction outside.
  SmallVector<bool> byOutput(n * n);
  for (int64_t o = 0; o < n; ++o)
    for (int64_t i = 0; i < n; ++i)
      byOutput[o * n + i] = inWindow(i, o);
  Value mask = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(
          RankedTensorType::get({1, n, n}, builder.getI1Type()),
          ArrayRef<bool>(byOutput)));
  Value terms =
      SelectOp::create(builder, loc, mask, reshape(*rows, {rowCount, 1, n}),
                       scalar(value, product ? 1.0 : 0.0));
  Value scanned = product
                      ? Value(ReduceProdOp::create(builder, loc, terms, {2}))
                      : Value(ReduceSumOp::create(builder, loc, terms, {2}));
  return fromAxisRows(scanned, value, axis);
}

} // namespace kiln::frontend
