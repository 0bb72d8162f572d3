//===- WindowOpConverters.cpp - convolution and pooling, both ways --------===//
//
// Conv2D, MaxPool, AvgPool and the gradient ops tf.gradients writes for
// them. TensorFlow states windows as NHWC 4-lists ([1, h, w, 1]); kiln
// keeps the spatial pair, so both directions read their attributes through
// the same two parsers and the gradients carry exactly the forward op's.
//
// A gradient's result shape is an input of the TF op (input_sizes,
// filter_sizes, orig_input_shape): several forward shapes give one output
// shape, so it cannot be inferred and must fold to a constant at import.
// The importer then runs the op's verifier (the forward rule applied to
// that shape) and reports a mismatch against the node.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using kiln::frontend::typeOf;

namespace kiln::tfgraph {
namespace {

/// TensorFlow's 4-element NHWC window lists, [1, h, w, 1], as [h, w].
FailureOr<SmallVector<int64_t>> spatialPairOf(NodeContext &ctx, StringRef name,
                                              ArrayRef<int64_t> values,
                                              int64_t fallback) {
  if (values.empty())
    return SmallVector<int64_t>{fallback, fallback};
  if (values.size() != 4 || values[0] != 1 || values[3] != 1)
    return ctx.fail("expected '" + name + "' as [1, height, width, 1]");
  return SmallVector<int64_t>{values[1], values[2]};
}

/// A window list from the node's attribute `name`.
FailureOr<SmallVector<int64_t>> spatialPair(NodeContext &ctx, StringRef name,
                                            int64_t fallback) {
  return spatialPairOf(ctx, name, ctx.intListAttr(name), fallback);
}

FailureOr<Padding> paddingAttr(NodeContext &ctx) {
  std::string padding = ctx.stringAttr("padding", "");
  if (std::optional<Padding> parsed = symbolizePadding(padding))
    return *parsed;
  return ctx.fail("unknown padding '" + padding + "'");
}

/// The attributes kiln.conv2d and its two gradients share, as attributes.
struct ConvWindow {
  DenseI64ArrayAttr strides, dilations;
  PaddingAttr padding;
  DenseI64ArrayAttr explicitPaddings; // null unless padding is EXPLICIT

