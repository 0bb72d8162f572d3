//===- KilnTypeInference.cpp - shape and dtype rules of kiln ops ----------===//
//
// Each rule first checks ranks and element types, then attributes, then
// computes the result shape. Messages are lower-case, say what was expected
// and quote the offending value.
//
//===----------------------------------------------------------------------===//

#include "dialects/Kiln/IR/KilnTypeInference.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace kiln;

namespace {

constexpr int64_t kDynamic = ShapedType::kDynamic;

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << "?";
    else
      os << dim;
  });
  os << "]";
  return text;
}

/// Every rule starts from ranked tensors; ODS guarantees them for verified
/// ops, but builders and the frontends may call the rules with anything.
FailureOr<RankedTensorType> asTensor(const InferenceDiag &diag, Type type,
                                     StringRef what) {
  if (auto tensor = dyn_cast_or_null<RankedTensorType>(type))
    return tensor;
  return diag.fail("expected ", what, " to be a ranked tensor, got ", type);
}

LogicalResult checkSameElementType(const InferenceDiag &diag,
                                   RankedTensorType lhs, StringRef lhsName,
                                   RankedTensorType rhs, StringRef rhsName) {
  if (lhs.getElementType() == rhs.getElementType())
    return success();
  return diag.fail("expected ", lhsName, " and ", rhsName,
                   " to have the same element type, got ",
                   lhs.getElementType(), " and ", rhs.getElementType());
}

bool isCompatibleDim(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// The more static of two compatible dimensions.
int64_t refineDim(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) ? b : a;
}

LogicalResult checkWindowArray(const InferenceDiag &diag, StringRef name,
                               ArrayRef<int64_t> values) {
  if (values.size() != 2)
    return diag.fail("expected ", name, " to have 2 values (height, width), got ",
                     values.size());
  for (int64_t v : values)
    if (v < 1)
      return diag.fail("expected ", name, " values to be positive, got ",
                       formatShape(values));
  return success();
}

/// TensorFlow's output size of one spatial dimension.
FailureOr<int64_t> windowOutputSize(const InferenceDiag &diag, StringRef dimName,
                                    int64_t in, int64_t window, int64_t stride,
                                    int64_t dilation, Padding padding,
                                    int64_t padBefore, int64_t padAfter) {
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(window))
    return kDynamic;
  int64_t effectiveWindow = (window - 1) * dilation + 1;
  switch (padding) {
  case Padding::Same:
    return (in + stride - 1) / stride;
  case Padding::Valid:
  case Padding::Explicit: {
    int64_t padded = in + padBefore + padAfter;
    if (padded < effectiveWindow)
      return diag.fail("input ", dimName, " ", padded,
                       " (after padding) is smaller than the window ",
                       effectiveWindow, " (after dilation)");
    return (padded - effectiveWindow) / stride + 1;
  }
  }
  llvm_unreachable("unknown padding");
}

} // namespace

bool kiln::isIndexElement(Type type) {
  return type.isInteger(32) || type.isInteger(64);
}

bool kiln::areCompatibleTensorTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs)) {
    auto lt = dyn_cast<RankedTensorType>(l);
    auto rt = dyn_cast<RankedTensorType>(r);
    if (!lt || !rt) {
      if (l != r)
        return false;
      continue;
    }
    if (lt.getElementType() != rt.getElementType() ||
        lt.getRank() != rt.getRank())
      return false;
    for (auto [a, b] : llvm::zip(lt.getShape(), rt.getShape()))
      if (!isCompatibleDim(a, b))
        return false;
  }
  return true;
}

std::optional<int64_t> kiln::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<Type> kiln::inferSameAsOperand(const InferenceDiag &diag,
                                         Type operand) {
  auto tensor = asTensor(diag, operand, "the operand");
  if (failed(tensor))
    return failure();
  return Type(*tensor);
}

