//===- ShapeOpConverters.cpp - TF ops that move elements ------------------===//
//
// Slice, StridedSlice, Pad/PadV2/MirrorPad, Pack/Unpack, Split/SplitV,
// ReverseV2, BroadcastTo, DepthToSpace/SpaceToDepth, OneHot, Range, Size,
// Rank and the plumbing ops that pass values through (IdentityN) or only
// order others (Assert: dropped; its condition is not checked). Indices, sizes
// and paddings must be known at compile time; the element moves are kiln's
// slices, reverses, concats and reshapes, so each of these ops has a gradient
// through kiln's autodiff.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using kiln::frontend::productOf;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

/// Slice(input, begin, size): size -1 takes the rest of the dimension.
FailureOr<NodeOutputs> convertSlice(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  auto begin = ctx.constantInts(1, "begin"), size = ctx.constantInts(2, "size");
  if (failed(type) || failed(begin) || failed(size))
    return failure();
  int64_t rank = type->getRank();
  if (static_cast<int64_t>(begin->size()) != rank ||
      static_cast<int64_t>(size->size()) != rank)
    return ctx.fail("begin and size need " + Twine(rank) +
                    " values each, got " + Twine(begin->size()) + " and " +
                    Twine(size->size()));
  Value x = ctx.input(0);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = type->getDimSize(d), start = (*begin)[d], count = (*size)[d];
    if (count == -1) {
      if (start == 0)
        continue;
      if (ShapedType::isDynamic(dim))
        return ctx.fail("size -1 from begin " + Twine(start) +
                        " needs a static size in dimension " + Twine(d));
      count = dim - start;
    }
    FailureOr<Value> sliced = ctx.strided(x, d, start, count, 1);
    if (failed(sliced))
      return failure();
    x = *sliced;
  }
  return single(x);
}

/// One dimension of a StridedSlice after its masks are applied.
struct StridedDim {
  int64_t start = 0, count = 0, step = 1;
};

/// What a StridedSlice selects: one (start, count, step) per input
/// dimension, and the output shape as input dimensions (>= 0) or new axes
/// (-1), shrunk dimensions left out.
struct StridedSpec {
  SmallVector<StridedDim> dims;
  SmallVector<int64_t> outputDims;
};

