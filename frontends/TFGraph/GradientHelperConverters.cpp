//===- GradientHelperConverters.cpp - the ops TF's gradients are made of --===//
//
// tf.gradients writes, besides the backward math (BiasAddGrad, Tile of a
// mean's gradient; the activations' in ActivationGradConverters.cpp), small
// integer computations
// on shapes: Shape, ShapeN, BroadcastGradientArgs, ConcatOffset,
// DynamicStitch, ListDiff, InvertPermutation (Prod, FloorMod, ExpandDims and
// GatherV2, general ops, live with the reduction, math, composite and indexing
// ops, and fold when their inputs are constants). With the feeds' concrete
// shapes known at import those inputs are constants, so these ops are evaluated
// here into kiln.constant values; a non-constant input is an error naming the
// node.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InterleavedRange.h"

#include <map>

using namespace mlir;

namespace kiln::tfgraph {
namespace {

/// An integer constant of `element` type (i32 or i64) and `shape`.
Value intConstant(NodeContext &ctx, Type element, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, element);
  SmallVector<APInt> bits;
  for (int64_t v : values)
    bits.push_back(APInt(element.getIntOrFloatBitWidth(), v, /*isSigned=*/true));
  return ConstantOp::create(ctx.builder, ctx.loc, type,
                            cast<ElementsAttr>(DenseElementsAttr::get(type, bits)));
}

/// The element type of Shape/ShapeN's results (out_type, int32 default).
FailureOr<Type> shapeElementType(NodeContext &ctx) {
  return ctx.typeAttr("out_type", ctx.builder.getI32Type());
}

/// Input `i`'s static shape as a constant vector.
FailureOr<Value> shapeOf(NodeContext &ctx, unsigned i, Type element) {
  auto type = ctx.inputType(i);
  if (failed(type))
    return failure();
  if (!type->hasStaticShape())
    return ctx.fail((ctx.inputs.size() == 1
                         ? std::string("the input shape")
                         : llvm::formatv("the shape of input {0}", i).str()) +
                    " is not static (feed a concrete shape)");
  return intConstant(ctx, element, {type->getRank()}, type->getShape());
}

FailureOr<NodeOutputs> convertShape(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  auto element = shapeElementType(ctx);
  if (failed(element))
    return failure();
  auto shape = shapeOf(ctx, 0, *element);
  if (failed(shape))
    return failure();
  return single(*shape);
}

/// ShapeN(x0, ..., xN-1): one shape per input (TF's conv gradients take the
/// input's and the filter's sizes from one ShapeN).
FailureOr<NodeOutputs> convertShapeN(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.fail("expected at least one data input");
  if (failed(ctx.expectCountAttr("N", ctx.inputs.size())))
    return failure();
  auto element = shapeElementType(ctx);
  if (failed(element))
    return failure();
  NodeOutputs outputs;
  for (unsigned i = 0; i < ctx.inputs.size(); ++i) {
    auto shape = shapeOf(ctx, i, *element);
    if (failed(shape))
      return failure();
    outputs.push_back(InputRef{*shape, "", nullptr});
  }
  return outputs;
}

/// BroadcastGradientArgs(s0, s1) -> (r0, r1): the axes of the broadcast
/// result each operand's gradient is summed over, as TensorFlow's BCast
/// computes them without its dimension-merging optimization: identical
/// shapes need none; otherwise, right-aligned and padded with 1s, a
/// dimension goes to the side whose size is 1, and to both sides when
/// both are 1.
FailureOr<NodeOutputs> convertBroadcastGradientArgs(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto s0 = ctx.constantInts(0, "s0"), s1 = ctx.constantInts(1, "s1");
  if (failed(s0) || failed(s1))
    return failure();
  SmallVector<int64_t> r0, r1;
  if (*s0 != *s1) {
    int64_t rank = std::max(s0->size(), s1->size());
    auto dim = [rank](ArrayRef<int64_t> shape, int64_t d) {
      int64_t at = d - (rank - static_cast<int64_t>(shape.size()));
      return at < 0 ? int64_t(1) : shape[at];
    };
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = dim(*s0, d), b = dim(*s1, d);
      if (a == b && a != 1)
        continue;
      if (a != 1 && b != 1)
        return ctx.fail(llvm::formatv("incompatible shapes [{0}] and [{1}]",
                                      llvm::interleaved(*s0, ","),
                                      llvm::interleaved(*s1, ","))
                            .str());
      if (a == 1)
        r0.push_back(d);
      if (b == 1)
        r1.push_back(d);
    }
  }
  Type element = cast<RankedTensorType>(ctx.input(0).getType()).getElementType();
  auto indices = [&](ArrayRef<int64_t> axes) {
    return InputRef{intConstant(ctx, element, {static_cast<int64_t>(axes.size())},
                                axes),
                    "", nullptr};
  };
  return NodeOutputs{indices(r0), indices(r1)};
}

