//===- OpEmitter.cpp - constants and element moves for the importers ------===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;

namespace kiln::frontend {

FailureOr<int64_t> OpEmitter::axis(int64_t value, int64_t rank,
                                   StringRef what) const {
  if (std::optional<int64_t> normalized = normalizeAxis(value, rank))
    return *normalized;
  return fail(what + " " + Twine(value) + " is out of range for rank " +
              Twine(rank));
}

FailureOr<int64_t> OpEmitter::onlyValue(FailureOr<SmallVector<int64_t>> values,
                                        unsigned i, StringRef what) const {
  if (failed(values))
    return failure();
  if (values->size() != 1)
    return fail(what + " (input " + Twine(i) + ") must hold one value, got " +
                Twine(values->size()));
  return values->front();
}

Value OpEmitter::splat(RankedTensorType type, double value) const {
  Type element = type.getElementType();
  Attribute fill =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, value))
          : Attribute(IntegerAttr::get(element, static_cast<int64_t>(value)));
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, fill));
}

Value OpEmitter::constant(RankedTensorType type,
                          ArrayRef<double> values) const {
  Type element = type.getElementType();
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(
        isa<FloatType>(element)
            ? Attribute(FloatAttr::get(element, v))
            : Attribute(IntegerAttr::get(element, static_cast<int64_t>(v))));
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, attrs));
}

Value OpEmitter::scalar(Value like, double value) const {
  return splat(RankedTensorType::get({}, typeOf(like).getElementType()), value);
}

Value OpEmitter::int64Vector(ArrayRef<int64_t> values) const {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, values));
}

Value OpEmitter::positions(int64_t n, int64_t rank, int64_t at,
                           Type element) const {
  SmallVector<int64_t> shape(rank, 1);
  shape[at] = n;
  SmallVector<double> values;
  for (int64_t i = 0; i < n; ++i)
    values.push_back(i);
  return constant(RankedTensorType::get(shape, element), values);
}

Value OpEmitter::reshape(Value value, ArrayRef<int64_t> shape) const {
  RankedTensorType type = typeOf(value);
  if (type.getShape() == shape)
    return value;
  return ReshapeOp::create(builder, loc, type.clone(shape), value);
}

Value OpEmitter::slice(Value value, int64_t axis, int64_t begin,
                       int64_t size) const {
  RankedTensorType type = typeOf(value);
  if (begin == 0 && size == type.getDimSize(axis))
    return value;
  SmallVector<int64_t> starts(type.getRank(), 0), shape(type.getShape());
  starts[axis] = begin;
  shape[axis] = size;
  return SliceOp::create(builder, loc, type.clone(shape), value,
                         builder.getDenseI64ArrayAttr(starts));
}

Value OpEmitter::transpose(Value value, ArrayRef<int64_t> perm) const {
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= static_cast<int64_t>(i) == p;
  if (identity)
    return value;
  return TransposeOp::create(builder, loc, value, perm);
}

Value OpEmitter::reverse(Value value, ArrayRef<int64_t> axes) const {
  if (axes.empty())
    return value;
  return ReverseOp::create(builder, loc, value.getType(), value,
                           builder.getDenseI64ArrayAttr(axes));
}

Value OpEmitter::broadcastAxis(Value value, int64_t axis, int64_t size) const {
  SmallVector<int64_t> shape(typeOf(value).getShape());
  shape[axis] = size;
  return broadcastTo(value, shape);
}

Value OpEmitter::broadcastTo(Value value, ArrayRef<int64_t> shape) const {
  if (typeOf(value).getShape() == shape)
    return value;
  // select(true, x, x) broadcasts x to the shape of its condition.
  Value all = splat(RankedTensorType::get(shape, builder.getI1Type()), 1.0);
  return SelectOp::create(builder, loc, all, value, value);
}

