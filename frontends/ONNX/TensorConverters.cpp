//===- TensorConverters.cpp - ONNX shape and indexing ops -> kiln ---------===//
//
// Reshape, Flatten, Transpose, Concat, Squeeze/Unsqueeze, Slice, Split,
// Gather, GatherND, Expand, Tile, Shape/Size, Constant, ConstantOfShape,
// Range and Dropout. Shape-valued inputs (a Reshape's shape, Slice's bounds,
// axes) must be known at compile time: constants, or computed from constants
// and static shapes, which is what exporters write.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/OnnxTensor.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;

namespace kiln::onnximport {
namespace {

constexpr int64_t kDynamic = ShapedType::kDynamic;

/// Axes from the `axes` attribute (before `inputSince`) or input 1.
FailureOr<std::optional<SmallVector<int64_t>>> axesOf(OnnxNode &node,
                                                      int64_t inputSince) {
  if (node.opset < inputSince)
    return node.intsAttr("axes");
  if (!node.input(1))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<SmallVector<int64_t>> axes = node.constantInts(1, "axes");
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>(*axes);
}

FailureOr<NodeResults> convertReshape(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(1, "shape");
  if (failed(shape))
    return failure();
  RankedTensorType input = node.inputType(0);
  bool allowZero = node.intAttr("allowzero", 0) != 0;
  SmallVector<int64_t> dims;
  int inferred = -1;
  for (auto [i, dim] : llvm::enumerate(*shape)) {
    if (dim == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= input.getRank())
        return node.fail("shape dimension " + Twine(i) +
                         " is 0 (copy the input's) but the input has rank " +
                         Twine(input.getRank()));
      dims.push_back(input.getDimSize(i));
    } else if (dim == -1) {
      if (inferred >= 0)
        return node.fail("shape has more than one -1");
      inferred = i;
      dims.push_back(kDynamic);
    } else if (dim < 0) {
      return node.fail("shape dimension " + Twine(i) + " is " + Twine(dim));
    } else {
      dims.push_back(dim);
    }
  }
  int64_t total = productOf(input.getShape());
  if (inferred >= 0 && !ShapedType::isDynamic(total)) {
    int64_t known = 1;
    for (auto [i, dim] : llvm::enumerate(dims))
      if (static_cast<int>(i) != inferred && !ShapedType::isDynamic(dim))
        known *= dim;
    // Only when -1 is the one unknown dimension can it be computed.
    if (llvm::count_if(dims, ShapedType::isDynamic) == 1) {
      if (known == 0 || total % known != 0)
        return node.fail("cannot reshape " + Twine(total) +
                         " elements with a -1 dimension beside " +
                         Twine(known));
      dims[inferred] = total / known;
    }
  }
  if (llvm::count_if(dims, ShapedType::isDynamic) > 1)
    return node.fail("the result shape has more than one dimension kiln "
                     "cannot know at compile time");
  return one(ReshapeOp::create(node.builder, node.loc, input.clone(dims),
                               node.input(0)));
}

FailureOr<NodeResults> convertFlatten(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  RankedTensorType input = node.inputType(0);
  int64_t rank = input.getRank();
  int64_t axis = node.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    return node.fail("axis " + Twine(axis) + " is out of range for rank " +
                     Twine(rank));
  if (axis < 0)
    axis += rank;
  int64_t outer = productOf(input.getShape().take_front(axis));
  int64_t inner = productOf(input.getShape().drop_front(axis));
  if (ShapedType::isDynamic(outer) && ShapedType::isDynamic(inner))
    return node.fail("both halves of the flattened shape are dynamic");
  return one(node.reshape(node.input(0), {outer, inner}));
}

FailureOr<NodeResults> convertTranspose(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  int64_t rank = node.inputType(0).getRank();
  SmallVector<int64_t> perm;
  if (auto given = node.intsAttr("perm"))
    perm = *given;
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  if (static_cast<int64_t>(perm.size()) != rank)
    return node.fail("perm has " + Twine(perm.size()) + " entries for rank " +
                     Twine(rank));
  return one(TransposeOp::create(node.builder, node.loc, node.input(0), perm));
}

FailureOr<NodeResults> convertConcat(OnnxNode &node) {
  if (failed(node.expectInputs(1, ~0u)))
    return failure();
  if (!node.attr("axis"))
    return node.fail("missing the attribute 'axis'");
  FailureOr<int64_t> axis =
      node.axis(node.intAttr("axis", 0), node.inputType(0).getRank());
  if (failed(axis))
    return failure();
  return one(
      ConcatOp::create(node.builder, node.loc, ValueRange(node.inputs), *axis));
}

FailureOr<NodeResults> convertSqueeze(OnnxNode &node) {
  if (failed(node.expectInputs(1, node.opset >= 13 ? 2 : 1)))
    return failure();
  auto axes = axesOf(node, 13);
  if (failed(axes))
    return failure();
  RankedTensorType input = node.inputType(0);
  SmallVector<bool> squeezed(input.getRank(), false);
  if (*axes) {
    for (int64_t axis : **axes) {
      FailureOr<int64_t> at = node.axis(axis, input.getRank());
      if (failed(at))
        return failure();
      if (input.getDimSize(*at) != 1 && !input.isDynamicDim(*at))
        return node.fail("cannot squeeze dimension " + Twine(*at) +
                         " of size " + Twine(input.getDimSize(*at)));
      squeezed[*at] = true;
    }
  } else {
    for (int64_t d = 0; d < input.getRank(); ++d) {
      if (input.isDynamicDim(d))
        return node.fail("without axes, every dimension must be static");
      squeezed[d] = input.getDimSize(d) == 1;
    }
  }
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (!squeezed[d])
      dims.push_back(input.getDimSize(d));
  return one(node.reshape(node.input(0), dims));
}

FailureOr<NodeResults> convertUnsqueeze(OnnxNode &node) {
  if (failed(node.expectInputs(1, node.opset >= 13 ? 2 : 1)))
    return failure();
  auto axes = axesOf(node, 13);
  if (failed(axes))
    return failure();
  if (!*axes)
    return node.fail("missing axes");
  RankedTensorType input = node.inputType(0);
  int64_t rank = input.getRank() + (*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : **axes) {
    FailureOr<int64_t> at = node.axis(axis, rank);
    if (failed(at))
      return failure();
    if (inserted[*at])
      return node.fail("axis " + Twine(axis) + " is given twice");
    inserted[*at] = true;
  }
  SmallVector<int64_t> dims;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    dims.push_back(inserted[d] ? 1 : input.getDimSize(next++));
  return one(node.reshape(node.input(0), dims));
}

FailureOr<NodeResults> convertConstant(OnnxNode &node) {
  if (failed(node.expectInputs(0)))
    return failure();
  if (node.node.attribute_size() != 1)
    return node.fail("expected exactly one value attribute");
  const onnx::AttributeProto &value = node.node.attribute(0);
  MLIRContext *ctx = node.builder.getContext();
  Builder b(ctx);
  DenseElementsAttr attr;
  if (value.name() == "value") {
    StatusOr<DecodedTensor> decoded = decodeTensor(value.t(), "");
    if (!decoded.ok())
      return node.fail(decoded.status().message());
    StatusOr<DenseElementsAttr> elements = toElementsAttr(*decoded, ctx);
    if (!elements.ok())
      return node.fail(elements.status().message());
    attr = *elements;
  } else if (value.name() == "value_float") {
    attr = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                  value.f());
  } else if (value.name() == "value_int") {
    attr = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                  value.i());
  } else if (value.name() == "value_floats") {
    SmallVector<float> floats(value.floats().begin(), value.floats().end());
    attr = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              b.getF32Type()),
        ArrayRef<float>(floats));
  } else if (value.name() == "value_ints") {
    SmallVector<int64_t> ints(value.ints().begin(), value.ints().end());
    attr = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              b.getI64Type()),
        ArrayRef<int64_t>(ints));
  } else {
    return node.fail("attribute '" + value.name() + "' is not supported");
  }
  return one(ConstantOp::create(node.builder, node.loc, attr));
}

