//===- SpatialConverters.cpp - ONNX Pad, Resize, Trilu, DepthToSpace ------===//
//
// Ops that move elements in space, written with kiln's slices, concats,
// reverses, transposes and constant matrices: Pad (constant, edge,
// reflect, wrap; negative pads crop), Resize (nearest and linear, every
// coordinate transformation but tf_crop_and_resize, as one constant
// interpolation matrix per resized axis), Trilu, DepthToSpace and
// SpaceToDepth. Shapes must be static where they are rearranged.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;

namespace kiln::onnximport {
namespace {

/// ONNX's Pad modes.
std::optional<frontend::PadMode> padMode(StringRef mode) {
  return llvm::StringSwitch<std::optional<frontend::PadMode>>(mode)
      .Case("constant", frontend::PadMode::Constant)
      .Case("edge", frontend::PadMode::Edge)
      .Case("reflect", frontend::PadMode::Reflect)
      .Case("wrap", frontend::PadMode::Wrap)
      .Default(std::nullopt);
}

FailureOr<NodeResults> convertPad(OnnxNode &node) {
  RankedTensorType type = node.inputType(0);
  int64_t rank = type.getRank();
  SmallVector<int64_t> pads, axes;
  Value fill;
  if (node.opset < 11) {
    if (failed(node.expectInputs(1)))
      return failure();
    pads = node.intsAttr("pads").value_or(SmallVector<int64_t>());
    fill = node.scalar(node.input(0), node.floatAttr("value", 0.0f));
  } else {
    if (failed(node.expectInputs(2, 4)))
      return failure();
    FailureOr<SmallVector<int64_t>> given = node.constantInts(1, "pads");
    if (failed(given))
      return failure();
    pads = *given;
    fill = node.input(2) ? node.reshape(node.input(2), {})
                         : node.scalar(node.input(0), 0.0);
    if (node.input(3)) {
      FailureOr<SmallVector<int64_t>> givenAxes = node.constantInts(3, "axes");
      if (failed(givenAxes))
        return failure();
      axes = *givenAxes;
    }
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (pads.size() != 2 * axes.size())
    return node.fail("pads needs " + Twine(2 * axes.size()) + " values, got " +
                     Twine(pads.size()));
  std::string modeName = node.stringAttr("mode", "constant");
  std::optional<frontend::PadMode> mode = padMode(modeName);
  if (!mode)
    return node.fail("mode '" + modeName + "' is not supported");
  Value x = node.input(0);
  for (auto [i, axisValue] : llvm::enumerate(axes)) {
    FailureOr<int64_t> axis = node.axis(axisValue, rank);
    if (failed(axis))
      return failure();
    int64_t before = pads[i], after = pads[i + axes.size()];
    int64_t dim = typeOf(x).getDimSize(*axis);
    if ((before != 0 || after != 0) && ShapedType::isDynamic(dim))
      return node.fail("padding needs static dimensions");
    // Negative pads crop.
    if (before < 0 || after < 0) {
      int64_t start = std::max<int64_t>(0, -before);
      int64_t size = dim - start - std::max<int64_t>(0, -after);
      if (size < 0)
        return node.fail("the pads crop more than the dimension holds");
      x = node.slice(x, *axis, start, size);
    }
    FailureOr<Value> padded =
        node.padAxis(x, *axis, std::max<int64_t>(0, before),
                     std::max<int64_t>(0, after), *mode, fill);
    if (failed(padded))
      return failure();
    x = *padded;
  }
  return one(x);
}

FailureOr<NodeResults> convertTrilu(OnnxNode &node) {
  if (failed(node.expectInputs(1, 2)))
    return failure();
  RankedTensorType type = node.inputType(0);
  if (type.getRank() < 2)
    return node.fail("expected an input of rank 2 or more");
  int64_t rows = type.getDimSize(type.getRank() - 2),
          cols = type.getDimSize(type.getRank() - 1);
  if (ShapedType::isDynamic(rows) || ShapedType::isDynamic(cols))
    return node.fail("the last two dimensions must be static");
  int64_t k = 0;
  if (node.input(1)) {
    FailureOr<int64_t> given = node.constantInt(1, "k");
    if (failed(given))
      return failure();
    k = *given;
  }
  bool upper = node.intAttr("upper", 1) != 0;
  SmallVector<bool> mask;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      mask.push_back(upper ? j - i >= k : j - i <= k);
  Value keep = ConstantOp::create(
      node.builder, node.loc,
      DenseElementsAttr::get(
          RankedTensorType::get({rows, cols}, node.builder.getI1Type()),
          ArrayRef<bool>(mask)));
  Value x = node.input(0);
  return one(
      SelectOp::create(node.builder, node.loc, keep, x, node.scalar(x, 0.0)));
}

/// DepthToSpace and SpaceToDepth on NCHW: a reshape, a transpose and a
/// reshape.
template <bool toSpace>
FailureOr<NodeResults> convertDepthSpace(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  RankedTensorType type = node.inputType(0);
  if (type.getRank() != 4 || !type.hasStaticShape())
    return node.fail("expected a static NCHW input");
  int64_t b = node.intAttr("blocksize", 0);
  if (b <= 0)
    return node.fail("blocksize must be positive");
  int64_t n = type.getDimSize(0), c = type.getDimSize(1),
          h = type.getDimSize(2), w = type.getDimSize(3);
  Value x = node.input(0);
  if (toSpace) {
    if (c % (b * b))
      return node.fail("channels are not divisible by blocksize^2");
    bool crd = node.stringAttr("mode", "DCR") == "CRD";
    SmallVector<int64_t> split, perm;
    if (crd) {
      split = {n, c / (b * b), b, b, h, w};
      perm = {0, 1, 4, 2, 5, 3};
    } else {
      split = {n, b, b, c / (b * b), h, w};
      perm = {0, 3, 4, 1, 5, 2};
    }
    Value moved = node.transpose(node.reshape(x, split), perm);
    return one(node.reshape(moved, {n, c / (b * b), h * b, w * b}));
  }
  if (h % b || w % b)
    return node.fail("height and width are not divisible by blocksize");
  Value moved = node.transpose(node.reshape(x, {n, c, h / b, b, w / b, b}),
                               {0, 3, 5, 1, 2, 4});
  return one(node.reshape(moved, {n, c * b * b, h / b, w / b}));
}

/// Where output index `o` of a resized axis reads in the input (ONNX's
/// coordinate transformation modes).
FailureOr<double> sourceCoordinate(OnnxNode &node, StringRef mode, int64_t o,
                                   int64_t in, int64_t out, double scale) {
  if (mode == "half_pixel")
    return (o + 0.5) / scale - 0.5;
  if (mode == "pytorch_half_pixel")
    return out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  if (mode == "align_corners")
    return out == 1 ? 0.0 : o * double(in - 1) / double(out - 1);
  if (mode == "asymmetric")
    return o / scale;
  if (mode == "half_pixel_symmetric") {
    double adjustment = out / (scale * in);
    double center = in / 2.0;
    double offset = center * (1 - adjustment);
    return offset + (o + 0.5) / scale - 0.5;
  }
  return node.fail("coordinate_transformation_mode '" + mode +
                   "' is not supported");
}

int64_t roundNearest(double x, StringRef mode) {
  if (mode == "floor")
    return static_cast<int64_t>(std::floor(x));
  if (mode == "ceil")
    return static_cast<int64_t>(std::ceil(x));
  double floor = std::floor(x);
  if (x - floor == 0.5)
    return static_cast<int64_t>(mode == "round_prefer_ceil" ? floor + 1
                                                            : floor);
  return static_cast<int64_t>(std::round(x));
}

/// Keys' cubic convolution kernel with coefficient `a` at distance `d`.
double cubicKernel(double d, double a) {
  d = std::abs(d);
  if (d <= 1)
    return ((a + 2) * d - (a + 3)) * d * d + 1;
  if (d < 2)
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  return 0;
}

/// The four cubic taps around `source` for output `o`: taps outside the
/// input repeat the edge, or with `excludeOutside` drop out and the others
/// are renormalized.
void addCubicWeights(double source, int64_t in, int64_t out, int64_t o,
                     double a, bool excludeOutside,
                     SmallVectorImpl<double> &weights) {
  double base = std::floor(source), t = source - base;
  double coefficients[4] = {cubicKernel(t + 1, a), cubicKernel(t, a),
                            cubicKernel(1 - t, a), cubicKernel(2 - t, a)};
  double total = 0;
  for (int k = 0; k < 4; ++k) {
    int64_t at = static_cast<int64_t>(base) - 1 + k;
    if (excludeOutside && (at < 0 || at >= in))
      coefficients[k] = 0;
    total += coefficients[k];
  }
  for (int k = 0; k < 4; ++k) {
    int64_t at =
        std::clamp<int64_t>(static_cast<int64_t>(base) - 1 + k, 0, in - 1);
    weights[at * out + o] +=
        excludeOutside ? coefficients[k] / total : coefficients[k];
  }
}

/// Resize: each axis whose size changes is multiplied by a constant
/// [in, out] interpolation matrix (one-hot for nearest, two weights per
/// column for linear, four for cubic), the axis moved innermost and back.
FailureOr<NodeResults> convertResize(OnnxNode &node) {
  if (failed(node.expectInputs(1, 4)))
    return failure();
  RankedTensorType type = node.inputType(0);
  int64_t rank = type.getRank();
  if (!isa<FloatType>(type.getElementType()))
    return node.fail("expected a float input");
  SmallVector<double> scales(rank, 1.0);
  SmallVector<int64_t> sizes(type.getShape());
  unsigned scalesInput = node.opset < 11 ? 1 : 2;
  auto axesAttr = node.intsAttr("axes");
  SmallVector<int64_t> axes;
  if (axesAttr) {
    for (int64_t a : *axesAttr) {
      FailureOr<int64_t> axis = node.axis(a, rank);
      if (failed(axis))
        return failure();
      axes.push_back(*axis);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  bool haveSizes = node.opset >= 11 && node.input(3);
  if (haveSizes) {
    FailureOr<SmallVector<int64_t>> given = node.constantInts(3, "sizes");
    if (failed(given))
      return failure();
    if (given->size() != axes.size())
      return node.fail("sizes needs one value per resized axis");
    for (auto [i, axis] : llvm::enumerate(axes)) {
      sizes[axis] = (*given)[i];
      if (type.isDynamicDim(axis))
        return node.fail("resized dimensions must be static");
      scales[axis] = double(sizes[axis]) / type.getDimSize(axis);
    }
  } else if (Value scaleInput = node.input(scalesInput)) {
    DenseElementsAttr values = evaluateConstant(scaleInput);
    if (!values || !isa<FloatType>(values.getElementType()))
      return node.fail("scales must be a float constant");
    SmallVector<double> given;
    for (const APFloat &v : values.getValues<APFloat>())
      given.push_back(v.convertToDouble());
    if (given.size() != axes.size())
      return node.fail("scales needs one value per resized axis");
    for (auto [i, axis] : llvm::enumerate(axes)) {
      scales[axis] = given[i];
      if (type.isDynamicDim(axis) && given[i] != 1.0)
        return node.fail("resized dimensions must be static");
      if (!type.isDynamicDim(axis))
        sizes[axis] =
            static_cast<int64_t>(std::floor(type.getDimSize(axis) * given[i]));
    }
  } else {
    return node.fail("needs scales or sizes");
  }
  if (node.stringAttr("keep_aspect_ratio_policy", "stretch") != "stretch")
    return node.fail("keep_aspect_ratio_policy other than stretch is not "
                     "supported");
  std::string mode = node.stringAttr("mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return node.fail("mode '" + mode +
                     "' is not supported (nearest, linear and cubic are)");
  double cubicA = node.floatAttr("cubic_coeff_a", -0.75f);
  bool excludeOutside = node.intAttr("exclude_outside", 0) != 0;
  std::string transform =
      node.stringAttr("coordinate_transformation_mode", "half_pixel");
  std::string nearestMode =
      node.stringAttr("nearest_mode", "round_prefer_floor");
  if (node.intAttr("antialias", 0) != 0)
    return node.fail("antialias is not supported");
  Value x = node.input(0);
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t in = typeOf(x).getDimSize(axis), out = sizes[axis];
    if (in == out && scales[axis] == 1.0)
      continue;
    if (out <= 0)
      return node.fail("resizing dimension " + Twine(axis) + " to " +
                       Twine(out));
    SmallVector<double> weights(in * out, 0.0);
    for (int64_t o = 0; o < out; ++o) {
      FailureOr<double> source =
          sourceCoordinate(node, transform, o, in, out, scales[axis]);
      if (failed(source))
        return failure();
      if (mode == "nearest") {
        int64_t i =
            std::clamp<int64_t>(roundNearest(*source, nearestMode), 0, in - 1);
        weights[i * out + o] = 1.0;
        continue;
      }
      if (mode == "cubic") {
        addCubicWeights(*source, in, out, o, cubicA, excludeOutside, weights);
        continue;
      }
      double clamped = std::clamp(*source, 0.0, double(in - 1));
      int64_t low = static_cast<int64_t>(std::floor(clamped));
      int64_t high = std::min(low + 1, in - 1);
      double fraction = clamped - low;
      weights[low * out + o] += 1.0 - fraction;
      weights[high * out + o] += fraction;
    }
    FailureOr<Value> resampled = node.resampleAxis(x, axis, weights, out);
    if (failed(resampled))
      return failure();
    x = *resampled;
  }
  return one(x);
}

const ConverterEntry kConverters[] = {
    {"DepthToSpace", 1, convertDepthSpace<true>},
    {"Pad", 2, convertPad},
    {"Pad", 11, convertPad},
    {"Pad", 18, convertPad},
    {"Resize", 10, convertResize},
    {"Resize", 11, convertResize},
    {"Resize", 18, convertResize},
    {"SpaceToDepth", 1, convertDepthSpace<false>},
    {"Trilu", 14, convertTrilu},
};

} // namespace

llvm::ArrayRef<ConverterEntry> spatialConverters() { return kConverters; }

} // namespace kiln::onnximport