FailureOr<Value> OpEmitter::strided(Value value, int64_t axis, int64_t start,
                                    int64_t count, int64_t step) const {
  RankedTensorType type = typeOf(value);
  int64_t dim = type.getDimSize(axis);
  if (step == 0)
    return fail("a stride of 0");
  // The whole axis, forwards (also a dynamic one: count == dim then).
  if (start == 0 && step == 1 && count == dim)
    return value;
  if (count <= 0)
    return slice(value, axis, 0, 0);
  int64_t last = start + (count - 1) * step;
  if (ShapedType::isDynamic(dim))
    return fail("slicing needs a static size in dimension " + Twine(axis));
  if (!ShapedType::isDynamic(dim) &&
      (std::min(start, last) < 0 || std::max(start, last) >= dim))
    return fail("indices " + Twine(start) + " to " + Twine(last) +
                " leave dimension " + Twine(axis) + " of size " + Twine(dim));
  if (step < 0) {
    // The same elements in ascending order, then reversed.
    FailureOr<Value> ascending = strided(value, axis, last, count, -step);
    if (failed(ascending))
      return failure();
    return reverse(*ascending, {axis});
  }
  if (step == 1)
    return start == 0 && count == dim ? value
                                      : slice(value, axis, start, count);
  // Take count * step elements (padding past the end when they run out),
  // split the axis into [count, step] and keep the first of each step.
  int64_t span = count * step;
  Value slab;
  if (start + span <= dim) {
    slab = slice(value, axis, start, span);
  } else {
    FailureOr<Value> padded =
        padAxis(slice(value, axis, start, dim - start), axis, 0,
                span - (dim - start), PadMode::Edge, Value());
    if (failed(padded))
      return failure();
    slab = *padded;
  }
  SmallVector<int64_t> split(type.getShape());
  split[axis] = step;
  split.insert(split.begin() + axis, count);
  if (llvm::count_if(split, ShapedType::isDynamic) > 1)
    return fail("strided slicing takes at most one dynamic dimension");
  Value grouped = reshape(slab, split);
  SmallVector<int64_t> kept(type.getShape());
  kept[axis] = count;
  return reshape(slice(grouped, axis + 1, 0, 1), kept);
}

FailureOr<Value> OpEmitter::unstrided(Value value, int64_t axis, int64_t start,
                                      int64_t count, int64_t step,
                                      int64_t dim) const {
  RankedTensorType type = typeOf(value);
  Value zero = scalar(value, 0.0);
  if (count <= 0) {
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = dim;
    if (llvm::any_of(shape, ShapedType::isDynamic))
      return fail("an empty slice's gradient needs a static shape");
    return splat(type.clone(shape), 0.0);
  }
  if (step < 0) {
    // The same elements in ascending order, from the lowest index.
    int64_t last = start + (count - 1) * step;
    return unstrided(reverse(value, {axis}), axis, last, count, -step, dim);
  }
  Value spread = value;
  int64_t span = count;
  if (step > 1) {
    // [count] -> [count, 1] -> [count, step] (zeros after each element)
    // -> [count * step], cut to the last element.
    SmallVector<int64_t> split(type.getShape());
    split.insert(split.begin() + axis + 1, 1);
    FailureOr<Value> padded = padAxis(reshape(value, split), axis + 1, 0,
                                      step - 1, PadMode::Constant, zero);
    if (failed(padded))
      return failure();
    SmallVector<int64_t> flat(type.getShape());
    flat[axis] = count * step;
    span = (count - 1) * step + 1;
    spread = slice(reshape(*padded, flat), axis, 0, span);
  }
  return padAxis(spread, axis, start, dim - start - span, PadMode::Constant,
                 zero);
}

/// NumPy matmul: 1-D operands gain and then lose a unit dimension; a
/// batched A against a 2-D B is one 2-D product over the folded batch;
/// batched B broadcasts A[..., m, k, 1] * B[..., 1, k, n] and sums k.
Value OpEmitter::numpyMatMul(Value a, Value b) const {
  RankedTensorType aType = typeOf(a), bType = typeOf(b);
  bool vectorA = aType.getRank() == 1, vectorB = bType.getRank() == 1;
  if (vectorA)
    a = reshape(a, {1, aType.getDimSize(0)});
  if (vectorB)
    b = reshape(b, {bType.getDimSize(0), 1});
  aType = typeOf(a);
  bType = typeOf(b);
  Value product2d;
  SmallVector<int64_t> resultShape;
  if (bType.getRank() == 2 && llvm::count_if(aType.getShape().drop_back(),
                                             ShapedType::isDynamic) <= 1) {
    int64_t rows = productOf(aType.getShape().drop_back());
    Value flat = reshape(a, {rows, aType.getShape().back()});
    product2d = MatMulOp::create(builder, loc, flat, b);
    resultShape.assign(aType.getShape().drop_back().begin(),
                       aType.getShape().drop_back().end());
    resultShape.push_back(bType.getDimSize(1));
    product2d = reshape(product2d, resultShape);
  } else {
    SmallVector<int64_t> aShape(aType.getShape()), bShape(bType.getShape());
    aShape.push_back(1);
    bShape.insert(bShape.end() - 2, 1);
    Value products =
        MulOp::create(builder, loc, reshape(a, aShape), reshape(b, bShape));
    int64_t rank = typeOf(products).getRank();
    product2d = ReduceSumOp::create(builder, loc, products,
                                    ArrayRef<int64_t>{rank - 2});
    resultShape.assign(typeOf(product2d).getShape().begin(),
                       typeOf(product2d).getShape().end());
  }
  if (vectorA)
    resultShape.erase(resultShape.end() - 2);
  if (vectorB)
    resultShape.pop_back();
  return reshape(product2d, resultShape);
}

