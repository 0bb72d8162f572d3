//===- ShapeOps.cpp - reshape, transpose, concat --------------------------===//

#include "dialects/Kiln/IR/KilnOpHelpers.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include <cstring>
#include <vector>

using namespace mlir;
using namespace kiln;

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  return verifyReshape(InferenceDiag(getLoc(), getOperationName()),
                       getX().getType(), getType());
}

/// The declared result type, with its one dynamic dimension computed from
/// the element count when the input is static (TensorFlow's -1).
LogicalResult ReshapeOp::inferResultTypes(std::optional<Location> loc,
                                          SmallVectorImpl<Type> &inferred) {
  InferenceDiag diag(loc, getOperationName());
  if (failed(verifyReshape(diag, getX().getType(), getType())))
    return failure();
  inferred.push_back(
      refineReshapeResult(cast<RankedTensorType>(getX().getType()),
                          cast<RankedTensorType>(getType())));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  auto constant = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX());
  auto type = cast<RankedTensorType>(getType());
  if (constant && type.hasStaticShape())
    return constant.reshape(type);
  // reshape(reshape(x)) only depends on x's elements: drop the inner one.
  // Skipped when the pair is already inconsistent, so the verifier still
  // reports it against the original ops.
  if (auto inner = getX().getDefiningOp<ReshapeOp>();
      inner && succeeded(verifyReshape(InferenceDiag(std::nullopt, ""),
                                       inner.getX().getType(), getType()))) {
    getXMutable().assign(inner.getX());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

KILN_DEFINE_TYPE_INFERENCE(TransposeOp, inferTranspose,
                           getX().getType(), getPerm())

/// Most elements of a constant transposed at compile time when the
/// transpose is its only user (weights laid out for a window op): the
/// result replaces the input, so the IR does not grow.
constexpr int64_t kMaxTransposedWeightElements = int64_t(1) << 26;

/// Permutes a constant: result element at coordinates c is the input
/// element at coordinates c' with c'[perm[i]] = c[i]. Moves raw bytes, so
/// weights of millions of elements fold quickly.
static Attribute foldTransposeConstant(DenseElementsAttr input,
                                       ArrayRef<int64_t> perm,
                                       RankedTensorType type,
                                       int64_t maxElements) {
  if (!type.hasStaticShape() || type.getNumElements() > maxElements)
    return {};
  if (input.isSplat())
    return input.resizeSplat(type);
  ArrayRef<int64_t> inShape = input.getType().getShape();
  int64_t rank = inShape.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  ArrayRef<int64_t> outShape = type.getShape();
  // Visits the result in order, yielding each element's source index.
  auto forEachSource = [&](auto &&visit) {
    SmallVector<int64_t> index(rank, 0);
    for (int64_t linear = 0, e = type.getNumElements(); linear < e; ++linear) {
      int64_t source = 0;
      for (int64_t d = 0; d < rank; ++d)
        source += index[d] * inStrides[perm[d]];
      visit(linear, source);
      for (int64_t d = rank - 1; d >= 0 && ++index[d] == outShape[d]; --d)
        index[d] = 0;
    }
  };
  Type element = type.getElementType();
  unsigned bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 0;
  if (bits == 0 || bits % 8 != 0) {
    // Bools are stored bit-packed: permute them as attributes (small only).
    if (type.getNumElements() > kMaxFoldedElements)
      return {};
    auto values = llvm::to_vector(input.getValues<Attribute>());
    SmallVector<Attribute> results(values.size());
    forEachSource(
        [&](int64_t at, int64_t source) { results[at] = values[source]; });
    return DenseElementsAttr::get(type, results);
  }
  size_t width = bits / 8;
  ArrayRef<char> raw = input.getRawData();
  std::vector<char> bytes(raw.size());
  forEachSource([&](int64_t at, int64_t source) {
    std::memcpy(bytes.data() + at * width, raw.data() + source * width, width);
  });
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  bool isIdentity = llvm::all_of(llvm::enumerate(perm), [](auto it) {
    return static_cast<int64_t>(it.index()) == it.value();
  });
  if (isIdentity && getX().getType() == getType())
    return getX();
  // transpose(transpose(x, p), q) is transpose(x, r) with r[i] = p[q[i]].
  if (auto inner = getX().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    getXMutable().assign(inner.getX());
    setPerm(composed);
    return getResult();
  }
  if (auto constant = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX()))
    return foldTransposeConstant(
        constant, perm, cast<RankedTensorType>(getType()),
        getX().hasOneUse() ? kMaxTransposedWeightElements : kMaxFoldedElements);
  return {};
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

KILN_DEFINE_TYPE_INFERENCE(ConcatOp, inferConcat,
                           getInputs().getTypes(), getAxis())

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  // Small constants concatenate at compile time (shapes built from parts).
  auto type = cast<RankedTensorType>(getType());
  if (!type.hasStaticShape() || type.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<SmallVector<Attribute>> parts;
  SmallVector<int64_t> blocks;
  int64_t rank = type.getRank();
  std::optional<int64_t> axis = normalizeAxis(getAxis(), rank);
  if (!axis)
    return {};
  int64_t inner = 1, outer = 1;
  for (int64_t d = *axis + 1; d < rank; ++d)
    inner *= type.getDimSize(d);
  for (int64_t d = 0; d < *axis; ++d)
    outer *= type.getDimSize(d);
  for (auto [value, attr] : llvm::zip(getInputs(), adaptor.getInputs())) {
    auto constant = dyn_cast_or_null<DenseElementsAttr>(attr);
    auto inputType = cast<RankedTensorType>(value.getType());
    if (!constant || !inputType.hasStaticShape())
      return {};
    parts.push_back(llvm::to_vector(constant.getValues<Attribute>()));
    if (constant.isSplat())
      parts.back().assign(inputType.getNumElements(), parts.back().front());
    blocks.push_back(inputType.getDimSize(*axis) * inner);
  }
  SmallVector<Attribute> results;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [part, block] : llvm::zip(parts, blocks))
      llvm::append_range(results, ArrayRef(part).slice(o * block, block));
  return DenseElementsAttr::get(type, results);
}

