//===- PoolConverters.cpp - ONNX pooling -> kiln --------------------------===//
//
// MaxPool and AveragePool with one or two spatial dimensions become
// kiln's NHWC pool ops. Windows kiln's pool ops do not take (three or more
// spatial dimensions, dilations) and MaxPool's Indices output are written
// as one strided slice of the padded input per window offset, combined
// element-wise: k^r slices of the output's size, cheap for the small
// windows such models use. GlobalAveragePool and GlobalMaxPool are
// reductions.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/Windows.h"

#include "dialects/Kiln/IR/KilnOps.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace kiln::onnximport {
namespace {

/// What max pooling pads with: the lowest value of the element type.
FailureOr<double> lowestValue(OnnxNode &node, Type element, bool isMax) {
  if (isa<FloatType>(element))
    return -std::numeric_limits<double>::infinity();
  if (!isMax)
    return node.fail("average pooling needs a float input");
  return element.isUnsignedInteger()
             ? 0.0
             : -std::ldexp(1.0, element.getIntOrFloatBitWidth() - 1);
}

/// For each of `out` windows along spatial dimension `d`, how many of its
/// elements an average counts: those inside the input, or also those in
/// the pads the user asked for (`includePad`; ceil mode's extra end
/// padding never counts).
SmallVector<int64_t> windowCounts(const WindowSpec &spec, size_t d,
                                  int64_t size, int64_t userAfter,
                                  bool includePad, int64_t out) {
  SmallVector<int64_t> counts;
  for (int64_t i = 0; i < out; ++i) {
    int64_t count = 0;
    for (int64_t k = 0; k < spec.kernel[d]; ++k) {
      int64_t at = i * spec.strides[d] + k * spec.dilations[d] - spec.before[d];
      count += includePad ? (at >= -spec.before[d] && at < size + userAfter)
                          : (at >= 0 && at < size);
    }
    counts.push_back(count);
  }
  return counts;
}

/// The end padding the user asked for, without ceil mode's extra.
FailureOr<SmallVector<int64_t, 2>> userEndPads(OnnxNode &node,
                                               ArrayRef<int64_t> spatial,
                                               ArrayRef<int64_t> kernel) {
  FailureOr<WindowSpec> plain =
      windowSpec(node, spatial, kernel, /*ceilMode=*/false);
  if (failed(plain))
    return failure();
  return plain->after;
}

/// A constant of `rank` dimensions, all 1 but `axis`, holding `values`.
Value alongAxis(OnnxNode &node, ArrayRef<double> values, int64_t rank,
                int64_t axis, Type element) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = values.size();
  return node.constant(RankedTensorType::get(shape, element), values);
}

