//===- IndexingOpConverters.cpp - ops indexed by run-time values ----------===//
//
// GatherV2, Gather, ResourceGather, GatherNd, ScatterNd,
// TensorScatterAdd/Sub/Update, UnsortedSegmentSum, Unique (its own file)
// and CheckNumerics:
// what they read, where they add, or what they check is known only when
// the step runs, so their checks are in the compiled step and fail it
// with TensorFlow's messages through the step's status. Indices known at
// import are checked here instead.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using kiln::frontend::productOf;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

/// Indices of TensorFlow's index types, checked against [0, bound) when
/// they are constants (a dynamic bound checks nothing here).
LogicalResult checkIndices(NodeContext &ctx, unsigned input, int64_t bound,
                           bool negativeAllowed, StringRef what) {
  FailureOr<RankedTensorType> type = ctx.inputType(input);
  if (failed(type))
    return failure();
  Type element = type->getElementType();
  if (!isIndexElement(element))
    return ctx.fail(
        llvm::formatv("{0} (input {1}) must be int32 or int64", what, input)
            .str());
  auto values = dyn_cast_or_null<DenseIntElementsAttr>(
      evaluateConstant(ctx.input(input)));
  if (ShapedType::isDynamic(bound) || !values)
    return success();
  for (auto [position, value] : llvm::enumerate(values.getValues<APInt>()))
    if (int64_t index = value.getSExtValue();
        index >= bound || (index < 0 && !negativeAllowed))
      return ctx.fail(llvm::formatv("{0}[{1}] = {2} is not in [0, {3})", what,
                                    position, index, bound)
                          .str());
  return success();
}

/// A gather with `batchDims` leading dimensions shared by params and
/// indices (each batch element gathers from its own params): the batch
/// dimensions and the gathered axis fold into one, each index offset by
/// its batch element's first row of it, after checking it against the
/// axis. Params [B..., A..., N, R...] and indices [B..., J...] give
/// [B..., A..., J..., R...].
FailureOr<NodeOutputs> emitBatchGather(NodeContext &ctx, Value params,
                                       Value indices, int64_t axis,
                                       int64_t batchDims) {
  RankedTensorType paramsType = typeOf(params), indicesType = typeOf(indices);
  if (batchDims > axis)
    return ctx.fail("batch_dims (" + Twine(batchDims) +
                    ") must not exceed the axis (" + Twine(axis) + ")");
  if (batchDims > indicesType.getRank())
    return ctx.fail("batch_dims (" + Twine(batchDims) +
                    ") exceeds the rank of indices (" +
                    Twine(indicesType.getRank()) + ")");
  ArrayRef<int64_t> batch = paramsType.getShape().take_front(batchDims);
  if (batch != indicesType.getShape().take_front(batchDims))
    return ctx.fail("the leading batch_dims dimensions of params and indices "
                    "differ");
  int64_t n = paramsType.getDimSize(axis);
  int64_t batchSize = productOf(batch);
  if (ShapedType::isDynamic(n) || ShapedType::isDynamic(batchSize))
    return ctx.fail("batch_dims needs static batch dimensions and axis");
  OpBuilder &b = ctx.builder;
  // params as [B * N, A..., R...].
  int64_t rank = paramsType.getRank();
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < batchDims; ++d)
    perm.push_back(d);
  perm.push_back(axis);
  for (int64_t d = batchDims; d < rank; ++d)
    if (d != axis)
      perm.push_back(d);
  Value moved = ctx.transpose(params, perm);
  SmallVector<int64_t> flatShape = {batchSize * n};
  llvm::append_range(flatShape,
                     typeOf(moved).getShape().drop_front(batchDims + 1));
  Value flat = ctx.reshape(moved, flatShape);
  // indices + (batch element) * N.
  Value checked = CheckIndicesOp::create(b, ctx.loc, indicesType, indices,
                                         /*lower=*/0, /*upper=*/n);
  SmallVector<double> starts;
  for (int64_t i = 0; i < batchSize; ++i)
    starts.push_back(i * n);
  SmallVector<int64_t> startShape(batch);
  startShape.append(indicesType.getRank() - batchDims, 1);
  Value offsets = ctx.constant(
      RankedTensorType::get(startShape, indicesType.getElementType()), starts);
  Value rows = AddOp::create(b, ctx.loc, checked, offsets);
  FailureOr<Type> type = infer(ctx, "kiln.gather", [&](const InferenceDiag &d) {
    return inferGather(d, flat.getType(), rows.getType(), 0);
  });
  if (failed(type))
    return failure();
  Value gathered =
      GatherOp::create(b, ctx.loc, *type, flat, rows, b.getI64IntegerAttr(0));
  // [B..., J..., A..., R...] -> [B..., A..., J..., R...].
  int64_t outer = axis - batchDims, inner = indicesType.getRank() - batchDims;
  SmallVector<int64_t> back;
  for (int64_t d = 0; d < batchDims; ++d)
    back.push_back(d);
  for (int64_t d = 0; d < outer; ++d)
    back.push_back(batchDims + inner + d);
  for (int64_t d = 0; d < inner; ++d)
    back.push_back(batchDims + d);
  for (int64_t d = batchDims + inner + outer; d < typeOf(gathered).getRank();
       ++d)
    back.push_back(d);
  return single(ctx.transpose(gathered, back));
}