/// TensorFlow's five masks applied to begin/end/strides (inputs
/// `first`..`first + 2`) over `shape`: the sparse spec (one entry per begin
/// value, an ellipsis standing for the dimensions no entry names, new axes
/// taking none) expanded to one entry per dimension, indices clamped as
/// TensorFlow clamps them.
FailureOr<StridedSpec> stridedSpec(NodeContext &ctx, ArrayRef<int64_t> shape,
                                   unsigned first) {
  auto begin = ctx.constantInts(first, "begin"),
       end = ctx.constantInts(first + 1, "end"),
       strides = ctx.constantInts(first + 2, "strides");
  if (failed(begin) || failed(end) || failed(strides))
    return failure();
  int64_t sparse = begin->size();
  if (static_cast<int64_t>(end->size()) != sparse ||
      static_cast<int64_t>(strides->size()) != sparse)
    return ctx.fail("begin, end and strides differ in length (" +
                    Twine(sparse) + ", " + Twine(end->size()) + ", " +
                    Twine(strides->size()) + ")");
  auto bit = [&](StringRef mask, int64_t i) {
    return (ctx.intAttr(mask, 0) >> i) & 1;
  };
  int64_t ellipses = 0, newAxesAfterEllipsis = 0;
  for (int64_t i = 0; i < sparse; ++i) {
    if (bit("ellipsis_mask", i))
      ++ellipses;
    else if (ellipses && bit("new_axis_mask", i))
      ++newAxesAfterEllipsis;
  }
  if (ellipses > 1)
    return ctx.fail("ellipsis_mask " + Twine(ctx.intAttr("ellipsis_mask", 0)) +
                    " has more than one ellipsis");
  int64_t rank = shape.size();
  StridedSpec spec;
  spec.dims.resize(rank);
  int64_t full = 0;
  auto whole = [&](int64_t d) {
    spec.dims[d] = {0, shape[d], 1};
    spec.outputDims.push_back(d);
  };
  for (int64_t i = 0; i < sparse; ++i) {
    if (bit("ellipsis_mask", i)) {
      int64_t next =
          std::min(rank - (sparse - i) + 1 + newAxesAfterEllipsis, rank);
      for (; full < next; ++full)
        whole(full);
      continue;
    }
    if (bit("new_axis_mask", i)) {
      spec.outputDims.push_back(-1);
      continue;
    }
    if (full >= rank)
      return ctx.fail("the slice names " + Twine(full + 1) +
                      " dimensions of a rank-" + Twine(rank) + " input");
    int64_t dim = shape[full], step = (*strides)[i];
    if (step == 0)
      return ctx.fail("strides[" + Twine(i) + "] is 0");
    StridedDim &out = spec.dims[full];
    out.step = step;
    if (bit("shrink_axis_mask", i)) {
      int64_t index = (*begin)[i];
      if (ShapedType::isDynamic(dim))
        return ctx.fail("shrinking dimension " + Twine(full) +
                        " needs its size at compile time");
      if (index < -dim || index >= dim)
        return ctx.fail("index " + Twine(index) + " of dimension " +
                        Twine(full) + " is out of bounds for size " +
                        Twine(dim));
      out = {index < 0 ? index + dim : index, 1, 1};
      ++full;
      continue;
    }
    bool beginAll = bit("begin_mask", i), endAll = bit("end_mask", i);
    if (ShapedType::isDynamic(dim)) {
      // A dynamic dimension can only be taken whole, forwards.
      bool wholeForward = step == 1 && (beginAll || (*begin)[i] == 0) &&
                          (endAll || (*end)[i] >= (int64_t(1) << 31) - 1);
      if (!wholeForward)
        return ctx.fail("slicing dimension " + Twine(full) +
                        " needs its size at compile time");
      whole(full++);
      continue;
    }
    // TensorFlow's clamping: forwards into [0, dim], backwards into
    // [-1, dim - 1].
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += dim;
      return step > 0 ? std::clamp<int64_t>(v, 0, dim)
                      : std::clamp<int64_t>(v, -1, dim - 1);
    };
    int64_t start =
        beginAll ? (step > 0 ? 0 : dim - 1) : clampIndex((*begin)[i]);
    int64_t stop = endAll ? (step > 0 ? dim : -1) : clampIndex((*end)[i]);
    int64_t span = step > 0 ? stop - start : start - stop;
    int64_t magnitude = step > 0 ? step : -step;
    out.start = start;
    out.count = span <= 0 ? 0 : (span + magnitude - 1) / magnitude;
    spec.outputDims.push_back(full++);
  }
  for (; full < rank; ++full)
    whole(full);
  return spec;
}