/// Pooling over any number of spatial dimensions of an NC... input, with
/// dilations, from strided slices of the padded input; Indices are the
/// positions in the input of each window's first largest element,
/// row-major (storage_order 0) or with the spatial dimensions
/// column-major (1).
FailureOr<NodeResults> slicedPool(OnnxNode &node, bool isMax,
                                  ArrayRef<int64_t> kernel, bool ceilMode,
                                  bool wantIndices) {
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  if (rank < 3)
    return node.fail("expected an input of rank 3 or more, got rank " +
                     Twine(rank));
  if (!type.hasStaticShape())
    return node.fail("this window needs the input's shape at compile time");
  ArrayRef<int64_t> spatial = type.getShape().drop_front(2);
  if (kernel.size() != spatial.size())
    return node.fail("kernel_shape needs one value per spatial dimension");
  FailureOr<WindowSpec> specOr = windowSpec(node, spatial, kernel, ceilMode);
  if (failed(specOr))
    return failure();
  const WindowSpec &spec = *specOr;
  Type element = type.getElementType();
  FailureOr<double> lowest = lowestValue(node, element, isMax);
  if (failed(lowest))
    return failure();
  Value padded = x;
  SmallVector<int64_t> out;
  for (auto [d, size] : llvm::enumerate(spatial)) {
    FailureOr<Value> grown = node.padAxis(
        padded, d + 2, spec.before[d], spec.after[d],
        frontend::PadMode::Constant, node.scalar(x, isMax ? *lowest : 0.0));
    if (failed(grown))
      return failure();
    padded = *grown;
    int64_t effective = (kernel[d] - 1) * spec.dilations[d] + 1;
    int64_t span = size + spec.before[d] + spec.after[d] - effective;
    if (span < 0 || spec.strides[d] < 1 || spec.dilations[d] < 1)
      return node.fail("the window does not fit spatial dimension " + Twine(d) +
                       " of size " + Twine(size));
    out.push_back(span / spec.strides[d] + 1);
  }

  OpBuilder &b = node.builder;
  Type i64 = b.getI64Type();
  // Strides of the input for Indices: row-major, or with the spatial
  // dimensions column-major (storage_order 1).
  SmallVector<int64_t> inputStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inputStrides[d] = inputStrides[d + 1] * type.getDimSize(d + 1);
  if (node.intAttr("storage_order", 0) != 0) {
    inputStrides[2] = 1;
    for (int64_t d = 3; d < rank; ++d)
      inputStrides[d] = inputStrides[d - 1] * type.getDimSize(d - 1);
  }
  Value base; // (n C + c) H W ... of each output element
  if (wantIndices) {
    SmallVector<double> batch, channel;
    for (int64_t n = 0; n < type.getDimSize(0); ++n)
      batch.push_back(n * inputStrides[0]);
    for (int64_t c = 0; c < type.getDimSize(1); ++c)
      channel.push_back(c * inputStrides[1]);
    base = AddOp::create(b, node.loc, alongAxis(node, batch, rank, 0, i64),
                         alongAxis(node, channel, rank, 1, i64));
  }

  Value result, indices;
  SmallVector<int64_t> offset(spatial.size(), 0);
  while (true) {
    Value window = padded;
    Value position = base;
    for (auto [d, o] : llvm::enumerate(offset)) {
      FailureOr<Value> taken = node.strided(
          window, d + 2, o * spec.dilations[d], out[d], spec.strides[d]);
      if (failed(taken))
        return failure();
      window = *taken;
      if (wantIndices) {
        SmallVector<double> along;
        for (int64_t i = 0; i < out[d]; ++i)
          along.push_back(
              (i * spec.strides[d] + o * spec.dilations[d] - spec.before[d]) *
              inputStrides[d + 2]);
        position = AddOp::create(b, node.loc, position,
                                 alongAxis(node, along, rank, d + 2, i64));
      }
    }
    if (!result) {
      result = window;
      indices = position;
    } else if (wantIndices) {
      // Strictly larger: the first largest element in the window wins.
      Value larger = GreaterOp::create(b, node.loc, window, result);
      result = SelectOp::create(b, node.loc, larger, window, result);
      indices = SelectOp::create(b, node.loc, larger, position, indices);
    } else {
      result = isMax ? Value(MaximumOp::create(b, node.loc, result, window))
                     : Value(AddOp::create(b, node.loc, result, window));
    }
    // The next window offset, row-major.
    int64_t d = spatial.size() - 1;
    while (d >= 0 && ++offset[d] == kernel[d])
      offset[d--] = 0;
    if (d < 0)
      break;
  }
  if (isMax)
    return wantIndices ? NodeResults{result, indices} : one(result);

  bool includePad = node.intAttr("count_include_pad", 0) != 0;
  FailureOr<SmallVector<int64_t, 2>> userAfter =
      userEndPads(node, spatial, kernel);
  if (failed(userAfter))
    return failure();
  for (auto [d, size] : llvm::enumerate(spatial)) {
    SmallVector<double> scales;
    for (int64_t count :
         windowCounts(spec, d, size, (*userAfter)[d], includePad, out[d]))
      scales.push_back(1.0 / std::max<int64_t>(count, 1));
    result = MulOp::create(b, node.loc, result,
                           alongAxis(node, scales, rank, d + 2, element));
  }
  return one(result);
}