FailureOr<SmallVector<int64_t>>
kiln::broadcastShapes(const InferenceDiag &diag, ArrayRef<int64_t> lhs,
                      ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the innermost dimension; missing leading dims act as 1.
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l == 1) {
      result[i] = r;
    } else if (r == 1) {
      result[i] = l;
    } else if (isCompatibleDim(l, r)) {
      // A dynamic size meeting a static one other than 1 must equal it.
      result[i] = refineDim(l, r);
    } else {
      return diag.fail("shapes ", formatShape(lhs), " and ", formatShape(rhs),
                       " are not broadcast-compatible");
    }
  }
  return result;
}

FailureOr<Type> kiln::inferBinaryElementwise(const InferenceDiag &diag,
                                             Type lhsType, Type rhsType) {
  auto lhs = asTensor(diag, lhsType, "lhs");
  auto rhs = asTensor(diag, rhsType, "rhs");
  if (failed(lhs) || failed(rhs) ||
      failed(checkSameElementType(diag, *lhs, "lhs", *rhs, "rhs")))
    return failure();
  auto shape = broadcastShapes(diag, lhs->getShape(), rhs->getShape());
  if (failed(shape))
    return failure();
  return Type(RankedTensorType::get(*shape, lhs->getElementType()));
}

FailureOr<Type> kiln::inferCompare(const InferenceDiag &diag, Type lhs,
                                   Type rhs) {
  auto broadcast = inferBinaryElementwise(diag, lhs, rhs);
  if (failed(broadcast))
    return failure();
  auto shape = cast<RankedTensorType>(*broadcast).getShape();
  return Type(RankedTensorType::get(shape, IntegerType::get(lhs.getContext(), 1)));
}

FailureOr<Type> kiln::inferSelect(const InferenceDiag &diag, Type conditionType,
                                  Type onTrueType, Type onFalseType) {
  auto condition = asTensor(diag, conditionType, "condition");
  auto onTrue = asTensor(diag, onTrueType, "on_true");
  auto onFalse = asTensor(diag, onFalseType, "on_false");
  if (failed(condition) || failed(onTrue) || failed(onFalse))
    return failure();
  if (!condition->getElementType().isInteger(1))
    return diag.fail("expected condition to have element type i1, got ",
                     condition->getElementType());
  if (failed(checkSameElementType(diag, *onTrue, "on_true", *onFalse,
                                  "on_false")))
    return failure();
  auto values = broadcastShapes(diag, onTrue->getShape(), onFalse->getShape());
  if (failed(values))
    return failure();
  // Probe silently so the error can name the condition's own shape.
  auto shape = broadcastShapes(InferenceDiag(std::nullopt, ""),
                               condition->getShape(), *values);
  if (failed(shape))
    return diag.fail("condition of type ", conditionType,
                     " does not broadcast with values ", onTrueType, " and ",
                     onFalseType);
  return Type(RankedTensorType::get(*shape, onTrue->getElementType()));
}

FailureOr<Type> kiln::inferMatMul(const InferenceDiag &diag, Type aType,
                                  Type bType, bool transposeA,
                                  bool transposeB) {
  auto a = asTensor(diag, aType, "a");
  auto b = asTensor(diag, bType, "b");
  if (failed(a) || failed(b))
    return failure();
  if (a->getRank() != 2 || b->getRank() != 2)
    return diag.fail("expected rank-2 operands, got ", aType, " and ", bType);
  if (failed(checkSameElementType(diag, *a, "a", *b, "b")))
    return failure();
  int64_t m = a->getDimSize(transposeA ? 1 : 0);
  int64_t ka = a->getDimSize(transposeA ? 0 : 1);
  int64_t kb = b->getDimSize(transposeB ? 1 : 0);
  int64_t n = b->getDimSize(transposeB ? 0 : 1);
  if (!isCompatibleDim(ka, kb))
    return diag.fail("contracting dimensions differ: a has ", ka,
                     ", b has ", kb);
  return Type(RankedTensorType::get({m, n}, a->getElementType()));
}