FailureOr<NodeOutputs> emitGather(NodeContext &ctx, unsigned indicesInput,
                                  std::optional<unsigned> axisInput) {
  Value params = ctx.input(0);
  auto paramsType = cast<RankedTensorType>(params.getType());
  int64_t axis = 0;
  if (axisInput) {
    FailureOr<int64_t> constantAxis =
        ctx.axisInput(*axisInput, paramsType.getRank());
    if (failed(constantAxis))
      return failure();
    axis = *constantAxis;
  } else if (paramsType.getRank() == 0) {
    return ctx.fail("params must have at least one dimension");
  }
  if (failed(checkIndices(ctx, indicesInput, paramsType.getDimSize(axis),
                          /*negativeAllowed=*/false, "indices")))
    return failure();
  if (int64_t batchDims = ctx.intAttr("batch_dims", 0)) {
    // Negative batch_dims count from the rank of indices.
    int64_t indicesRank = typeOf(ctx.input(indicesInput)).getRank();
    if (batchDims < 0)
      batchDims += indicesRank;
    if (batchDims < 0)
      return ctx.fail("batch_dims " + Twine(ctx.intAttr("batch_dims", 0)) +
                      " is out of range for indices of rank " +
                      Twine(indicesRank));
    if (batchDims > 0)
      return emitBatchGather(ctx, params, ctx.input(indicesInput), axis,
                             batchDims);
  }
  Value indices = ctx.input(indicesInput);
  FailureOr<Type> type = infer(ctx, "kiln.gather", [&](const InferenceDiag &d) {
    return inferGather(d, params.getType(), indices.getType(), axis);
  });
  if (failed(type))
    return failure();
  return single(GatherOp::create(ctx.builder, ctx.loc, *type, params, indices,
                                 ctx.builder.getI64IntegerAttr(axis)));
}

/// GatherV2(params, indices, axis; batch_dims).
FailureOr<NodeOutputs> convertGatherV2(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  return emitGather(ctx, 1, 2u);
}

/// Gather(params, indices) and ResourceGather(resource, indices): axis 0.
FailureOr<NodeOutputs> convertGather(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  return emitGather(ctx, 1, std::nullopt);
}

/// GatherNd(params, indices): tuples of indices into params' leading
/// dimensions.
FailureOr<NodeOutputs> convertGatherNd(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  FailureOr<Value> gathered =
      ctx.gatherND(ctx.input(0), ctx.input(1), /*wrapNegative=*/false);
  if (failed(gathered))
    return failure();
  return single(*gathered);
}

/// ScatterNd(indices, updates, shape): the shape must be known at import
/// (it is, in the GatherNd gradients TensorFlow writes).
FailureOr<NodeOutputs> convertScatterNd(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  auto shape = ctx.constantInts(2, "shape");
  if (failed(shape))
    return failure();
  FailureOr<Value> scattered =
      ctx.scatterND(ctx.input(0), ctx.input(1), *shape);
  if (failed(scattered))
    return failure();
  return single(*scattered);
}

/// TensorScatterAdd/Sub(tensor, indices, updates): `tensor` plus (minus)
/// the updates added at the slices the index tuples address (repeated
/// tuples add up, as in TensorFlow); the tensor's shape must be static.
template <bool subtract>
FailureOr<NodeOutputs> convertTensorScatter(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  Value tensor = ctx.input(0), updates = ctx.input(2);
  RankedTensorType type = typeOf(tensor);
  if (!type.hasStaticShape())
    return ctx.fail("tensor (input 0) needs a static shape");
  if (type.getElementType() != typeOf(updates).getElementType())
    return ctx.fail("tensor and updates differ in element type");
  FailureOr<Value> scattered =
      ctx.scatterND(ctx.input(1), updates, type.getShape());
  if (failed(scattered))
    return failure();
  if (subtract)
    return single(SubOp::create(ctx.builder, ctx.loc, tensor, *scattered));
  return single(AddOp::create(ctx.builder, ctx.loc, tensor, *scattered));
}