FailureOr<NodeResults> convertShape(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  RankedTensorType input = node.inputType(0);
  int64_t rank = input.getRank();
  int64_t start = node.intAttr("start", 0), end = node.intAttr("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims;
  for (int64_t d = start; d < end; ++d) {
    if (input.isDynamicDim(d))
      return node.fail("dimension " + Twine(d) +
                       " of the input is dynamic; "
                       "kiln needs shapes at compile time");
    dims.push_back(input.getDimSize(d));
  }
  return one(node.int64Vector(dims));
}

FailureOr<NodeResults> convertSize(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  int64_t count = productOf(node.inputType(0).getShape());
  if (ShapedType::isDynamic(count))
    return node.fail("the input's shape is dynamic; kiln needs its size at "
                     "compile time");
  auto type = RankedTensorType::get({}, node.builder.getI64Type());
  return one(node.splat(type, static_cast<double>(count)));
}

FailureOr<NodeResults> convertConstantOfShape(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t dim : *shape)
    if (dim < 0)
      return node.fail("shape has dimension " + Twine(dim));
  MLIRContext *ctx = node.builder.getContext();
  DenseElementsAttr fill = DenseElementsAttr::get(
      RankedTensorType::get({1}, Float32Type::get(ctx)), 0.0f);
  if (const auto *value = node.attr("value")) {
    StatusOr<DecodedTensor> decoded = decodeTensor(value->t(), "");
    if (!decoded.ok())
      return node.fail(decoded.status().message());
    StatusOr<DenseElementsAttr> elements = toElementsAttr(*decoded, ctx);
    if (!elements.ok())
      return node.fail(elements.status().message());
    if (elements->getNumElements() != 1)
      return node.fail("value must hold one element");
    fill = *elements;
  }
  auto type = RankedTensorType::get(*shape, fill.getElementType());
  return one(ConstantOp::create(
      node.builder, node.loc,
      DenseElementsAttr::get(type, *fill.getValues<Attribute>().begin())));
}