FailureOr<Type> kiln::inferBiasAdd(const InferenceDiag &diag, Type valueType,
                                   Type biasType) {
  auto value = asTensor(diag, valueType, "value");
  auto bias = asTensor(diag, biasType, "bias");
  if (failed(value) || failed(bias))
    return failure();
  if (value->getRank() < 2)
    return diag.fail("expected value of rank at least 2, got ", valueType);
  if (bias->getRank() != 1)
    return diag.fail("expected bias of rank 1, got ", biasType);
  if (failed(checkSameElementType(diag, *value, "value", *bias, "bias")))
    return failure();
  int64_t channels = value->getShape().back();
  if (!isCompatibleDim(channels, bias->getDimSize(0)))
    return diag.fail("bias has ", bias->getDimSize(0),
                     " elements but value has ", channels, " channels");
  SmallVector<int64_t> shape(value->getShape());
  shape.back() = refineDim(channels, bias->getDimSize(0));
  return Type(RankedTensorType::get(shape, value->getElementType()));
}

FailureOr<Type> kiln::inferConv2D(const InferenceDiag &diag, Type inputType,
                                  Type filterType, ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations, Padding padding,
                                  std::optional<ArrayRef<int64_t>> explicitPads) {
  auto input = asTensor(diag, inputType, "input");
  auto filter = asTensor(diag, filterType, "filter");
  if (failed(input) || failed(filter))
    return failure();
  if (input->getRank() != 4)
    return diag.fail("expected NHWC input of rank 4, got ", inputType);
  if (filter->getRank() != 4)
    return diag.fail("expected HWIO filter of rank 4, got ", filterType);
  if (failed(checkSameElementType(diag, *input, "input", *filter, "filter")) ||
      failed(checkWindowArray(diag, "strides", strides)) ||
      failed(checkWindowArray(diag, "dilations", dilations)))
    return failure();
  SmallVector<int64_t, 4> pads(4, 0);
  if (padding == Padding::Explicit) {
    if (!explicitPads || explicitPads->size() != 4)
      return diag.fail("padding EXPLICIT needs explicit_paddings with 4 "
                       "values (top, bottom, left, right)");
    for (int64_t p : *explicitPads)
      if (p < 0)
        return diag.fail("expected non-negative explicit_paddings, got ",
                         formatShape(*explicitPads));
    pads.assign(explicitPads->begin(), explicitPads->end());
  } else if (explicitPads) {
    return diag.fail("explicit_paddings is only allowed with padding EXPLICIT");
  }
  int64_t inChannels = input->getDimSize(3);
  int64_t filterChannels = filter->getDimSize(2);
  if (!isCompatibleDim(inChannels, filterChannels))
    return diag.fail("input has ", inChannels,
                     " channels but the filter expects ", filterChannels);
  auto height = windowOutputSize(diag, "height", input->getDimSize(1),
                                 filter->getDimSize(0), strides[0],
                                 dilations[0], padding, pads[0], pads[1]);
  if (failed(height))
    return failure();
  auto width = windowOutputSize(diag, "width", input->getDimSize(2),
                                filter->getDimSize(1), strides[1],
                                dilations[1], padding, pads[2], pads[3]);
  if (failed(width))
    return failure();
  return Type(RankedTensorType::get(
      {input->getDimSize(0), *height, *width, filter->getDimSize(3)},
      input->getElementType()));
}