/// TensorScatterUpdate(tensor, indices, updates): `tensor` with the slices
/// the index tuples address replaced by the updates; of repeated tuples
/// the last wins, as in TensorFlow's CPU kernel, which writes them in
/// order. Both shapes must be static.
FailureOr<NodeOutputs> convertTensorScatterUpdate(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  Value tensor = ctx.input(0), indices = ctx.input(1), updates = ctx.input(2);
  RankedTensorType type = typeOf(tensor), indicesType = typeOf(indices);
  if (!type.hasStaticShape() || !indicesType.hasStaticShape() ||
      indicesType.getRank() == 0)
    return ctx.fail("tensor (input 0) and indices (input 1, at least a "
                    "vector) need static shapes");
  if (type.getElementType() != typeOf(updates).getElementType())
    return ctx.fail("tensor and updates differ in element type");
  int64_t depth = indicesType.getShape().back();
  int64_t updatesRank = typeOf(updates).getRank();
  if (depth < 1 || updatesRank < indicesType.getRank() - 1)
    return ctx.fail("indices " + llvm::formatv("{0}", indicesType).str() +
                    " do not address slices of tensor " +
                    llvm::formatv("{0}", type).str() + " with updates " +
                    llvm::formatv("{0}", updates.getType()).str());
  int64_t count = indicesType.getNumElements() / depth;
  Value last = ctx.uniqueAmongRows(
      ctx.equalRows(ctx.reshape(indices, {count, depth})), /*first=*/false);
  SmallVector<int64_t> keepShape(indicesType.getShape().drop_back());
  keepShape.append(updatesRank - keepShape.size(), 1);
  Value keep = ctx.reshape(last, keepShape);
  Value kept = SelectOp::create(ctx.builder, ctx.loc, keep, updates,
                                ctx.scalar(updates, 0.0));
  Value ones = ctx.splat(typeOf(updates), 1.0);
  FailureOr<Value> written = ctx.scatterND(indices, kept, type.getShape());
  FailureOr<Value> covered = ctx.scatterND(indices, ones, type.getShape());
  if (failed(written) || failed(covered))
    return failure();
  Value replaced = GreaterOp::create(ctx.builder, ctx.loc, *covered,
                                     ctx.scalar(*covered, 0.0));
  return single(
      SelectOp::create(ctx.builder, ctx.loc, replaced, *written, tensor));
}

/// UnsortedSegmentSum(data, segment_ids, num_segments): the number of
/// segments must be known at import; ids of it or more fail the step,
/// negative ids are dropped.
FailureOr<NodeOutputs> convertUnsortedSegmentSum(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  auto count = ctx.constantInts(2, "num_segments");
  if (failed(count))
    return failure();
  if (count->size() != 1 || (*count)[0] < 0)
    return ctx.fail("num_segments (input 2) must be one non-negative value");
  int64_t segments = (*count)[0];
  if (failed(checkIndices(ctx, 1, segments, /*negativeAllowed=*/true,
                          "segment_ids")))
    return failure();
  Value data = ctx.input(0), ids = ctx.input(1);
  FailureOr<Type> type =
      infer(ctx, "kiln.unsorted_segment_sum", [&](const InferenceDiag &d) {
        return inferUnsortedSegmentSum(d, data.getType(), ids.getType(),
                                       segments);
      });
  if (failed(type))
    return failure();
  return single(
      UnsortedSegmentSumOp::create(ctx.builder, ctx.loc, *type, data, ids,
                                   ctx.builder.getI64IntegerAttr(segments)));
}

/// CheckNumerics(tensor; message): the step fails when the tensor holds
/// NaN or an infinity.
FailureOr<NodeOutputs> convertCheckNumerics(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  Value x = ctx.input(0);
  if (!isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType()))
    return ctx.fail("checks floating-point tensors only");
  return single(CheckNumericsOp::create(ctx.builder, ctx.loc, x.getType(), x,
                                        ctx.stringAttr("message", "")));
}

} // namespace

const llvm::StringMap<Converter> &indexingConverters() {
  static const llvm::StringMap<Converter> table = {
      {"GatherV2", convertGatherV2},
      {"Gather", convertGather},
      {"ResourceGather", convertGather},
      {"GatherNd", convertGatherNd},
      {"ScatterNd", convertScatterNd},
      {"TensorScatterAdd", convertTensorScatter<false>},
      {"TensorScatterSub", convertTensorScatter<true>},
      {"TensorScatterUpdate", convertTensorScatterUpdate},
      {"Unique", convertUnique},
      {"UnsortedSegmentSum", convertUnsortedSegmentSum},
      {"CheckNumerics", convertCheckNumerics},
      {"CheckNumericsV2", convertCheckNumerics},
  };
  return table;
}

} // namespace kiln::tfgraph