/// StridedSlice(input, begin, end, strides): each dimension selected by
/// OpEmitter::strided, then shrunk dimensions dropped and new axes
/// reshaped in.
FailureOr<NodeOutputs> convertStridedSlice(NodeContext &ctx) {
  if (failed(ctx.expectInputs(4)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  if (failed(type))
    return failure();
  FailureOr<StridedSpec> spec = stridedSpec(ctx, type->getShape(), 1);
  if (failed(spec))
    return failure();
  Value x = ctx.input(0);
  for (auto [d, dim] : llvm::enumerate(spec->dims)) {
    FailureOr<Value> sliced = ctx.strided(x, d, dim.start, dim.count, dim.step);
    if (failed(sliced))
      return failure();
    x = *sliced;
  }
  SmallVector<int64_t> shape;
  for (int64_t d : spec->outputDims)
    shape.push_back(d < 0 ? 1 : typeOf(x).getDimSize(d));
  return single(ctx.reshape(x, shape));
}

/// StridedSliceGrad(shape, begin, end, strides, dy): dy placed back where
/// the slice took it from, zeros elsewhere.
FailureOr<NodeOutputs> convertStridedSliceGrad(NodeContext &ctx) {
  if (failed(ctx.expectInputs(5)))
    return failure();
  auto shape = ctx.constantInts(0, "shape");
  if (failed(shape))
    return failure();
  FailureOr<StridedSpec> spec = stridedSpec(ctx, *shape, 1);
  if (failed(spec))
    return failure();
  // dy in the sliced box's shape (shrunk dimensions back as size 1).
  SmallVector<int64_t> box;
  for (const StridedDim &dim : spec->dims)
    box.push_back(dim.count);
  Value grad = ctx.input(4);
  if (typeOf(grad).getNumElements() != productOf(box))
    return ctx.fail("dy has " + Twine(typeOf(grad).getNumElements()) +
                    " elements but the slice selects " + Twine(productOf(box)));
  grad = ctx.reshape(grad, box);
  for (auto [d, dim] : llvm::enumerate(spec->dims)) {
    FailureOr<Value> placed =
        ctx.unstrided(grad, d, dim.start, dim.count, dim.step, (*shape)[d]);
    if (failed(placed))
      return failure();
    grad = *placed;
  }
  return single(grad);
}

/// Pad, PadV2 (with a constant value) and MirrorPad (REFLECT or
/// SYMMETRIC): paddings is a [rank, 2] constant of (before, after) pairs.
FailureOr<NodeOutputs> convertPad(NodeContext &ctx) {
  StringRef op = ctx.node.op();
  bool withValue = op == "PadV2", mirror = op == "MirrorPad";
  if (failed(ctx.expectInputs(withValue ? 3 : 2)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  auto paddings = ctx.constantInts(1, "paddings");
  if (failed(type) || failed(paddings))
    return failure();
  int64_t rank = type->getRank();
  if (static_cast<int64_t>(paddings->size()) != 2 * rank)
    return ctx.fail("paddings needs " + Twine(rank) +
                    " (before, after) pairs, got " + Twine(paddings->size()) +
                    " values");
  frontend::PadMode mode = frontend::PadMode::Constant;
  if (mirror) {
    std::string name = ctx.stringAttr("mode", "");
    if (name == "REFLECT")
      mode = frontend::PadMode::Reflect;
    else if (name == "SYMMETRIC")
      mode = frontend::PadMode::Symmetric;
    else
      return ctx.fail("mode '" + name + "' is not REFLECT or SYMMETRIC");
  }
  Value x = ctx.input(0);
  Value fill = withValue ? ctx.reshape(ctx.input(2), {}) : ctx.scalar(x, 0.0);
  if (withValue && typeOf(fill).getNumElements() != 1)
    return ctx.fail("constant_values (input 2) must be a scalar");
  for (int64_t d = 0; d < rank; ++d) {
    int64_t before = (*paddings)[2 * d], after = (*paddings)[2 * d + 1];
    if (before < 0 || after < 0)
      return ctx.fail("paddings of dimension " + Twine(d) + " are negative (" +
                      Twine(before) + ", " + Twine(after) + ")");
    FailureOr<Value> padded = ctx.padAxis(x, d, before, after, mode, fill);
    if (failed(padded))
      return failure();
    x = *padded;
  }
  return single(x);
}

/// MirrorPadGrad(dy, paddings; mode): the middle of dy, plus each padded
/// border reversed onto the elements it mirrored.
FailureOr<NodeOutputs> convertMirrorPadGrad(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value grad = ctx.input(0);
  int64_t rank = typeOf(grad).getRank();
  auto paddings = ctx.constantInts(1, "paddings");
  if (failed(paddings))
    return failure();
  if (static_cast<int64_t>(paddings->size()) != 2 * rank)
    return ctx.fail("paddings needs " + Twine(rank) + " (before, after) pairs");
  std::string mode = ctx.stringAttr("mode", "");
  if (mode != "REFLECT" && mode != "SYMMETRIC")
    return ctx.fail("mode '" + mode + "' is not REFLECT or SYMMETRIC");
  int64_t skip = mode == "REFLECT" ? 1 : 0;
  Value zero = ctx.scalar(grad, 0.0);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t before = (*paddings)[2 * d], after = (*paddings)[2 * d + 1];
    int64_t padded = typeOf(grad).getDimSize(d);
    int64_t dim = padded - before - after;
    if (ShapedType::isDynamic(padded) || dim < before + skip ||
        dim < after + skip || before < 0 || after < 0)
      return ctx.fail("paddings of dimension " + Twine(d) +
                      " do not fit its size");
    Value sum = ctx.slice(grad, d, before, dim);
    auto addMirrored = [&](int64_t start, int64_t width, int64_t at) {
      FailureOr<Value> placed =
          ctx.padAxis(ctx.reverse(ctx.slice(grad, d, start, width), {d}), d, at,
                      dim - at - width, frontend::PadMode::Constant, zero);
      if (failed(placed))
        return failure();
      sum = AddOp::create(ctx.builder, ctx.loc, sum, *placed);
      return success();
    };
    if (before > 0 && failed(addMirrored(0, before, skip)))
      return failure();
    if (after > 0 &&
        failed(addMirrored(before + dim, after, dim - skip - after)))
      return failure();
    grad = sum;
  }
  return single(grad);
}

/// Pack(values...; axis): each value reshaped with a size-1 axis, then
/// concatenated along it.
FailureOr<NodeOutputs> convertPack(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.fail("expected at least one value to pack");
  if (failed(ctx.expectCountAttr("N", ctx.inputs.size())))
    return failure();
  FailureOr<RankedTensorType> first = ctx.inputType(0);
  if (failed(first))
    return failure();
  FailureOr<int64_t> axis =
      ctx.axis(ctx.intAttr("axis", 0), first->getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<Value> parts;
  for (unsigned i = 0; i < ctx.inputs.size(); ++i) {
    FailureOr<RankedTensorType> type = ctx.inputType(i);
    if (failed(type))
      return failure();
    if (type->getShape() != first->getShape() ||
        type->getElementType() != first->getElementType())
      return ctx.fail("input " + Twine(i) + " has type " +
                      llvm::formatv("{0}", *type).str() + " but input 0 has " +
                      llvm::formatv("{0}", *first).str());
    SmallVector<int64_t> shape(type->getShape());
    shape.insert(shape.begin() + *axis, 1);
    parts.push_back(ctx.reshape(ctx.input(i), shape));
  }
  if (parts.size() == 1)
    return single(parts[0]);
  return single(
      ConcatOp::create(ctx.builder, ctx.loc, ValueRange(parts), *axis));
}

/// Unpack(value; num, axis): `num` slices along axis, the axis dropped.
FailureOr<NodeOutputs> convertUnpack(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  if (failed(type))
    return failure();
  FailureOr<int64_t> axis = ctx.axis(ctx.intAttr("axis", 0), type->getRank());
  if (failed(axis))
    return failure();
  int64_t size = type->getDimSize(*axis);
  int64_t num = ctx.intAttr("num", size);
  if (num != size)
    return ctx.fail("attribute num is " + Twine(num) + " but dimension " +
                    Twine(*axis) + " has size " +
                    (ShapedType::isDynamic(size) ? Twine("?") : Twine(size)));
  SmallVector<int64_t> shape(type->getShape());
  shape.erase(shape.begin() + *axis);
  SmallVector<Value> parts;
  for (int64_t i = 0; i < num; ++i)
    parts.push_back(ctx.reshape(ctx.slice(ctx.input(0), *axis, i, 1), shape));
  return several(parts);
}

/// `x` cut along `axis` into pieces of `sizes`.
FailureOr<NodeOutputs> splitInto(NodeContext &ctx, Value x, int64_t axis,
                                 ArrayRef<int64_t> sizes) {
  SmallVector<Value> parts;
  int64_t offset = 0;
  for (int64_t size : sizes) {
    parts.push_back(ctx.slice(x, axis, offset, size));
    offset += size;
  }
  return several(parts);
}

/// Split(axis, value; num_split): equal pieces. Note the axis comes first.
FailureOr<NodeOutputs> convertSplit(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(1);
  if (failed(type))
    return failure();
  FailureOr<int64_t> axis = ctx.axisInput(0, type->getRank(), "split_dim");
  if (failed(axis))
    return failure();
  int64_t pieces = ctx.intAttr("num_split", 0);
  int64_t dim = type->getDimSize(*axis);
  if (pieces <= 0)
    return ctx.fail("attribute num_split must be positive, got " +
                    Twine(pieces));
  if (ShapedType::isDynamic(dim) || dim % pieces != 0)
    return ctx.fail("dimension " + Twine(*axis) + " of size " +
                    (ShapedType::isDynamic(dim) ? Twine("?") : Twine(dim)) +
                    " does not split into " + Twine(pieces) + " equal pieces");
  SmallVector<int64_t> sizes(pieces, dim / pieces);
  return splitInto(ctx, ctx.input(1), *axis, sizes);
}

/// SplitV(value, size_splits, axis): one size may be -1 (the rest).
FailureOr<NodeOutputs> convertSplitV(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  auto sizes = ctx.constantInts(1, "size_splits");
  if (failed(type) || failed(sizes))
    return failure();
  FailureOr<int64_t> axis = ctx.axisInput(2, type->getRank(), "split_dim");
  if (failed(axis))
    return failure();
  int64_t dim = type->getDimSize(*axis);
  if (ShapedType::isDynamic(dim))
    return ctx.fail("splitting dimension " + Twine(*axis) +
                    " needs its size at compile time");
  int64_t known = 0, unknown = -1;
  for (auto [i, size] : llvm::enumerate(*sizes)) {
    if (size == -1 && unknown < 0) {
      unknown = i;
      continue;
    }
    if (size < 0)
      return ctx.fail("size_splits[" + Twine(i) + "] is " + Twine(size));
    known += size;
  }
  if (unknown >= 0 && known <= dim)
    (*sizes)[unknown] = dim - known;
  else if (known != dim)
    return ctx.fail("size_splits add up to " + Twine(known) +
                    " but dimension " + Twine(*axis) + " has size " +
                    Twine(dim));
  return splitInto(ctx, ctx.input(0), *axis, *sizes);
}

FailureOr<NodeOutputs> convertReverse(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  auto axes = ctx.constantInts(1, "axis");
  if (failed(type) || failed(axes))
    return failure();
  SmallVector<int64_t> normalized;
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = ctx.axis(a, type->getRank());
    if (failed(axis))
      return failure();
    if (llvm::is_contained(normalized, *axis))
      return ctx.fail("axis " + Twine(*axis) + " is listed twice");
    normalized.push_back(*axis);
  }
  llvm::sort(normalized);
  return single(ctx.reverse(ctx.input(0), normalized));
}

FailureOr<NodeOutputs> convertBroadcastTo(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  auto shape = ctx.constantInts(1, "shape");
  if (failed(type) || failed(shape))
    return failure();
  ArrayRef<int64_t> from = type->getShape();
  if (from.size() > shape->size())
    return ctx.fail("cannot broadcast rank " + Twine(from.size()) +
                    " to rank " + Twine(shape->size()));
  for (size_t i = 0; i < from.size(); ++i) {
    int64_t have = from[from.size() - 1 - i];
    int64_t want = (*shape)[shape->size() - 1 - i];
    if (have != 1 && have != want)
      return ctx.fail("cannot broadcast dimension of size " +
                      (ShapedType::isDynamic(have) ? Twine("?") : Twine(have)) +
                      " to " + Twine(want));
  }
  return single(ctx.broadcastTo(ctx.input(0), *shape));
}

/// DepthToSpace and SpaceToDepth in NHWC: a reshape, a transpose and a
/// reshape.
template <bool toSpace>
FailureOr<NodeOutputs> convertDepthSpace(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)) || failed(ctx.expectNHWC()))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  if (failed(type))
    return failure();
  if (type->getRank() != 4 || !type->hasStaticShape())
    return ctx.fail("expected a static NHWC input");
  int64_t b = ctx.intAttr("block_size", 0);
  if (b < 2)
    return ctx.fail("block_size must be at least 2, got " + Twine(b));
  int64_t n = type->getDimSize(0), h = type->getDimSize(1),
          w = type->getDimSize(2), c = type->getDimSize(3);
  Value x = ctx.input(0);
  if (toSpace) {
    if (c % (b * b))
      return ctx.fail(
          Twine(c) +
          " channels are not divisible by block_size^2 = " + Twine(b * b));
    Value moved = ctx.transpose(ctx.reshape(x, {n, h, w, b, b, c / (b * b)}),
                                {0, 1, 3, 2, 4, 5});
    return single(ctx.reshape(moved, {n, h * b, w * b, c / (b * b)}));
  }
  if (h % b || w % b)
    return ctx.fail("height " + Twine(h) + " and width " + Twine(w) +
                    " must be divisible by block_size " + Twine(b));
  Value moved = ctx.transpose(ctx.reshape(x, {n, h / b, b, w / b, b, c}),
                              {0, 1, 3, 2, 4, 5});
  return single(ctx.reshape(moved, {n, h / b, w / b, b * b * c}));
}