FailureOr<Type> kiln::inferPool(const InferenceDiag &diag, Type inputType,
                                ArrayRef<int64_t> ksize,
                                ArrayRef<int64_t> strides, Padding padding) {
  auto input = asTensor(diag, inputType, "input");
  if (failed(input))
    return failure();
  if (input->getRank() != 4)
    return diag.fail("expected NHWC input of rank 4, got ", inputType);
  if (failed(checkWindowArray(diag, "ksize", ksize)) ||
      failed(checkWindowArray(diag, "strides", strides)))
    return failure();
  if (padding == Padding::Explicit)
    return diag.fail("expected padding SAME or VALID, got EXPLICIT");
  auto height = windowOutputSize(diag, "height", input->getDimSize(1), ksize[0],
                                 strides[0], 1, padding, 0, 0);
  if (failed(height))
    return failure();
  auto width = windowOutputSize(diag, "width", input->getDimSize(2), ksize[1],
                                strides[1], 1, padding, 0, 0);
  if (failed(width))
    return failure();
  return Type(RankedTensorType::get(
      {input->getDimSize(0), *height, *width, input->getDimSize(3)},
      input->getElementType()));
}

LogicalResult kiln::inferSparseSoftmaxCrossEntropy(
    const InferenceDiag &diag, Type featuresType, Type labelsType,
    SmallVectorImpl<Type> &results) {
  auto features = asTensor(diag, featuresType, "features");
  auto labels = asTensor(diag, labelsType, "labels");
  if (failed(features) || failed(labels))
    return failure();
  if (features->getRank() != 2)
    return diag.fail("expected features of shape [batch, classes], got ",
                     featuresType);
  if (labels->getRank() != 1)
    return diag.fail("expected labels of shape [batch], got ", labelsType);
  int64_t batch = features->getDimSize(0);
  if (!isCompatibleDim(batch, labels->getDimSize(0)))
    return diag.fail("features have batch size ", batch,
                     " but labels have ", labels->getDimSize(0));
  batch = refineDim(batch, labels->getDimSize(0));
  Type element = features->getElementType();
  results.push_back(RankedTensorType::get({batch}, element));
  results.push_back(
      RankedTensorType::get({batch, features->getDimSize(1)}, element));
  return success();
}

FailureOr<Type> kiln::inferReduce(const InferenceDiag &diag, Type inputType,
                                  ArrayRef<int64_t> axes, bool keepDims) {
  auto input = asTensor(diag, inputType, "input");
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  llvm::SmallSet<int64_t, 4> reduced;
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return diag.fail("axis ", axis, " is out of range for rank ", rank);
    if (!reduced.insert(*normalized).second)
      return diag.fail("axis ", axis, " is reduced more than once");
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced.contains(d))
      shape.push_back(input->getDimSize(d));
    else if (keepDims)
      shape.push_back(1);
  }
  return Type(RankedTensorType::get(shape, input->getElementType()));
}

FailureOr<Type> kiln::inferArgMax(const InferenceDiag &diag, Type inputType,
                                  int64_t axis, Type indexType) {
  auto input = asTensor(diag, inputType, "input");
  if (failed(input))
    return failure();
  if (input->getRank() < 1)
    return diag.fail("expected input of rank at least 1, got ", inputType);
  std::optional<int64_t> normalized = normalizeAxis(axis, input->getRank());
  if (!normalized)
    return diag.fail("axis ", axis, " is out of range for rank ",
                     input->getRank());
  if (!isIndexElement(indexType))
    return diag.fail("expected i32 or i64 indices, got ", indexType);
  SmallVector<int64_t> shape(input->getShape());
  shape.erase(shape.begin() + *normalized);
  return Type(RankedTensorType::get(shape, indexType));
}

FailureOr<Type> kiln::inferInTopK(const InferenceDiag &diag,
                                  Type predictionsType, Type targetsType,
                                  int64_t k) {
  auto predictions = asTensor(diag, predictionsType, "predictions");
  auto targets = asTensor(diag, targetsType, "targets");
  if (failed(predictions) || failed(targets))
    return failure();
  if (predictions->getRank() != 2)
    return diag.fail("expected predictions of shape [batch, classes], got ",
                     predictionsType);
  if (targets->getRank() != 1)
    return diag.fail("expected targets of shape [batch], got ", targetsType);
  if (k < 0)
    return diag.fail("expected non-negative k, got ", k);
  int64_t batch = predictions->getDimSize(0);
  if (!isCompatibleDim(batch, targets->getDimSize(0)))
    return diag.fail("predictions have batch size ", batch,
                     " but targets have ", targets->getDimSize(0));
  return Type(RankedTensorType::get(
      {refineDim(batch, targets->getDimSize(0))},
      IntegerType::get(predictionsType.getContext(), 1)));
}

