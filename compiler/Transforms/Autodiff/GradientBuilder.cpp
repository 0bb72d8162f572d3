//===- GradientBuilder.cpp - kiln ops for backward computations -----------===//

#include "compiler/Transforms/Autodiff/GradientBuilder.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace kiln::autodiff {

namespace {

/// The NumPy broadcast of two shapes, with `element` as element type.
RankedTensorType broadcastShapes(RankedTensorType tx, RankedTensorType ty,
                                 Type element) {
  int64_t rank = std::max(tx.getRank(), ty.getRank());
  SmallVector<int64_t> shape(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dx = d - (rank - tx.getRank()), dy = d - (rank - ty.getRank());
    int64_t sx = dx >= 0 ? tx.getDimSize(dx) : 1;
    int64_t sy = dy >= 0 ? ty.getDimSize(dy) : 1;
    shape[d] = sx == 1 ? sy : sx;
  }
  return RankedTensorType::get(shape, element);
}

} // namespace

RankedTensorType GradientBuilder::broadcastType(Value x, Value y, Type element) {
  return broadcastShapes(tensorTypeOf(x), tensorTypeOf(y),
                         element ? element : tensorTypeOf(x).getElementType());
}

Value GradientBuilder::splat(RankedTensorType type, double value) {
  Attribute element = FloatAttr::get(type.getElementType(), value);
  auto attr = DenseElementsAttr::get(type, llvm::ArrayRef<Attribute>(element));
  return ConstantOp::create(b, loc, type, llvm::cast<ElementsAttr>(attr));
}

Value GradientBuilder::scalar(Type element, double value) {
  return splat(RankedTensorType::get({}, element), value);
}

Value GradientBuilder::add(Value x, Value y) {
  return AddOp::create(b, loc, broadcastType(x, y), x, y);
}
Value GradientBuilder::sub(Value x, Value y) {
  return SubOp::create(b, loc, broadcastType(x, y), x, y);
}
Value GradientBuilder::mul(Value x, Value y) {
  return MulOp::create(b, loc, broadcastType(x, y), x, y);
}
Value GradientBuilder::div(Value x, Value y) {
  return DivOp::create(b, loc, broadcastType(x, y), x, y);
}
Value GradientBuilder::pow(Value x, Value y) {
  return PowOp::create(b, loc, broadcastType(x, y), x, y);
}
Value GradientBuilder::neg(Value x) { return NegOp::create(b, loc, x.getType(), x); }
Value GradientBuilder::exp(Value x) { return ExpOp::create(b, loc, x.getType(), x); }
Value GradientBuilder::log(Value x) { return LogOp::create(b, loc, x.getType(), x); }

Value GradientBuilder::greater(Value x, Value y) {
  return GreaterOp::create(b, loc, broadcastType(x, y, b.getI1Type()), x, y);
}
Value GradientBuilder::less(Value x, Value y) {
  return LessOp::create(b, loc, broadcastType(x, y, b.getI1Type()), x, y);
}
Value GradientBuilder::equal(Value x, Value y) {
  return EqualOp::create(b, loc, broadcastType(x, y, b.getI1Type()), x, y);
}
Value GradientBuilder::select(Value condition, Value onTrue, Value onFalse) {
  Type element = tensorTypeOf(onTrue).getElementType();
  RankedTensorType type = broadcastShapes(
      broadcastShapes(tensorTypeOf(condition), tensorTypeOf(onTrue), element),
      tensorTypeOf(onFalse), element);
  return SelectOp::create(b, loc, type, condition, onTrue, onFalse);
}

Value GradientBuilder::indicator(Value condition, Type element) {
  return cast(condition, element);
}

Value GradientBuilder::matmul(Value a, Value bv, bool transposeA,
                              bool transposeB) {
  auto ta = tensorTypeOf(a), tb = tensorTypeOf(bv);
  int64_t m = ta.getDimSize(transposeA ? 1 : 0);
  int64_t n = tb.getDimSize(transposeB ? 0 : 1);
  auto type = RankedTensorType::get({m, n}, ta.getElementType());
  return MatMulOp::create(b, loc, type, a, bv, b.getBoolAttr(transposeA),
                          b.getBoolAttr(transposeB));
}

Value GradientBuilder::reduceSum(Value x, ArrayRef<int64_t> axes, bool keepDims) {
  auto type = tensorTypeOf(x);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    bool reduced = llvm::is_contained(axes, d);
    if (!reduced)
      shape.push_back(type.getDimSize(d));
    else if (keepDims)
      shape.push_back(1);
  }
  auto result = RankedTensorType::get(shape, type.getElementType());
  return ReduceSumOp::create(b, loc, result, x, axes, keepDims);
}

Value GradientBuilder::reshape(Value x, RankedTensorType type) {
  if (x.getType() == type)
    return x;
  return ReshapeOp::create(b, loc, type, x);
}

Value GradientBuilder::transpose(Value x, ArrayRef<int64_t> perm) {
  auto type = tensorTypeOf(x);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return TransposeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), x,
      b.getDenseI64ArrayAttr(perm));
}

Value GradientBuilder::cast(Value x, Type element) {
  auto type = tensorTypeOf(x);
  if (type.getElementType() == element)
    return x;
  return CastOp::create(b, loc, type.clone(element), x);
}

Value GradientBuilder::slice(Value x, ArrayRef<int64_t> begin,
                             RankedTensorType type) {
  return SliceOp::create(b, loc, type, x, b.getDenseI64ArrayAttr(begin));
}

Value GradientBuilder::padAxis(Value x, int64_t axis, int64_t before,
                               int64_t after) {
  auto type = tensorTypeOf(x);
  SmallVector<Value> parts;
  auto zeros = [&](int64_t size) {
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = size;
    return splat(type.clone(shape), 0.0);
  };
  if (before > 0)
    parts.push_back(zeros(before));
  parts.push_back(x);
  if (after > 0)
    parts.push_back(zeros(after));
  if (parts.size() == 1)
    return x;
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] += before + after;
  return ConcatOp::create(b, loc, type.clone(shape), parts, axis);
}

Value GradientBuilder::sumToShape(Value gradient, RankedTensorType target) {
  auto type = tensorTypeOf(gradient);
  if (type.getShape() == target.getShape())
    return gradient;
  int64_t leading = type.getRank() - target.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (d < leading ||
        (target.getDimSize(d - leading) == 1 && type.getDimSize(d) != 1))
      axes.push_back(d);
  Value summed = axes.empty() ? gradient : reduceSum(gradient, axes, false);
  return reshape(summed, target);
}

Value GradientBuilder::broadcastTo(Value x, RankedTensorType target) {
  if (x.getType() == target)
    return x;
  return add(x, splat(target, 0.0));
}

Value GradientBuilder::keepDims(Value reduced, RankedTensorType input,
                                ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < input.getRank(); ++d)
    shape.push_back(llvm::is_contained(axes, d) ? 1 : input.getDimSize(d));
  return reshape(reduced, RankedTensorType::get(shape, input.getElementType()));
}

} // namespace kiln::autodiff
