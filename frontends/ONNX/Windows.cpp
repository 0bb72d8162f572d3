//===- Windows.cpp - ONNX window attributes and layouts -------------------===//

#include "frontends/ONNX/Windows.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::onnximport {

namespace {
constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};
} // namespace

FailureOr<WindowSpec> windowSpec(OnnxNode &node, ArrayRef<int64_t> spatial,
                                 ArrayRef<int64_t> kernel, bool ceilMode) {
  WindowSpec spec;
  size_t rank = spatial.size();
  spec.kernel.assign(kernel.begin(), kernel.end());
  spec.strides =
      node.intsAttr("strides").value_or(SmallVector<int64_t>(rank, 1));
  spec.dilations =
      node.intsAttr("dilations").value_or(SmallVector<int64_t>(rank, 1));
  if (spec.strides.size() != rank || spec.dilations.size() != rank)
    return node.fail("strides and dilations need " + Twine(rank) + " values");
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  spec.before.assign(rank, 0);
  spec.after.assign(rank, 0);
  if (autoPad == "NOTSET") {
    if (auto pads = node.intsAttr("pads")) {
      if (pads->size() != 2 * rank)
        return node.fail("pads needs " + Twine(2 * rank) + " values");
      for (size_t d = 0; d < rank; ++d) {
        spec.before[d] = (*pads)[d];
        spec.after[d] = (*pads)[d + rank];
        if (spec.before[d] < 0 || spec.after[d] < 0)
          return node.fail("negative pads are not supported");
      }
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t d = 0; d < rank; ++d) {
      if (ShapedType::isDynamic(spatial[d]))
        return node.fail("auto_pad " + autoPad +
                         " needs static spatial "
                         "dimensions");
      int64_t effective = (kernel[d] - 1) * spec.dilations[d] + 1;
      int64_t out = (spatial[d] + spec.strides[d] - 1) / spec.strides[d];
      int64_t total = std::max<int64_t>(
          (out - 1) * spec.strides[d] + effective - spatial[d], 0);
      int64_t small = total / 2, large = total - small;
      spec.before[d] = autoPad == "SAME_UPPER" ? small : large;
      spec.after[d] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "VALID") {
    return node.fail("auto_pad '" + autoPad + "' is not supported");
  }
  if (ceilMode) {
    // Extra padding at the end lets the last, partial window exist.
    for (size_t d = 0; d < rank; ++d) {
      int64_t effective = (kernel[d] - 1) * spec.dilations[d] + 1;
      int64_t padded = spatial[d] + spec.before[d] + spec.after[d];
      int64_t span = padded - effective;
      int64_t out = (span + spec.strides[d] - 1) / spec.strides[d] + 1;
      // The last window must start inside the input or its left padding.
      if ((out - 1) * spec.strides[d] >= spatial[d] + spec.before[d])
        --out;
      spec.after[d] += std::max<int64_t>(0, (out - 1) * spec.strides[d] +
                                                effective - padded);
    }
  }
  return spec;
}

FailureOr<WindowSpec> window2d(OnnxNode &node, ArrayRef<int64_t> spatial,
                               ArrayRef<int64_t> kernel, bool ceilMode,
                               bool oneDimensional) {
  if (!oneDimensional)
    return windowSpec(node, spatial, kernel, ceilMode);
  FailureOr<WindowSpec> one =
      windowSpec(node, spatial.drop_front(), kernel.take_back(), ceilMode);
  if (failed(one))
    return failure();
  WindowSpec spec;
  spec.kernel = {1, kernel.back()};
  spec.strides = {1, one->strides[0]};
  spec.dilations = {1, one->dilations[0]};
  spec.before = {0, one->before[0]};
  spec.after = {0, one->after[0]};
  return spec;
}

// Concatenates constant slabs.
FailureOr<Value> padSpatial(OnnxNode &node, Value x, ArrayRef<int64_t> before,
                            ArrayRef<int64_t> after, double value) {
  for (int d = 0; d < 2; ++d) {
    if (before[d] == 0 && after[d] == 0)
      continue;
    RankedTensorType type = typeOf(x);
    if (!type.hasStaticShape())
      return node.fail("padding needs a static input shape");
    SmallVector<Value> parts;
    SmallVector<int64_t> shape(type.getShape());
    if (before[d]) {
      shape[d + 1] = before[d];
      parts.push_back(node.splat(type.clone(shape), value));
    }
    parts.push_back(x);
    if (after[d]) {
      shape[d + 1] = after[d];
      parts.push_back(node.splat(type.clone(shape), value));
    }
    x = ConcatOp::create(node.builder, node.loc, ValueRange(parts), d + 1);
  }
  return x;
}

FailureOr<Value> toNHWC(OnnxNode &node, Value x, bool &oneDimensional) {
  RankedTensorType type = typeOf(x);
  oneDimensional = type.getRank() == 3;
  if (oneDimensional)
    x = node.reshape(
        x, {type.getDimSize(0), type.getDimSize(1), 1, type.getDimSize(2)});
  else if (type.getRank() != 4)
    return node.fail("kiln supports 1-D and 2-D windows; the input has "
                     "rank " +
                     Twine(type.getRank()));
  return node.transpose(x, kToNHWC);
}

Value fromNHWC(OnnxNode &node, Value y, bool oneDimensional) {
  y = node.transpose(y, kToNCHW);
  if (!oneDimensional)
    return y;
  RankedTensorType type = typeOf(y);
  return node.reshape(
      y, {type.getDimSize(0), type.getDimSize(1), type.getDimSize(3)});
}

} // namespace kiln::onnximport