FailureOr<Type> kiln::inferGather(const InferenceDiag &diag, Type paramsType,
                                  Type indicesType, int64_t axis) {
  auto params = asTensor(diag, paramsType, "params");
  auto indices = asTensor(diag, indicesType, "indices");
  if (failed(params) || failed(indices))
    return failure();
  if (!isIndexElement(indices->getElementType()))
    return diag.fail("expected i32 or i64 indices, got ", indicesType);
  std::optional<int64_t> normalized = normalizeAxis(axis, params->getRank());
  if (!normalized)
    return diag.fail("axis ", axis, " is out of range for params of rank ",
                     params->getRank());
  ArrayRef<int64_t> dims = params->getShape();
  SmallVector<int64_t> shape(dims.begin(), dims.begin() + *normalized);
  llvm::append_range(shape, indices->getShape());
  shape.append(dims.begin() + *normalized + 1, dims.end());
  return Type(RankedTensorType::get(shape, params->getElementType()));
}

FailureOr<Type> kiln::inferUnsortedSegmentSum(const InferenceDiag &diag,
                                              Type dataType, Type idsType,
                                              int64_t numSegments) {
  auto data = asTensor(diag, dataType, "data");
  auto ids = asTensor(diag, idsType, "segment_ids");
  if (failed(data) || failed(ids))
    return failure();
  if (!isIndexElement(ids->getElementType()))
    return diag.fail("expected i32 or i64 segment ids, got ", idsType);
  if (numSegments < 0)
    return diag.fail("expected a non-negative number of segments, got ",
                     numSegments);
  if (ids->getRank() > data->getRank())
    return diag.fail("segment ids ", idsType,
                     " have more dimensions than data ", dataType);
  SmallVector<int64_t> shape = {numSegments};
  for (auto [index, dim] : llvm::enumerate(ids->getShape())) {
    if (!isCompatibleDim(dim, data->getDimSize(index)))
      return diag.fail("segment ids ", idsType,
                       " are not the shape of the leading dimensions of ",
                       dataType);
  }
  llvm::append_range(shape, data->getShape().drop_front(ids->getRank()));
  return Type(RankedTensorType::get(shape, data->getElementType()));
}

FailureOr<Type> kiln::inferTranspose(const InferenceDiag &diag, Type inputType,
                                     ArrayRef<int64_t> perm) {
  auto input = asTensor(diag, inputType, "input");
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  if (static_cast<int64_t>(perm.size()) != rank)
    return diag.fail("expected perm of ", rank, " values, got ",
                     formatShape(perm));
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return diag.fail("perm ", formatShape(perm),
                       " is not a permutation of [0, ", rank, ")");
    seen[p] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input->getDimSize(p));
  return Type(RankedTensorType::get(shape, input->getElementType()));
}

