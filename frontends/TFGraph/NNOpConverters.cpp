//===- NNOpConverters.cpp - TF batch norm, dense cross-entropy, resizes ---===//
//
// FusedBatchNorm/V2/V3 (inference, and training with TensorFlow's
// outputs: the batch mean and Bessel-corrected variance, blended by
// exponential_avg_factor), SoftmaxCrossEntropyWithLogits with dense
// labels, and ResizeBilinear / ResizeNearestNeighbor as one constant
// interpolation matrix per resized axis, with TensorFlow's align_corners
// and half_pixel_centers rules.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using kiln::frontend::productOf;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

/// `v` with element type `to` (itself when it has it).
Value castElements(NodeContext &ctx, Value v, Type to) {
  if (typeOf(v).getElementType() == to)
    return v;
  return CastOp::create(ctx.builder, ctx.loc, typeOf(v).clone(to), v);
}

/// FusedBatchNorm(x, scale, offset, mean, variance) in NHWC.
FailureOr<NodeOutputs> convertFusedBatchNorm(NodeContext &ctx) {
  if (failed(ctx.expectInputs(5)) || failed(ctx.expectNHWC()))
    return failure();
  OpBuilder &b = ctx.builder;
  Location loc = ctx.loc;
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() != 4)
    return ctx.fail("expected a rank-4 NHWC input");
  Value scale = ctx.input(1), offset = ctx.input(2);
  int64_t channels = type.getDimSize(3);
  for (unsigned i : {1u, 2u}) {
    RankedTensorType param = typeOf(ctx.input(i));
    if (param.getRank() != 1 || param.getDimSize(0) != channels)
      return ctx.fail(Twine(i == 1 ? "scale" : "offset") +
                      " must hold one value per channel");
  }
  double epsilon = ctx.floatAttr("epsilon", 1e-4f);
  bool training = ctx.boolAttr("is_training", true);
  double factor = ctx.floatAttr("exponential_avg_factor", 1.0f);
  Type element = type.getElementType();
  // Statistics in the parameters' type (float32 for half inputs, as TF).
  Type paramElement = typeOf(scale).getElementType();
  Value xp = castElements(ctx, x, paramElement);
  Value mean, variance, batchMean, batchVariance;
  if (training) {
    SmallVector<int64_t> axes = {0, 1, 2};
    mean = ReduceMeanOp::create(b, loc, xp, axes, false);
    Value centered = SubOp::create(b, loc, xp, mean);
    variance = ReduceMeanOp::create(b, loc, SquareOp::create(b, loc, centered),
                                    axes, false);
    int64_t count = productOf(type.getShape().drop_back());
    if (ShapedType::isDynamic(count))
      return ctx.fail("training mode needs a static input shape");
    double bessel = count > 1 ? double(count) / double(count - 1) : 1.0;
    batchMean = mean;
    batchVariance =
        MulOp::create(b, loc, variance, ctx.scalar(variance, bessel));
    if (factor != 1.0) {
      auto blend = [&](Value running, Value current) {
        Value kept =
            MulOp::create(b, loc, running, ctx.scalar(running, 1.0 - factor));
        Value added =
            MulOp::create(b, loc, current, ctx.scalar(current, factor));
        return Value(AddOp::create(b, loc, kept, added));
      };
      batchMean = blend(ctx.input(3), batchMean);
      batchVariance = blend(ctx.input(4), batchVariance);
    }
  } else {
    mean = batchMean = ctx.input(3);
    variance = batchVariance = ctx.input(4);
    for (Value stat : {mean, variance})
      if (typeOf(stat).getRank() != 1 || typeOf(stat).getDimSize(0) != channels)
        return ctx.fail("mean and variance must hold one value per channel "
                        "in inference");
  }
  Value inverse = RsqrtOp::create(
      b, loc, AddOp::create(b, loc, variance, ctx.scalar(variance, epsilon)));
  Value factorPerChannel = MulOp::create(b, loc, inverse, scale);
  Value shift = SubOp::create(b, loc, offset,
                              MulOp::create(b, loc, mean, factorPerChannel));
  Value y =
      AddOp::create(b, loc, MulOp::create(b, loc, xp, factorPerChannel), shift);
  SmallVector<Value> outputs = {castElements(ctx, y, element), batchMean,
                                batchVariance, mean, variance};
  if (ctx.node.op() == "FusedBatchNormV3") {
    // reserve_space_3 is scratch for TensorFlow's gradient kernel; kiln's
    // gradients do not read it.
    auto empty = RankedTensorType::get({0}, paramElement);
    outputs.push_back(ConstantOp::create(
        b, loc, DenseElementsAttr::get(empty, ArrayRef<Attribute>{})));
  }
  return several(outputs);
}

