//===- IndexingOps.cpp - gather, unsorted_segment_sum ---------------------===//

#include "dialects/Kiln/IR/KilnOpHelpers.h"
#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

KILN_DEFINE_TYPE_INFERENCE(GatherOp, inferGather, getParams().getType(),
                           getIndices().getType(), getAxis())
KILN_DEFINE_TYPE_INFERENCE(UnsortedSegmentSumOp, inferUnsortedSegmentSum,
                           getData().getType(), getSegmentIds().getType(),
                           getNumSegments())

/// Shape arithmetic (a dimension picked out of a Shape) must fold for the
/// ops that need it at compile time. Indices out of range decline: the
/// step's own check reports them.
OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto params = dyn_cast_or_null<DenseElementsAttr>(adaptor.getParams());
  auto indices = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getIndices());
  auto type = cast<RankedTensorType>(getType());
  if (!params || !indices || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldedElements)
    return {};
  auto paramsType = cast<RankedTensorType>(params.getType());
  int64_t axis = *normalizeAxis(getAxis(), paramsType.getRank());
  ArrayRef<int64_t> dims = paramsType.getShape();
  int64_t rows = dims[axis];
  int64_t inner = 1;
  for (int64_t dim : dims.drop_front(axis + 1))
    inner *= dim;
  int64_t outer = type.getNumElements() /
                  std::max<int64_t>(inner * indices.getNumElements(), 1);
  SmallVector<int64_t> picked;
  for (const APInt &index : indices.getValues<APInt>()) {
    int64_t row = index.getSExtValue();
    if (getWrapNegativeIndices() && row < 0)
      row += rows;
    if (row < 0 || row >= rows)
      return {};
    picked.push_back(row);
  }
  auto values = llvm::to_vector(params.getValues<Attribute>());
  SmallVector<Attribute> result;
  result.reserve(type.getNumElements());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t row : picked)
      for (int64_t n = 0; n < inner; ++n)
        result.push_back(values[(o * rows + row) * inner + n]);
  return DenseElementsAttr::get(type, result);
}