/// OneHot(indices, depth, on_value, off_value; axis): indices compared
/// with 0..depth-1 along the new axis; an index outside [0, depth) gives
/// a row of off_value, as in TensorFlow.
FailureOr<NodeOutputs> convertOneHot(NodeContext &ctx) {
  if (failed(ctx.expectInputs(4)))
    return failure();
  FailureOr<RankedTensorType> indicesType = ctx.inputType(0);
  auto depthValues = ctx.constantInts(1, "depth");
  if (failed(indicesType) || failed(depthValues))
    return failure();
  if (depthValues->size() != 1 || (*depthValues)[0] < 0)
    return ctx.fail("depth (input 1) must be one non-negative value");
  int64_t depth = (*depthValues)[0];
  Type indexElement = indicesType->getElementType();
  if (!indexElement.isInteger(32) && !indexElement.isInteger(64) &&
      !indexElement.isUnsignedInteger(8))
    return ctx.fail("indices (input 0) must be int32, int64 or uint8");
  int64_t rank = indicesType->getRank();
  int64_t axisValue = ctx.intAttr("axis", -1);
  FailureOr<int64_t> axis = axisValue == -1 ? FailureOr<int64_t>(rank)
                                            : ctx.axis(axisValue, rank + 1);
  if (failed(axis))
    return failure();
  Value on = ctx.input(2), off = ctx.input(3);
  if (typeOf(on).getNumElements() != 1 || typeOf(off).getNumElements() != 1)
    return ctx.fail("on_value and off_value must be scalars");
  if (typeOf(on).getElementType() != typeOf(off).getElementType())
    return ctx.fail("on_value and off_value differ in type");
  SmallVector<int64_t> indexShape(indicesType->getShape());
  indexShape.insert(indexShape.begin() + *axis, 1);
  SmallVector<int64_t> iotaShape(rank + 1, 1);
  iotaShape[*axis] = depth;
  SmallVector<APInt> iota;
  for (int64_t i = 0; i < depth; ++i)
    iota.push_back(APInt(indexElement.getIntOrFloatBitWidth(), i));
  Value positions = ConstantOp::create(
      ctx.builder, ctx.loc,
      DenseElementsAttr::get(RankedTensorType::get(iotaShape, indexElement),
                             iota));
  Value hit = EqualOp::create(ctx.builder, ctx.loc,
                              ctx.reshape(ctx.input(0), indexShape), positions);
  return single(SelectOp::create(ctx.builder, ctx.loc, hit, ctx.reshape(on, {}),
                                 ctx.reshape(off, {})));
}