/// BiasAddGrad: the bias's gradient sums over every axis but the channels.
FailureOr<NodeOutputs> convertBiasAddGrad(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)) || failed(ctx.expectNHWC()))
    return failure();
  Value grad = ctx.input(0);
  auto type = cast<RankedTensorType>(grad.getType());
  if (type.getRank() < 2)
    return ctx.fail(llvm::formatv("expected out_backprop of rank at least 2, "
                                  "got {0}",
                                  type)
                        .str());
  auto axes = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank() - 1));
  auto result = RankedTensorType::get({type.getShape().back()},
                                      type.getElementType());
  return single(ReduceSumOp::create(ctx.builder, ctx.loc, result, grad,
                                    ctx.builder.getDenseI64ArrayAttr(axes),
                                    /*keep_dims=*/false));
}

/// ConcatOffset(concat_dim, shape_0..shape_N-1) -> offset_i: where input
/// i of a concat starts, the sizes of the inputs before it along
/// concat_dim (the gradient of ConcatV2 slices with these).
FailureOr<NodeOutputs> convertConcatOffset(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.fail("expected the concat dimension and at least one shape");
  auto dim = ctx.constantInts(0, "concat_dim");
  if (failed(dim))
    return failure();
  SmallVector<SmallVector<int64_t>> shapes;
  for (unsigned i = 1; i < ctx.inputs.size(); ++i) {
    auto shape = ctx.constantInts(i, "shape");
    if (failed(shape))
      return failure();
    if (!shapes.empty() && shape->size() != shapes.front().size())
      return ctx.fail("the shapes differ in rank");
    shapes.push_back(*shape);
  }
  int64_t rank = shapes.front().size();
  if (dim->size() != 1)
    return ctx.fail("concat_dim (input 0) must be one value");
  FailureOr<int64_t> axis = ctx.axis((*dim)[0], rank);
  if (failed(axis))
    return failure();
  Type element =
      cast<RankedTensorType>(ctx.input(1).getType()).getElementType();
  NodeOutputs outputs;
  int64_t start = 0;
  for (ArrayRef<int64_t> shape : shapes) {
    SmallVector<int64_t> offset(rank, 0);
    offset[*axis] = start;
    start += shape[*axis];
    outputs.push_back(
        InputRef{intConstant(ctx, element, {rank}, offset), "", nullptr});
  }
  return outputs;
}

/// DynamicStitch(indices_0..N-1, data_0..N-1): merged[indices_i[j]] =
/// data_i[j] (later inputs win), for the constant shape arithmetic of
/// TensorFlow's reduction gradients.
FailureOr<NodeOutputs> convertDynamicStitch(NodeContext &ctx) {
  if (ctx.inputs.empty() || ctx.inputs.size() % 2)
    return ctx.fail("expected as many data inputs as index inputs");
  unsigned count = ctx.inputs.size() / 2;
  if (failed(ctx.expectCountAttr("N", count)))
    return failure();
  std::map<int64_t, SmallVector<int64_t>> merged;
  int64_t rowSize = -1;
  for (unsigned i = 0; i < count; ++i) {
    auto indices = ctx.constantInts(i, "indices");
    auto data = ctx.constantInts(count + i, "data");
    if (failed(indices) || failed(data))
      return failure();
    if (indices->empty())
      continue;
    if (data->size() % indices->size())
      return ctx.fail("data input " + Twine(count + i) +
                      " does not hold one row per index");
    int64_t size = data->size() / indices->size();
    if (rowSize >= 0 && size != rowSize)
      return ctx.fail("data rows differ in size");
    rowSize = size;
    for (auto [j, index] : llvm::enumerate(*indices)) {
      if (index < 0)
        return ctx.fail("index " + Twine(index) + " is negative");
      merged[index].assign(data->begin() + j * size,
                           data->begin() + (j + 1) * size);
    }
  }
  int64_t rows = merged.empty() ? 0 : merged.rbegin()->first + 1;
  if (int64_t(merged.size()) != rows)
    return ctx.fail("the indices leave rows of the result unset");
  SmallVector<int64_t> values;
  for (auto &[index, row] : merged)
    llvm::append_range(values, row);
  auto dataType = cast<RankedTensorType>(ctx.input(count).getType());
  auto indexType = cast<RankedTensorType>(ctx.input(0).getType());
  SmallVector<int64_t> shape = {rows};
  llvm::append_range(shape,
                     dataType.getShape().drop_front(indexType.getRank()));
  return single(intConstant(ctx, dataType.getElementType(), shape, values));
}