/// FusedBatchNormGrad/V2/V3(dy, x, scale, reserve_space_1,
/// reserve_space_2[, reserve_space_3]): the reserves are the forward's
/// mean and (biased) variance. In training the batch statistics depend on
/// x: dx = scale / sigma (dy - mean(dy) - x_hat mean(dy x_hat)); in
/// inference dx = scale / sigma dy.
FailureOr<NodeOutputs> convertFusedBatchNormGrad(NodeContext &ctx) {
  bool v3 = ctx.node.op() == "FusedBatchNormGradV3";
  if (failed(ctx.expectInputs(v3 ? 6 : 5)) || failed(ctx.expectNHWC()))
    return failure();
  OpBuilder &b = ctx.builder;
  Location loc = ctx.loc;
  Value dy = ctx.input(0), x = ctx.input(1), scale = ctx.input(2);
  Value mean = ctx.input(3), variance = ctx.input(4);
  RankedTensorType type = typeOf(x);
  if (type.getRank() != 4 || dy.getType() != x.getType())
    return ctx.fail("expected rank-4 NHWC x and y_backprop of one type");
  Type paramElement = typeOf(scale).getElementType();
  Value dyp = castElements(ctx, dy, paramElement),
        xp = castElements(ctx, x, paramElement);
  double epsilon = ctx.floatAttr("epsilon", 1e-4f);
  Value inverse = RsqrtOp::create(
      b, loc, AddOp::create(b, loc, variance, ctx.scalar(variance, epsilon)));
  Value normalized =
      MulOp::create(b, loc, SubOp::create(b, loc, xp, mean), inverse);
  SmallVector<int64_t> axes = {0, 1, 2};
  Value offsetGrad = ReduceSumOp::create(b, loc, dyp, axes, false);
  Value scaleGrad = ReduceSumOp::create(
      b, loc, MulOp::create(b, loc, dyp, normalized), axes, false);
  Value factor = MulOp::create(b, loc, scale, inverse);
  Value dx;
  if (ctx.boolAttr("is_training", true)) {
    int64_t count = productOf(type.getShape().drop_back());
    if (ShapedType::isDynamic(count))
      return ctx.fail("training mode needs a static input shape");
    Value meanDy =
        MulOp::create(b, loc, offsetGrad, ctx.scalar(offsetGrad, 1.0 / count));
    Value meanDyXhat =
        MulOp::create(b, loc, scaleGrad, ctx.scalar(scaleGrad, 1.0 / count));
    Value centered =
        SubOp::create(b, loc, SubOp::create(b, loc, dyp, meanDy),
                      MulOp::create(b, loc, normalized, meanDyXhat));
    dx = MulOp::create(b, loc, centered, factor);
  } else {
    dx = MulOp::create(b, loc, dyp, factor);
  }
  auto empty = RankedTensorType::get({0}, paramElement);
  Value reserve = ConstantOp::create(
      b, loc, DenseElementsAttr::get(empty, ArrayRef<Attribute>{}));
  return several({castElements(ctx, dx, type.getElementType()), scaleGrad,
                  offsetGrad, reserve, reserve});
}

/// SoftmaxCrossEntropyWithLogits(features, labels) -> (loss, backprop):
/// loss = -sum(labels * log_softmax(features)) per row, backprop =
/// softmax(features) - labels.
FailureOr<NodeOutputs> convertSoftmaxCrossEntropy(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value features = ctx.input(0), labels = ctx.input(1);
  RankedTensorType type = typeOf(features);
  if (type.getRank() != 2)
    return ctx.fail("expected rank-2 features [batch, classes]");
  if (labels.getType() != features.getType())
    return ctx.fail("labels have type " +
                    llvm::formatv("{0}", labels.getType()).str() +
                    " but features have " + llvm::formatv("{0}", type).str());
  OpBuilder &b = ctx.builder;
  Value logProbabilities = LogSoftmaxOp::create(b, ctx.loc, type, features);
  Value weighted = MulOp::create(b, ctx.loc, labels, logProbabilities);
  Value loss = NegOp::create(
      b, ctx.loc, ReduceSumOp::create(b, ctx.loc, weighted, {1}, false));
  Value backprop = SubOp::create(
      b, ctx.loc, SoftmaxOp::create(b, ctx.loc, type, features), labels);
  return several({loss, backprop});
}

/// The interpolation weights (in x out) of one resized axis.
SmallVector<double> resizeWeights(int64_t in, int64_t out, bool bilinear,
                                  bool alignCorners, bool halfPixel) {
  // TensorFlow computes the source coordinate in float.
  float scale = alignCorners && out > 1 ? float(in - 1) / float(out - 1)
                                        : float(in) / float(out);
  SmallVector<double> weights(in * out, 0.0);
  for (int64_t o = 0; o < out; ++o) {
    if (bilinear) {
      float source =
          halfPixel ? (float(o) + 0.5f) * scale - 0.5f : float(o) * scale;
      float floorSource = std::floor(source);
      int64_t lower = std::max<int64_t>(int64_t(floorSource), 0);
      int64_t upper = std::min<int64_t>(int64_t(std::ceil(source)), in - 1);
      double lerp = source - floorSource;
      weights[lower * out + o] += 1.0 - lerp;
      weights[upper * out + o] += lerp;
      continue;
    }
    float source = halfPixel ? (float(o) + 0.5f) * scale : float(o) * scale;
    int64_t index = alignCorners ? int64_t(std::round(source))
                                 : int64_t(std::floor(source));
    index = std::min<int64_t>(index, in - 1);
    if (halfPixel)
      index = std::max<int64_t>(index, 0);
    weights[index * out + o] = 1.0;
  }
  return weights;
}