/// ONNX Slice bounds for one axis, clamped as the spec says, to a start
/// and an element count walking with `step`.
struct AxisSlice {
  int64_t start, count;
};
AxisSlice clampSlice(int64_t dim, int64_t start, int64_t end, int64_t step) {
  auto clampIndex = [&](int64_t index, int64_t low, int64_t high) {
    if (index < 0)
      index += dim;
    return std::clamp(index, low, high);
  };
  if (step > 0) {
    start = clampIndex(start, 0, dim);
    end = clampIndex(end, 0, dim);
    return {start, std::max<int64_t>(0, (end - start + step - 1) / step)};
  }
  start = clampIndex(start, 0, dim - 1);
  end = clampIndex(end, -1, dim - 1);
  return {start, std::max<int64_t>(0, (start - end - step - 1) / -step)};
}

FailureOr<NodeResults> convertSlice(OnnxNode &node) {
  RankedTensorType input = node.inputType(0);
  int64_t rank = input.getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (node.opset < 10) {
    if (failed(node.expectInputs(1)))
      return failure();
    starts = node.intsAttr("starts").value_or(SmallVector<int64_t>());
    ends = node.intsAttr("ends").value_or(SmallVector<int64_t>());
    if (auto given = node.intsAttr("axes"))
      axes = *given;
  } else {
    if (failed(node.expectInputs(3, 5)))
      return failure();
    auto s = node.constantInts(1, "starts"), e = node.constantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (node.input(3)) {
      auto a = node.constantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (node.input(4)) {
      auto t = node.constantInts(4, "steps");
      if (failed(t))
        return failure();
      steps = *t;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return node.fail("starts, ends, axes and steps differ in length");
  Value x = node.input(0);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> axis = node.axis(axes[i], rank);
    if (failed(axis))
      return failure();
    int64_t dim = input.getDimSize(*axis);
    if (ShapedType::isDynamic(dim))
      return node.fail("dimension " + Twine(*axis) +
                       " is dynamic; kiln "
                       "slices static dimensions");
    if (steps[i] == 0)
      return node.fail("step 0 on axis " + Twine(*axis));
    AxisSlice slice = clampSlice(dim, starts[i], ends[i], steps[i]);
    FailureOr<Value> sliced =
        node.strided(x, *axis, slice.start, slice.count, steps[i]);
    if (failed(sliced))
      return failure();
    x = *sliced;
  }
  return one(x);
}

FailureOr<NodeResults> convertSplit(OnnxNode &node) {
  if (failed(node.expectInputs(1, node.opset >= 13 ? 2 : 1)))
    return failure();
  RankedTensorType input = node.inputType(0);
  FailureOr<int64_t> axis = node.axis(node.intAttr("axis", 0), input.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = input.getDimSize(*axis);
  if (ShapedType::isDynamic(dim))
    return node.fail("the split dimension is dynamic");
  SmallVector<int64_t> sizes;
  if (node.opset >= 13 && node.input(1)) {
    auto given = node.constantInts(1, "split");
    if (failed(given))
      return failure();
    sizes = *given;
  } else if (auto given = node.intsAttr("split"); node.opset < 13 && given) {
    sizes = *given;
  } else {
    int64_t parts = node.opset >= 18 && node.attr("num_outputs")
                        ? node.intAttr("num_outputs", 1)
                        : node.node.output_size();
    if (parts <= 0)
      return node.fail("cannot split into " + Twine(parts) + " parts");
    int64_t each = (dim + parts - 1) / parts;
    for (int64_t done = 0; done < dim; done += each)
      sizes.push_back(std::min(each, dim - done));
  }
  if (std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim)
    return node.fail("the split sizes do not add up to dimension " +
                     Twine(dim));
  NodeResults results;
  int64_t begin = 0;
  for (int64_t size : sizes) {
    results.push_back(node.slice(node.input(0), *axis, begin, size));
    begin += size;
  }
  return results;
}

/// Gather: kiln.gather with ONNX's negative indices counting from the
/// end. Indices known at import are checked here; the step checks the
/// others.
FailureOr<NodeResults> convertGather(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  RankedTensorType data = node.inputType(0);
  FailureOr<int64_t> axis = node.axis(node.intAttr("axis", 0), data.getRank());
  if (failed(axis))
    return failure();
  RankedTensorType indicesType = node.inputType(1);
  if (!isIndexElement(indicesType.getElementType()))
    return node.fail("indices must be int32 or int64");
  int64_t dim = data.getDimSize(*axis);
  if (auto indices = dyn_cast_or_null<DenseIntElementsAttr>(
          evaluateConstant(node.input(1)));
      indices && !ShapedType::isDynamic(dim)) {
    for (auto [position, value] : llvm::enumerate(indices.getValues<APInt>()))
      if (int64_t index = value.getSExtValue(); index < -dim || index >= dim)
        return node.fail("indices[" + Twine(position) + "] = " + Twine(index) +
                         " is not in [" + Twine(-dim) + ", " + Twine(dim) +
                         ")");
  }
  return one(GatherOp::create(node.builder, node.loc, node.input(0),
                              node.input(1), *axis,
                              /*wrapNegative=*/true));
}

/// GatherND with batch_dims 0: index tuples into the data's leading
/// dimensions, negative components counting from the end.
FailureOr<NodeResults> convertGatherND(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  if (node.intAttr("batch_dims", 0) != 0)
    return node.fail("batch_dims other than 0 is not supported yet");
  FailureOr<Value> gathered =
      node.gatherND(node.input(0), node.input(1), /*wrapNegative=*/true);
  if (failed(gathered))
    return failure();
  return one(*gathered);
}

/// Expand broadcasts the input to (the broadcast of its shape and) a
/// given shape: a select on an all-true condition of that shape.
FailureOr<NodeResults> convertExpand(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(1, "shape");
  if (failed(shape))
    return failure();
  auto condition = RankedTensorType::get(*shape, node.builder.getI1Type());
  Value x = node.input(0);
  return one(SelectOp::create(node.builder, node.loc,
                              node.splat(condition, 1.0), x, x));
}

FailureOr<NodeResults> convertTile(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  FailureOr<SmallVector<int64_t>> repeats = node.constantInts(1, "repeats");
  if (failed(repeats))
    return failure();
  RankedTensorType input = node.inputType(0);
  if (static_cast<int64_t>(repeats->size()) != input.getRank())
    return node.fail("repeats has " + Twine(repeats->size()) +
                     " entries for rank " + Twine(input.getRank()));
  Value result = node.input(0);
  for (auto [axis, count] : llvm::enumerate(*repeats)) {
    if (count < 0)
      return node.fail("repeats holds " + Twine(count));
    if (count == 1)
      continue;
    if (count == 0) {
      SmallVector<int64_t> shape(
          cast<RankedTensorType>(result.getType()).getShape());
      shape[axis] = 0;
      return one(node.splat(input.clone(shape), 0.0));
    }
    SmallVector<Value> copies(count, result);
    result = ConcatOp::create(node.builder, node.loc, ValueRange(copies), axis);
  }
  return one(result);
}

FailureOr<NodeResults> convertRange(OnnxNode &node) {
  if (failed(node.expectInputs(3)))
    return failure();
  auto start = node.constantScalar(0, "start");
  auto limit = node.constantScalar(1, "limit");
  auto delta = node.constantScalar(2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  if (*delta == 0)
    return node.fail("delta is 0");
  int64_t count = std::max<int64_t>(
      0, static_cast<int64_t>(std::ceil((*limit - *start) / *delta)));
  if (count > (int64_t(1) << 24))
    return node.fail("the range has " + Twine(count) + " elements");
  auto type =
      RankedTensorType::get({count}, node.inputType(0).getElementType());
  SmallVector<Attribute> elements;
  for (int64_t i = 0; i < count; ++i) {
    double value = *start + i * *delta;
    elements.push_back(
        isa<FloatType>(type.getElementType())
            ? Attribute(FloatAttr::get(type.getElementType(), value))
            : Attribute(IntegerAttr::get(type.getElementType(),
                                         static_cast<int64_t>(value))));
  }
  return one(ConstantOp::create(node.builder, node.loc,
                                DenseElementsAttr::get(type, elements)));
}

/// Dropout: the identity in inference (its mask all true); in training
/// mode x * (u >= ratio) / (1 - ratio) for uniform u, drawn from the seed
/// attribute when there is one. Ratio and training_mode may be fed at run
/// time (opset 12 on); a training_mode known to be false is inference.
FailureOr<NodeResults> convertDropout(OnnxNode &node) {
  if (failed(node.expectInputs(1, node.opset >= 12 ? 3 : 1)))
    return failure();
  Value x = node.input(0);
  auto type = node.inputType(0);
  auto maskType = type.clone(node.builder.getI1Type());
  OpBuilder &b = node.builder;
  Value ratio = node.scalar(x, node.floatAttr("ratio", 0.5f));
  Value training;
  bool inference = node.opset < 7 ? node.intAttr("is_test", 0) != 0 : true;
  if (node.opset >= 12) {
    if (Value given = node.input(1))
      ratio = node.reshape(given, {});
    if (Value given = node.input(2)) {
      // A fed training_mode is decided at run time.
      DenseElementsAttr known = evaluateConstant(given);
      if (known && known.getNumElements() == 1) {
        inference = known.getValues<APInt>()[0].isZero();
      } else {
        inference = false;
        training = node.reshape(given, {});
      }
    }
  }
  if (inference)
    return NodeResults{x, node.splat(maskType, 1.0)};
  if (!type.hasStaticShape())
    return node.fail("training-mode dropout needs a static shape");
  auto ratioType = cast<RankedTensorType>(ratio.getType());
  if (ratioType.getElementType() != type.getElementType())
    ratio = CastOp::create(b, node.loc, ratioType.clone(type.getElementType()),
                           ratio);
  int64_t seed = node.intAttr("seed", 0);
  Value uniform = RandomUniformOp::create(
      b, node.loc, type, b.getI64IntegerAttr(seed), b.getI64IntegerAttr(seed),
      b.getF64FloatAttr(0.0), b.getF64FloatAttr(1.0));
  Value keep = EqualOp::create(
      b, node.loc, LessOp::create(b, node.loc, uniform, ratio),
      node.splat(RankedTensorType::get({}, b.getI1Type()), 0.0));
  Value scale =
      DivOp::create(b, node.loc, node.scalar(x, 1.0),
                    SubOp::create(b, node.loc, node.scalar(x, 1.0), ratio));
  Value dropped =
      SelectOp::create(b, node.loc, keep, MulOp::create(b, node.loc, x, scale),
                       node.scalar(x, 0.0));
  if (training) {
    dropped = SelectOp::create(b, node.loc, training, dropped, x);
    keep = SelectOp::create(b, node.loc, training, keep,
                            node.splat(maskType, 1.0));
  }
  return NodeResults{dropped, keep};
}

const ConverterEntry kConverters[] = {
    {"Concat", 4, convertConcat},
    {"Constant", 1, convertConstant},
    {"ConstantOfShape", 9, convertConstantOfShape},
    {"Dropout", 1, convertDropout},
    {"Dropout", 12, convertDropout},
    {"Expand", 8, convertExpand},
    {"Flatten", 1, convertFlatten},
    {"Gather", 1, convertGather},
    {"GatherND", 11, convertGatherND},
    {"Range", 11, convertRange},
    {"Reshape", 5, convertReshape},
    {"Reshape", 14, convertReshape},
    {"Shape", 1, convertShape},
    {"Shape", 15, convertShape},
    {"Size", 1, convertSize},
    {"Slice", 1, convertSlice},
    {"Slice", 10, convertSlice},
    {"Split", 2, convertSplit},
    {"Split", 13, convertSplit},
    {"Split", 18, convertSplit},
    {"Squeeze", 1, convertSqueeze},
    {"Squeeze", 13, convertSqueeze},
    {"Tile", 6, convertTile},
    {"Transpose", 1, convertTranspose},
    {"Unsqueeze", 1, convertUnsqueeze},
    {"Unsqueeze", 13, convertUnsqueeze},
};

} // namespace

llvm::ArrayRef<ConverterEntry> tensorConverters() { return kConverters; }

} // namespace kiln::onnximport