FailureOr<Value> OpEmitter::padAxis(Value value, int64_t axis, int64_t before,
                                    int64_t after, PadMode mode,
                                    Value fill) const {
  RankedTensorType type = typeOf(value);
  int64_t dim = type.getDimSize(axis);
  if ((before > 0 || after > 0) && ShapedType::isDynamic(dim))
    return fail("padding needs a static size in dimension " + Twine(axis));
  auto slab = [&](int64_t width, bool atStart) -> FailureOr<Value> {
    switch (mode) {
    case PadMode::Constant: {
      if (!type.hasStaticShape())
        return fail("constant padding needs a static shape");
      SmallVector<int64_t> shape(type.getShape());
      shape[axis] = width;
      auto all = RankedTensorType::get(shape, builder.getI1Type());
      return Value(SelectOp::create(builder, loc, splat(all, 1.0), fill,
                                    splat(type.clone(shape), 0.0)));
    }
    case PadMode::Edge:
      return broadcastAxis(slice(value, axis, atStart ? 0 : dim - 1, 1), axis,
                           width);
    case PadMode::Reflect:
      if (width >= dim)
        return fail("reflect padding of " + Twine(width) +
                    " needs a dimension larger than that, got " + Twine(dim));
      return reverse(slice(value, axis, atStart ? 1 : dim - 1 - width, width),
                     {axis});
    case PadMode::Symmetric:
      if (width > dim)
        return fail("symmetric padding of " + Twine(width) +
                    " exceeds the dimension " + Twine(dim));
      return reverse(slice(value, axis, atStart ? 0 : dim - width, width),
                     {axis});
    case PadMode::Wrap:
      if (width > dim)
        return fail("wrap padding of " + Twine(width) +
                    " exceeds the dimension " + Twine(dim));
      return slice(value, axis, atStart ? dim - width : 0, width);
    }
    llvm_unreachable("unknown pad mode");
  };
  SmallVector<Value> parts;
  if (before > 0) {
    FailureOr<Value> part = slab(before, true);
    if (failed(part))
      return failure();
    parts.push_back(*part);
  }
  parts.push_back(value);
  if (after > 0) {
    FailureOr<Value> part = slab(after, false);
    if (failed(part))
      return failure();
    parts.push_back(*part);
  }
  if (parts.size() == 1)
    return value;
  return Value(ConcatOp::create(builder, loc, ValueRange(parts), axis));
}

FailureOr<Value> OpEmitter::axisRows(Value value, int64_t axis) const {
  RankedTensorType type = typeOf(value);
  Value inner = transpose(value, axisInnermost(type.getRank(), axis));
  ArrayRef<int64_t> innerShape = typeOf(inner).getShape();
  if (llvm::count_if(innerShape.drop_back(), ShapedType::isDynamic) > 1)
    return fail("at most one dimension may be dynamic");
  return reshape(inner,
                 {productOf(innerShape.drop_back()), type.getDimSize(axis)});
}

Value OpEmitter::fromAxisRows(Value rows, Value like, int64_t axis) const {
  RankedTensorType type = typeOf(like);
  SmallVector<int64_t> perm = axisInnermost(type.getRank(), axis);
  SmallVector<int64_t> shape;
  for (int64_t d : ArrayRef<int64_t>(perm).drop_back())
    shape.push_back(type.getDimSize(d));
  shape.push_back(typeOf(rows).getDimSize(1));
  return transpose(reshape(rows, shape), inversePermutation(perm));
}

FailureOr<Value> OpEmitter::resampleAxis(Value value, int64_t axis,
                                         ArrayRef<double> weights,
                                         int64_t out) const {
  RankedTensorType type = typeOf(value);
  int64_t in = type.getDimSize(axis);
  Value matrix = constant(
      RankedTensorType::get({in, out}, type.getElementType()), weights);
  FailureOr<Value> rows = axisRows(value, axis);
  if (failed(rows))
    return failure();
  return fromAxisRows(MatMulOp::create(builder, loc, *rows, matrix), value,
                      axis);
}

} // namespace kiln::frontend