/// Range(start, limit, delta): evaluated at import.
FailureOr<NodeOutputs> convertRange(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  double bounds[3];
  Type element;
  for (unsigned i = 0; i < 3; ++i) {
    static const char *const names[] = {"start", "limit", "delta"};
    DenseElementsAttr value =
        ctx.inputs[i].value ? evaluateConstant(ctx.inputs[i].value) : nullptr;
    if (!value || value.getNumElements() != 1)
      return ctx.fail(Twine(names[i]) + " (input " + Twine(i) +
                      ") must be a scalar known at compile time");
    element = value.getElementType();
    bounds[i] =
        isa<FloatType>(element)
            ? (*value.getValues<APFloat>().begin()).convertToDouble()
            : double((*value.getValues<APInt>().begin()).getSExtValue());
  }
  double start = bounds[0], limit = bounds[1], delta = bounds[2];
  if (delta == 0)
    return ctx.fail("delta is 0");
  if ((delta > 0 && start > limit) || (delta < 0 && start < limit))
    return ctx.fail(llvm::formatv("start {0} cannot reach limit {1} with "
                                  "delta {2}",
                                  start, limit, delta)
                        .str());
  int64_t count =
      static_cast<int64_t>(std::ceil(std::fabs((limit - start) / delta)));
  if (count > (int64_t(1) << 24))
    return ctx.fail("the range has " + Twine(count) +
                    " elements, more than kiln folds into a constant");
  SmallVector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(start + i * delta);
  return single(ctx.constant(RankedTensorType::get({count}, element), values));
}