FailureOr<Type> kiln::inferConcat(const InferenceDiag &diag, TypeRange inputs,
                                  int64_t axis) {
  if (inputs.empty())
    return diag.fail("expected at least one input");
  auto first = asTensor(diag, inputs.front(), "input 0");
  if (failed(first))
    return failure();
  int64_t rank = first->getRank();
  std::optional<int64_t> normalized = normalizeAxis(axis, rank);
  if (rank == 0 || !normalized)
    return diag.fail("axis ", axis, " is out of range for rank ", rank);
  SmallVector<int64_t> shape(first->getShape());
  for (auto [index, type] : llvm::enumerate(inputs.drop_front())) {
    auto input = asTensor(diag, type, "every input");
    if (failed(input))
      return failure();
    if (input->getRank() != rank)
      return diag.fail("expected every input to have rank ", rank,
                       ", input ", index + 1, " has rank ", input->getRank());
    if (input->getElementType() != first->getElementType())
      return diag.fail("expected every input to have element type ",
                       first->getElementType(), ", input ", index + 1,
                       " has ", input->getElementType());
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = input->getDimSize(d);
      if (d == *normalized) {
        if (ShapedType::isDynamic(shape[d]) || ShapedType::isDynamic(size))
          shape[d] = kDynamic;
        else if (__builtin_add_overflow(shape[d], size, &shape[d]))
          return diag.fail("the concatenated dimension ", d,
                           " overflows int64 at input ", index + 1);
      } else if (!isCompatibleDim(shape[d], size)) {
        return diag.fail("input ", index + 1, " has size ", size,
                         " in dimension ", d, ", expected ", shape[d]);
      } else {
        shape[d] = refineDim(shape[d], size);
      }
    }
  }
  return Type(RankedTensorType::get(shape, first->getElementType()));
}

/// The product of the static dimensions of `shape`, or nothing when it
/// overflows int64 (types from a model file may hold any dimension).
static std::optional<int64_t> staticElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (!ShapedType::isDynamic(dim) &&
        __builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  return count;
}

RankedTensorType kiln::refineReshapeResult(RankedTensorType input,
                                          RankedTensorType result) {
  SmallVector<int64_t> shape(result.getShape());
  // An overflow is verifyReshape's to report.
  std::optional<int64_t> known = staticElementCount(shape);
  std::optional<int64_t> count = staticElementCount(input.getShape());
  if (!input.hasStaticShape() || !known || !count || *known <= 0)
    return result;
  for (int64_t &dim : shape)
    if (ShapedType::isDynamic(dim))
      dim = *count / *known;
  return RankedTensorType::get(shape, result.getElementType());
}

LogicalResult kiln::verifyReshape(const InferenceDiag &diag, Type inputType,
                                  Type resultType) {
  auto input = asTensor(diag, inputType, "input");
  auto result = asTensor(diag, resultType, "result");
  if (failed(input) || failed(result) ||
      failed(checkSameElementType(diag, *input, "input", *result, "result")))
    return failure();
  if (llvm::count_if(result->getShape(), ShapedType::isDynamic) > 1)
    return diag.fail("expected at most one dynamic result dimension, got ",
                     resultType);
  if (!input->hasStaticShape())
    return success();
  // A [15, 2^63-1] result must not wrap into a plausible count.
  std::optional<int64_t> count = staticElementCount(input->getShape());
  if (!count)
    return diag.fail("input ", inputType,
                     " has more elements than int64 holds");
  std::optional<int64_t> staticCount = staticElementCount(result->getShape());
  bool fits =
      staticCount &&
      (result->hasStaticShape()
           ? *staticCount == *count
           : (*staticCount == 0 ? *count == 0 : *count % *staticCount == 0));
  if (!fits)
    return diag.fail("cannot reshape a tensor of ", *count, " elements into ",
                     resultType);
  return success();
}

WindowPads kiln::windowPadding(int64_t in, int64_t window, int64_t stride,
                               int64_t dilation, Padding padding,
                               std::optional<ArrayRef<int64_t>> explicitPads,
                               int dim) {
  if (padding == Padding::Explicit)
    return {(*explicitPads)[2 * dim], (*explicitPads)[2 * dim + 1]};
  if (padding == Padding::Valid)
    return {};
  int64_t effective = (window - 1) * dilation + 1;
  int64_t out = (in + stride - 1) / stride;
  int64_t total = std::max<int64_t>((out - 1) * stride + effective - in, 0);
  return {total / 2, total - total / 2};
}