  std::optional<ArrayRef<int64_t>> explicitPads() const {
    if (!explicitPaddings)
      return std::nullopt;
    return explicitPaddings.asArrayRef();
  }
};

FailureOr<ConvWindow> convWindow(NodeContext &ctx) {
  if (failed(ctx.expectNHWC()))
    return failure();
  auto strides = spatialPair(ctx, "strides", 1);
  auto dilations = spatialPair(ctx, "dilations", 1);
  auto padding = paddingAttr(ctx);
  if (failed(strides) || failed(dilations) || failed(padding))
    return failure();
  OpBuilder &b = ctx.builder;
  ConvWindow window{b.getDenseI64ArrayAttr(*strides),
                    b.getDenseI64ArrayAttr(*dilations),
                    PaddingAttr::get(b.getContext(), *padding),
                    {}};
  if (*padding == Padding::Explicit) {
    // TF pads all four NHWC dimensions; kiln keeps the H and W pairs.
    SmallVector<int64_t> pads = ctx.intListAttr("explicit_paddings");
    if (pads.size() != 8)
      return ctx.fail("padding EXPLICIT needs 8 explicit_paddings");
    window.explicitPaddings =
        b.getDenseI64ArrayAttr({pads[2], pads[3], pads[4], pads[5]});
  }
  return window;
}

/// The attributes the pools and their gradients share.
struct PoolWindow {
  DenseI64ArrayAttr ksize, strides;
  PaddingAttr padding;
};

/// The pool window of the node: ksize and strides from its attributes,
/// or (the V2 ops) from constant inputs `ksizeInput` and `ksizeInput + 1`.
FailureOr<PoolWindow> poolWindow(NodeContext &ctx,
                                 std::optional<unsigned> ksizeInput = {}) {
  if (failed(ctx.expectNHWC()))
    return failure();
  FailureOr<SmallVector<int64_t>> ksize = failure(), strides = failure();
  if (ksizeInput) {
    auto ksizeValues = ctx.constantInts(*ksizeInput, "ksize");
    auto strideValues = ctx.constantInts(*ksizeInput + 1, "strides");
    if (failed(ksizeValues) || failed(strideValues))
      return failure();
    ksize = spatialPairOf(ctx, "ksize", *ksizeValues, 1);
    strides = spatialPairOf(ctx, "strides", *strideValues, 1);
  } else {
    ksize = spatialPair(ctx, "ksize", 1);
    strides = spatialPair(ctx, "strides", 1);
  }
  auto padding = paddingAttr(ctx);
  if (failed(ksize) || failed(strides) || failed(padding))
    return failure();
  OpBuilder &b = ctx.builder;
  return PoolWindow{b.getDenseI64ArrayAttr(*ksize),
                    b.getDenseI64ArrayAttr(*strides),
                    PaddingAttr::get(b.getContext(), *padding)};
}

/// The tensor type of a gradient's result from its constant shape input
/// `i` (named `what` in errors), with `element` type.
FailureOr<RankedTensorType> shapeInput(NodeContext &ctx, unsigned i,
                                       StringRef what, Type element) {
  auto dims = ctx.constantInts(i, what);
  if (failed(dims))
    return failure();
  if (dims->size() != 4)
    return ctx.fail("expected " + what + " with 4 elements, got " +
                    Twine(dims->size()));
  for (int64_t d : *dims)
    if (d < 0)
      return ctx.fail("expected non-negative " + what + ", got a dimension " +
                      Twine(d));
  return RankedTensorType::get(*dims, element);
}

Type elementOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

/// One kiln.conv2d of `input` and `filter` with the node's window.
FailureOr<Value> emitConv2D(NodeContext &ctx, const ConvWindow &window,
                            Value input, Value filter) {
  auto type =
      infer(ctx, Conv2DOp::getOperationName(), [&](const InferenceDiag &d) {
        return inferConv2D(d, input.getType(), filter.getType(),
                           window.strides.asArrayRef(),
                           window.dilations.asArrayRef(),
                           window.padding.getValue(), window.explicitPads());
      });
  if (failed(type))
    return failure();
  return Value(Conv2DOp::create(ctx.builder, ctx.loc, *type, input, filter,
                                window.strides, window.dilations,
                                window.padding, window.explicitPaddings));
}

FailureOr<NodeOutputs> convertConv2D(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto window = convWindow(ctx);
  if (failed(window))
    return failure();
  FailureOr<Value> conv = emitConv2D(ctx, *window, ctx.input(0), ctx.input(1));
  if (failed(conv))
    return failure();
  return single(*conv);
}

/// DepthwiseConv2dNative(input [N, H, W, C], filter [kH, kW, C, M]):
/// channel c convolved with its M filters gives output channels
/// [c M, (c + 1) M), one kiln.conv2d per channel, concatenated.
FailureOr<NodeOutputs> convertDepthwiseConv2D(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto window = convWindow(ctx);
  if (failed(window))
    return failure();
  Value input = ctx.input(0), filter = ctx.input(1);
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (inputType.getRank() != 4 || filterType.getRank() != 4)
    return ctx.fail("expected a rank-4 input and filter");
  int64_t channels = inputType.getDimSize(3);
  if (ShapedType::isDynamic(channels) || filterType.getDimSize(2) != channels)
    return ctx.fail("the filter's third dimension must equal the input's " +
                    Twine(ShapedType::isDynamic(channels) ? -1 : channels) +
                    " channels");
  SmallVector<Value> outputs;
  for (int64_t c = 0; c < channels; ++c) {
    FailureOr<Value> conv = emitConv2D(ctx, *window, ctx.slice(input, 3, c, 1),
                                       ctx.slice(filter, 2, c, 1));
    if (failed(conv))
      return failure();
    outputs.push_back(*conv);
  }
  if (outputs.size() == 1)
    return single(outputs[0]);
  return single(ConcatOp::create(ctx.builder, ctx.loc, ValueRange(outputs), 3));
}

/// Conv2DBackpropInput(input_sizes, filter, out_backprop).
FailureOr<NodeOutputs> convertConv2DBackpropInput(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  auto window = convWindow(ctx);
  if (failed(window))
    return failure();
  Value filter = ctx.input(1), outBackprop = ctx.input(2);
  auto type = shapeInput(ctx, 0, "input_sizes", elementOf(filter));
  if (failed(type))
    return failure();
  return single(Conv2DBackpropInputOp::create(
      ctx.builder, ctx.loc, *type, filter, outBackprop, window->strides,
      window->dilations, window->padding, window->explicitPaddings));
}

/// Conv2DBackpropFilter(input, filter_sizes, out_backprop).
FailureOr<NodeOutputs> convertConv2DBackpropFilter(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  auto window = convWindow(ctx);
  if (failed(window))
    return failure();
  Value input = ctx.input(0), outBackprop = ctx.input(2);
  auto type = shapeInput(ctx, 1, "filter_sizes", elementOf(input));
  if (failed(type))
    return failure();
  return single(Conv2DBackpropFilterOp::create(
      ctx.builder, ctx.loc, *type, input, outBackprop, window->strides,
      window->dilations, window->padding, window->explicitPaddings));
}

/// DepthwiseConv2dNativeBackpropInput(input_sizes, filter, out_backprop)
/// and ...BackpropFilter(input, filter_sizes, out_backprop): per channel
/// c, the gradients of its kiln.conv2d (output channels [c M, (c + 1) M)),
/// concatenated.
template <bool ofInput>
FailureOr<NodeOutputs> convertDepthwiseBackprop(NodeContext &ctx) {
  if (failed(ctx.expectInputs(3)))
    return failure();
  auto window = convWindow(ctx);
  if (failed(window))
    return failure();
  Value outBackprop = ctx.input(2);
  Value operand = ctx.input(ofInput ? 1 : 0); // the filter, or the input
  auto type =
      shapeInput(ctx, ofInput ? 0 : 1, ofInput ? "input_sizes" : "filter_sizes",
                 elementOf(outBackprop));
  if (failed(type))
    return failure();
  // Channels: the input's last dimension, the filter's third.
  int64_t channels = type->getDimSize(ofInput ? 3 : 2);
  int64_t multiplier =
      ofInput ? typeOf(operand).getDimSize(3) : type->getDimSize(3);
  if (typeOf(outBackprop).getDimSize(3) != channels * multiplier)
    return ctx.fail("out_backprop has " +
                    Twine(typeOf(outBackprop).getDimSize(3)) +
                    " channels, expected " + Twine(channels * multiplier));
  SmallVector<int64_t> part(type->getShape());
  part[ofInput ? 3 : 2] = 1;
  auto partType = type->clone(part);
  SmallVector<Value> parts;
  for (int64_t c = 0; c < channels; ++c) {
    Value dy = ctx.slice(outBackprop, 3, c * multiplier, multiplier);
    if (ofInput)
      parts.push_back(Conv2DBackpropInputOp::create(
          ctx.builder, ctx.loc, partType, ctx.slice(operand, 2, c, 1), dy,
          window->strides, window->dilations, window->padding,
          window->explicitPaddings));
    else
      parts.push_back(Conv2DBackpropFilterOp::create(
          ctx.builder, ctx.loc, partType, ctx.slice(operand, 3, c, 1), dy,
          window->strides, window->dilations, window->padding,
          window->explicitPaddings));
  }
  if (parts.size() == 1)
    return single(parts[0]);
  return single(ConcatOp::create(ctx.builder, ctx.loc, ValueRange(parts),
                                 ofInput ? 3 : 2));
}

/// MaxPool/AvgPool(input), and MaxPoolV2(input, ksize, strides).
template <typename OpT> FailureOr<NodeOutputs> convertPool(NodeContext &ctx) {
  bool v2 = ctx.node.op() == "MaxPoolV2";
  if (failed(ctx.expectInputs(v2 ? 3 : 1)))
    return failure();
  auto window = v2 ? poolWindow(ctx, 1u) : poolWindow(ctx);
  if (failed(window))
    return failure();
  Value input = ctx.input(0);
  auto type = infer(ctx, OpT::getOperationName(), [&](const InferenceDiag &d) {
    return inferPool(d, input.getType(), window->ksize.asArrayRef(),
                     window->strides.asArrayRef(), window->padding.getValue());
  });
  if (failed(type))
    return failure();
  return single(OpT::create(ctx.builder, ctx.loc, *type, input, window->ksize,
                            window->strides, window->padding));
}

/// MaxPoolGrad(orig_input, orig_output, grad): the gradient has the
/// input's type, so no shape needs to fold.
FailureOr<NodeOutputs> convertMaxPoolGrad(NodeContext &ctx) {
  bool v2 = ctx.node.op() == "MaxPoolGradV2";
  if (failed(ctx.expectInputs(v2 ? 5 : 3)))
    return failure();
  auto window = v2 ? poolWindow(ctx, 3u) : poolWindow(ctx);
  if (failed(window))
    return failure();
  Value input = ctx.input(0), output = ctx.input(1), grad = ctx.input(2);
  return single(MaxPoolGradOp::create(ctx.builder, ctx.loc, input.getType(),
                                      input, output, grad, window->ksize,
                                      window->strides, window->padding));
}

/// AvgPoolGrad(orig_input_shape, grad).
FailureOr<NodeOutputs> convertAvgPoolGrad(NodeContext &ctx) {
  if (failed(ctx.expectInputs(2)))
    return failure();
  auto window = poolWindow(ctx);
  if (failed(window))
    return failure();
  Value grad = ctx.input(1);
  auto type = shapeInput(ctx, 0, "orig_input_shape", elementOf(grad));
  if (failed(type))
    return failure();
  return single(AvgPoolGradOp::create(ctx.builder, ctx.loc, *type, grad,
                                      window->ksize, window->strides,
                                      window->padding));
}

} // namespace

const llvm::StringMap<Converter> &windowConverters() {
  static const llvm::StringMap<Converter> table = {
      {"Conv2D", convertConv2D},
      {"Conv2DBackpropInput", convertConv2DBackpropInput},
      {"DepthwiseConv2dNative", convertDepthwiseConv2D},
      {"DepthwiseConv2dNativeBackpropInput", convertDepthwiseBackprop<true>},
      {"DepthwiseConv2dNativeBackpropFilter", convertDepthwiseBackprop<false>},
      {"Conv2DBackpropFilter", convertConv2DBackpropFilter},
      {"MaxPool", convertPool<MaxPoolOp>},
      {"AvgPool", convertPool<AvgPoolOp>},
      {"MaxPoolGrad", convertMaxPoolGrad},
      {"MaxPoolV2", convertPool<MaxPoolOp>},
      {"MaxPoolGradV2", convertMaxPoolGrad},
      {"AvgPoolGrad", convertAvgPoolGrad},
  };
  return table;
}

} // namespace kiln::tfgraph