/// ListDiff(x, y) -> (out, idx): the values of x not in y, in order, and
/// their positions in x (TensorFlow's Prod gradient lists the axes kept).
/// The result's size depends on the values, so both must be constants.
FailureOr<NodeOutputs> convertListDiff(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto x = ctx.constantInts(0, "x"), y = ctx.constantInts(1, "y");
  if (failed(x) || failed(y))
    return failure();
  FailureOr<Type> indexType = ctx.typeAttr("out_idx", ctx.builder.getI32Type());
  if (failed(indexType))
    return failure();
  SmallVector<int64_t> kept, positions;
  for (auto [i, value] : llvm::enumerate(*x))
    if (!llvm::is_contained(*y, value)) {
      kept.push_back(value);
      positions.push_back(i);
    }
  int64_t size = kept.size();
  Type element =
      cast<RankedTensorType>(ctx.input(0).getType()).getElementType();
  return several({intConstant(ctx, element, {size}, kept),
                  intConstant(ctx, *indexType, {size}, positions)});
}

/// InvertPermutation(x): y[x[i]] = i, for a constant permutation.
FailureOr<NodeOutputs> convertInvertPermutation(NodeContext &ctx) {
  if (failed(ctx.expectInputs(1)))
    return failure();
  auto perm = ctx.constantInts(0, "x");
  if (failed(perm))
    return failure();
  int64_t size = perm->size();
  SmallVector<int64_t> inverse(size, -1);
  for (auto [i, p] : llvm::enumerate(*perm)) {
    if (p < 0 || p >= size || inverse[p] >= 0)
      return ctx.fail(llvm::formatv("[{0}] is not a permutation",
                                    llvm::interleaved(*perm, ","))
                          .str());
    inverse[p] = i;
  }
  Type element =
      cast<RankedTensorType>(ctx.input(0).getType()).getElementType();
  return single(intConstant(ctx, element, {size}, inverse));
}

/// Tile(x, m) = reshape(broadcast(reshape(x, [1, d0, 1, d1, ...]),
/// [m0, d0, m1, d1, ...]), [m0 * d0, m1 * d1, ...]).
FailureOr<NodeOutputs> convertTile(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto multiples = ctx.constantInts(1);
  if (failed(multiples))
    return failure();
  Value input = ctx.input(0);
  auto type = cast<RankedTensorType>(input.getType());
  if (!type.hasStaticShape() ||
      static_cast<int64_t>(multiples->size()) != type.getRank())
    return ctx.fail("needs a static input and one multiple per dimension");
  SmallVector<int64_t> spread, repeated, tiled;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    spread.append({1, type.getDimSize(d)});
    repeated.append({(*multiples)[d], type.getDimSize(d)});
    tiled.push_back((*multiples)[d] * type.getDimSize(d));
  }
  Type element = type.getElementType();
  Value x = ReshapeOp::create(ctx.builder, ctx.loc,
                              RankedTensorType::get(spread, element), input);
  auto repeatedType = RankedTensorType::get(repeated, element);
  Value zeros = ctx.splat(repeatedType, 0.0);
  Value broadcast = AddOp::create(ctx.builder, ctx.loc, repeatedType, x, zeros);
  return single(ReshapeOp::create(ctx.builder, ctx.loc,
                                  RankedTensorType::get(tiled, element), broadcast));
}

} // namespace

const llvm::StringMap<Converter> &gradientHelperConverters() {
  static const llvm::StringMap<Converter> table = {
      {"Tile", convertTile},
      {"Shape", convertShape},
      {"ShapeN", convertShapeN},
      {"ConcatOffset", convertConcatOffset},
      {"DynamicStitch", convertDynamicStitch},
      {"ListDiff", convertListDiff},
      {"InvertPermutation", convertInvertPermutation},
      {"BiasAddGrad", convertBiasAddGrad},
      {"BroadcastGradientArgs", convertBroadcastGradientArgs},
  };
  return table;
}

} // namespace kiln::tfgraph