/// MaxPool and AveragePool. Max pads with the lowest value and runs a
/// VALID pool; average sums the zero-padded windows (a VALID average
/// times the window size) and divides by each window's count.
template <bool isMax> FailureOr<NodeResults> convertPool(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  bool wantIndices =
      isMax && node.node.output_size() > 1 && !node.node.output(1).empty();
  auto kernelShape = node.intsAttr("kernel_shape");
  if (!kernelShape)
    return node.fail("missing the attribute 'kernel_shape'");
  SmallVector<int64_t> kernel(*kernelShape);
  bool ceilMode = node.intAttr("ceil_mode", 0) != 0;
  auto dilations = node.intsAttr("dilations");
  bool dilated =
      dilations && llvm::any_of(*dilations, [](int64_t d) { return d != 1; });
  if (wantIndices || dilated || node.inputType(0).getRank() > 4)
    return slicedPool(node, isMax, kernel, ceilMode, wantIndices);

  bool oneDimensional = false;
  FailureOr<Value> x = toNHWC(node, node.input(0), oneDimensional);
  if (failed(x))
    return failure();
  RankedTensorType xType = typeOf(*x);
  SmallVector<int64_t> spatial = {xType.getDimSize(1), xType.getDimSize(2)};
  if (kernel.size() != (oneDimensional ? 1u : 2u))
    return node.fail("kernel_shape needs one value per spatial dimension");
  FailureOr<WindowSpec> window =
      window2d(node, spatial, kernel, ceilMode, oneDimensional);
  if (failed(window))
    return failure();
  WindowSpec &spec = *window;
  Type element = xType.getElementType();
  FailureOr<double> lowest = lowestValue(node, element, isMax);
  if (failed(lowest))
    return failure();
  FailureOr<Value> padded =
      padSpatial(node, *x, spec.before, spec.after, isMax ? *lowest : 0.0);
  if (failed(padded))
    return failure();
  if (isMax)
    return one(
        fromNHWC(node,
                 MaxPoolOp::create(node.builder, node.loc, *padded, spec.kernel,
                                   spec.strides, Padding::Valid),
                 oneDimensional));
  Value y = AvgPoolOp::create(node.builder, node.loc, *padded, spec.kernel,
                              spec.strides, Padding::Valid);
  RankedTensorType yType = typeOf(y);
  if (ShapedType::isDynamic(yType.getDimSize(1)) ||
      ShapedType::isDynamic(yType.getDimSize(2)))
    return node.fail("average pooling needs static spatial dimensions");
  bool includePad = node.intAttr("count_include_pad", 0) != 0;
  SmallVector<int64_t, 2> userAfter = spec.after;
  if (ceilMode) {
    FailureOr<WindowSpec> plain =
        window2d(node, spatial, kernel, /*ceilMode=*/false, oneDimensional);
    if (failed(plain))
      return failure();
    userAfter = plain->after;
  }
  // The VALID average divided by the window size, scaled to each window's
  // count.
  int64_t outH = yType.getDimSize(1), outW = yType.getDimSize(2);
  SmallVector<int64_t> rows =
      windowCounts(spec, 0, spatial[0], userAfter[0], includePad, outH);
  SmallVector<int64_t> cols =
      windowCounts(spec, 1, spatial[1], userAfter[1], includePad, outW);
  double windowSize = spec.kernel[0] * spec.kernel[1];
  SmallVector<double> scales;
  for (int64_t i = 0; i < outH; ++i)
    for (int64_t j = 0; j < outW; ++j)
      scales.push_back(windowSize / std::max<int64_t>(rows[i] * cols[j], 1));
  y = MulOp::create(
      node.builder, node.loc, y,
      node.constant(RankedTensorType::get({1, outH, outW, 1}, element),
                    scales));
  return one(fromNHWC(node, y, oneDimensional));
}

template <bool isMax> FailureOr<NodeResults> convertGlobalPool(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  int64_t rank = node.inputType(0).getRank();
  if (rank < 3)
    return node.fail("expected an input of rank 3 or more");
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  if (isMax)
    return one(ReduceMaxOp::create(node.builder, node.loc, node.input(0), axes,
                                   /*keepDims=*/true));
  return one(ReduceMeanOp::create(node.builder, node.loc, node.input(0), axes,
                                  /*keepDims=*/true));
}

const ConverterEntry kConverters[] = {
    {"AveragePool", 7, convertPool<false>},
    {"GlobalAveragePool", 1, convertGlobalPool<false>},
    {"GlobalMaxPool", 1, convertGlobalPool<true>},
    {"MaxPool", 1, convertPool<true>},
};

} // namespace

llvm::ArrayRef<ConverterEntry> poolConverters() { return kConverters; }

} // namespace kiln::onnximport