LogicalResult ReverseOp::verify() {
  int64_t rank = getX().getType().getRank();
  llvm::SmallDenseSet<int64_t> seen;
  for (int64_t axis : getAxes()) {
    if (axis < 0 || axis >= rank)
      return emitOpError("axis ") << axis << " is out of range for rank " << rank;
    if (!seen.insert(axis).second)
      return emitOpError("reverses axis ") << axis << " twice";
  }
  return success();
}

LogicalResult SliceOp::verify() {
  auto input = getX().getType(), result = getY().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result element type ") << result.getElementType()
           << " differs from the input's " << input.getElementType();
  if (input.getRank() != result.getRank() ||
      static_cast<int64_t>(getBegin().size()) != input.getRank())
    return emitOpError("needs one begin per dimension of ") << input
           << " and a result of the same rank, got " << getBegin().size()
           << " and " << result;
  for (int64_t d = 0; d < input.getRank(); ++d) {
    int64_t begin = getBegin()[d], size = result.getDimSize(d);
    if (input.isDynamicDim(d) || result.isDynamicDim(d))
      continue;
    if (begin < 0 || begin + size > input.getDimSize(d))
      return emitOpError("dimension ") << d << ": [" << begin << ", "
             << begin + size << ") is outside [0, " << input.getDimSize(d) << ")";
  }
  return success();
}

/// A slice of a small constant (shape arithmetic: one dimension of a
/// Shape, a Gather from it) is the constant's box.
OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto input = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX());
  auto type = cast<RankedTensorType>(getType());
  if (!input || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldedElements ||
      !input.getType().hasStaticShape())
    return {};
  if (input.isSplat())
    return input.resizeSplat(type);
  ArrayRef<int64_t> inShape = input.getType().getShape();
  int64_t rank = inShape.size();
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * inShape[d + 1];
  auto values = llvm::to_vector(input.getValues<Attribute>());
  SmallVector<Attribute> results;
  SmallVector<int64_t> index(rank, 0);
  for (int64_t n = 0, e = type.getNumElements(); n < e; ++n) {
    int64_t source = 0;
    for (int64_t d = 0; d < rank; ++d)
      source += (getBegin()[d] + index[d]) * strides[d];
    results.push_back(values[source]);
    for (int64_t d = rank - 1; d >= 0 && ++index[d] == type.getDimSize(d); --d)
      index[d] = 0;
  }
  return DenseElementsAttr::get(type, results);
}