/// ResizeBilinear / ResizeNearestNeighbor(images [N, H, W, C], size).
template <bool bilinear>
FailureOr<NodeOutputs> convertResize(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  auto size = ctx.constantInts(1, "size");
  if (failed(size))
    return failure();
  if (type.getRank() != 4 || size->size() != 2)
    return ctx.fail("expected NHWC images and a size [height, width]");
  bool alignCorners = ctx.boolAttr("align_corners", false);
  bool halfPixel = ctx.boolAttr("half_pixel_centers", false);
  if (alignCorners && halfPixel)
    return ctx.fail("align_corners and half_pixel_centers cannot both be set");
  Type element = type.getElementType();
  if (bilinear && !element.isF32())
    x = CastOp::create(ctx.builder, ctx.loc,
                       type.clone(ctx.builder.getF32Type()), x);
  else if (!isa<FloatType>(element))
    return ctx.fail("expected float images");
  for (int64_t axis : {1, 2}) {
    int64_t in = type.getDimSize(axis), out = (*size)[axis - 1];
    if (ShapedType::isDynamic(in) || in <= 0 || out <= 0)
      return ctx.fail("resizing needs positive static sizes, got " +
                      Twine(ShapedType::isDynamic(in) ? -1 : in) + " to " +
                      Twine(out));
    if (in == out && !halfPixel && !alignCorners)
      continue;
    FailureOr<Value> resized = ctx.resampleAxis(
        x, axis, resizeWeights(in, out, bilinear, alignCorners, halfPixel),
        out);
    if (failed(resized))
      return failure();
    x = *resized;
  }
  return single(x);
}

/// ResizeBilinearGrad(grads, original_image) and
/// ResizeNearestNeighborGrad(grads, size): each output gradient sent back
/// through the transposed interpolation matrix.
template <bool bilinear>
FailureOr<NodeOutputs> convertResizeGrad(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  Value grad = ctx.input(0);
  RankedTensorType type = typeOf(grad);
  SmallVector<int64_t> original;
  if (bilinear) {
    RankedTensorType image = typeOf(ctx.input(1));
    if (image.getRank() != 4)
      return ctx.fail("expected the original NHWC image");
    original = {image.getDimSize(1), image.getDimSize(2)};
  } else {
    auto size = ctx.constantInts(1, "size");
    if (failed(size))
      return failure();
    original = *size;
  }
  if (type.getRank() != 4 || original.size() != 2)
    return ctx.fail("expected NHWC gradients and a size [height, width]");
  bool alignCorners = ctx.boolAttr("align_corners", false);
  bool halfPixel = ctx.boolAttr("half_pixel_centers", false);
  for (int64_t axis : {1, 2}) {
    int64_t in = original[axis - 1], out = type.getDimSize(axis);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(out))
      return ctx.fail("resize gradients need static sizes");
    if (in == out && !halfPixel && !alignCorners)
      continue;
    SmallVector<double> forward =
        resizeWeights(in, out, bilinear, alignCorners, halfPixel);
    SmallVector<double> backward(in * out);
    for (int64_t i = 0; i < in; ++i)
      for (int64_t o = 0; o < out; ++o)
        backward[o * in + i] = forward[i * out + o];
    FailureOr<Value> resized = ctx.resampleAxis(grad, axis, backward, in);
    if (failed(resized))
      return failure();
    grad = *resized;
  }
  if (bilinear &&
      typeOf(grad).getElementType() != typeOf(ctx.input(1)).getElementType())
    grad = CastOp::create(
        ctx.builder, ctx.loc,
        typeOf(grad).clone(typeOf(ctx.input(1)).getElementType()), grad);
  return single(grad);
}

} // namespace

const llvm::StringMap<Converter> &nnConverters() {
  static const llvm::StringMap<Converter> table = {
      {"FusedBatchNorm", convertFusedBatchNorm},
      {"FusedBatchNormV2", convertFusedBatchNorm},
      {"FusedBatchNormV3", convertFusedBatchNorm},
      {"FusedBatchNormGrad", convertFusedBatchNormGrad},
      {"FusedBatchNormGradV2", convertFusedBatchNormGrad},
      {"FusedBatchNormGradV3", convertFusedBatchNormGrad},
      {"SoftmaxCrossEntropyWithLogits", convertSoftmaxCrossEntropy},
      {"ResizeBilinear", convertResize<true>},
      {"ResizeNearestNeighbor", convertResize<false>},
      {"ResizeBilinearGrad", convertResizeGrad<true>},
      {"ResizeNearestNeighborGrad", convertResizeGrad<false>},
  };
  return table;
}

} // namespace kiln::tfgraph