/// Size and Rank of a static shape, as constants.
template <bool rankOnly>
FailureOr<NodeOutputs> convertSizeOrRank(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  FailureOr<RankedTensorType> type = ctx.inputType(0);
  if (failed(type))
    return failure();
  // Rank has no out_type: always int32.
  FailureOr<Type> element =
      rankOnly ? FailureOr<Type>(ctx.builder.getI32Type())
               : ctx.typeAttr("out_type", ctx.builder.getI32Type());
  if (failed(element))
    return failure();
  if (!rankOnly && !type->hasStaticShape())
    return ctx.fail("the input shape is not static (feed a concrete shape)");
  double value = rankOnly ? type->getRank() : type->getNumElements();
  return single(ctx.constant(RankedTensorType::get({}, *element), {value}));
}

FailureOr<NodeOutputs> convertIdentityN(NodeContext &ctx) {
  NodeOutputs outputs;
  for (unsigned i = 0; i < ctx.inputs.size(); ++i)
    outputs.push_back(ctx.inputs[i]);
  return outputs;
}

/// Assert only orders other nodes; kiln drops it.
FailureOr<NodeOutputs> convertAssert(NodeContext &) { return NodeOutputs{}; }

} // namespace

const llvm::StringMap<Converter> &shapeConverters() {
  static const llvm::StringMap<Converter> table = {
      {"Slice", convertSlice},
      {"StridedSlice", convertStridedSlice},
      {"StridedSliceGrad", convertStridedSliceGrad},
      {"Pad", convertPad},
      {"PadV2", convertPad},
      {"MirrorPad", convertPad},
      {"MirrorPadGrad", convertMirrorPadGrad},
      {"Pack", convertPack},
      {"Unpack", convertUnpack},
      {"Split", convertSplit},
      {"SplitV", convertSplitV},
      {"ReverseV2", convertReverse},
      {"BroadcastTo", convertBroadcastTo},
      {"DepthToSpace", convertDepthSpace<true>},
      {"SpaceToDepth", convertDepthSpace<false>},
      {"OneHot", convertOneHot},
      {"Range", convertRange},
      {"Size", convertSizeOrRank<false>},
      {"Rank", convertSizeOrRank<true>},
      {"IdentityN", convertIdentityN},
      // The mean over the ranks of a data-parallel job: a Session with a
      // communicator splits its step there (SessionAllReduce.cpp); a whole
      // step compiled in one process averages over one rank.
      {"KilnAllReduce", convertIdentityN},
      {"Assert", convertAssert},
  };
  return table;
}

} // namespace kiln::tfgraph
