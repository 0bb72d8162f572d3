//===- NNConverters.cpp - ONNX neural-network ops -> kiln -----------------===//
//
// MatMul and Gemm, Conv and ConvTranspose, BatchNormalization, Softmax and
// LogSoftmax, and the losses (SoftmaxCrossEntropyLoss,
// NegativeLogLikelihoodLoss). Convolutions transpose ONNX's NCHW to
// kiln's NHWC and back (Windows.h).
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/Windows.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

#include <map>

using namespace mlir;

namespace kiln::onnximport {
namespace {

FailureOr<NodeResults> convertMatMul(OnnxNode &node) {
  if (failed(node.expectInputs(2)))
    return failure();
  return one(node.numpyMatMul(node.input(0), node.input(1)));
}

/// Einsum of one operand (transposes and sums) or two (a product): the
/// letters both operands and the output share are batch dimensions, those
/// only the operands share are contracted, the others stay; the operands
/// are transposed and folded to [batch, M, K] x [batch, K, N], multiplied
/// and unfolded into the output's order. Ellipses and repeated letters in
/// one operand (diagonals) are not supported.
FailureOr<NodeResults> convertEinsum(OnnxNode &node) {
  if (failed(node.expectInputs(1, 2)))
    return failure();
  std::string equation;
  for (char c : node.stringAttr("equation", ""))
    if (c != ' ')
      equation += c;
  size_t arrow = equation.find("->");
  std::string inputs = equation.substr(0, arrow);
  SmallVector<std::string> terms;
  SmallVector<StringRef> pieces;
  StringRef(inputs).split(pieces, ',');
  for (StringRef term : pieces)
    terms.push_back(term.str());
  if (terms.size() != node.inputs.size())
    return node.fail("the equation names " + Twine(terms.size()) +
                     " operands, the node has " + Twine(node.inputs.size()));
  if (equation.find("...") != std::string::npos)
    return node.fail("ellipses are not supported");
  std::string output;
  if (arrow != std::string::npos) {
    output = equation.substr(arrow + 2);
  } else {
    // Implicit output: the letters used once, in alphabetical order.
    for (char c = 'A'; c <= 'z'; ++c)
      if (llvm::count(inputs, c) == 1)
        output += c;
  }
  std::map<char, int64_t> sizes;
  for (auto [i, term] : llvm::enumerate(terms)) {
    RankedTensorType type = node.inputType(i);
    if (static_cast<int64_t>(term.size()) != type.getRank())
      return node.fail("operand " + Twine(i) + " has rank " +
                       Twine(type.getRank()) + " but the equation gives it " +
                       Twine(term.size()) + " letters");
    for (auto [d, c] : llvm::enumerate(term)) {
      if (llvm::count(term, c) != 1)
        return node.fail("repeated letters in one operand are not supported");
      sizes[c] = type.getDimSize(d);
    }
  }
  OpBuilder &b = node.builder;
  // Sums the letters of `term` no other place needs, returning what is left.
  auto sumAway = [&](Value x, std::string &term, StringRef other) {
    SmallVector<int64_t> axes;
    std::string kept;
    for (auto [d, c] : llvm::enumerate(term)) {
      if (output.find(c) == std::string::npos &&
          other.find(c) == StringRef::npos)
        axes.push_back(d);
      else
        kept += c;
    }
    term = kept;
    return axes.empty() ? x : Value(ReduceSumOp::create(b, node.loc, x, axes));
  };
  auto permutation = [](StringRef from, StringRef to) {
    SmallVector<int64_t> perm;
    for (char c : to)
      perm.push_back(from.find(c));
    return perm;
  };
  auto shapeOf = [&](StringRef letters) {
    SmallVector<int64_t> shape;
    for (char c : letters)
      shape.push_back(sizes[c]);
    return shape;
  };
  if (terms.size() == 1) {
    Value x = sumAway(node.input(0), terms[0], "");
    return one(node.transpose(x, permutation(terms[0], output)));
  }
  Value a = sumAway(node.input(0), terms[0], terms[1]);
  Value bValue = sumAway(node.input(1), terms[1], terms[0]);
  std::string batch, contract, freeA, freeB;
  for (char c : terms[0]) {
    bool inB = terms[1].find(c) != std::string::npos;
    bool inOut = output.find(c) != std::string::npos;
    (inB ? (inOut ? batch : contract) : freeA) += c;
  }
  for (char c : terms[1])
    if (terms[0].find(c) == std::string::npos)
      freeB += c;
  for (char c : output)
    if (!sizes.count(c))
      return node.fail(Twine("output letter '") + Twine(c) +
                       "' names no operand dimension");
  int64_t batchSize = productOf(shapeOf(batch)), m = productOf(shapeOf(freeA)),
          k = productOf(shapeOf(contract)), n = productOf(shapeOf(freeB));
  int dynamicGroups = ShapedType::isDynamic(batchSize) +
                      ShapedType::isDynamic(m) + ShapedType::isDynamic(k) +
                      ShapedType::isDynamic(n);
  if (dynamicGroups > 1)
    return node.fail("at most one group of dimensions may be dynamic");
  Value lhs = node.reshape(
      node.transpose(a, permutation(terms[0], batch + freeA + contract)),
      {batchSize, m, k});
  Value rhs = node.reshape(
      node.transpose(bValue, permutation(terms[1], batch + contract + freeB)),
      {batchSize, k, n});
  Value product = batch.empty() ? node.numpyMatMul(node.reshape(lhs, {m, k}),
                                                   node.reshape(rhs, {k, n}))
                                : node.numpyMatMul(lhs, rhs);
  std::string letters = batch + freeA + freeB;
  Value unfolded = node.reshape(product, shapeOf(letters));
  return one(node.transpose(unfolded, permutation(letters, output)));
}

/// Gemm: alpha * A' B' + beta * C, with A' and B' optionally transposed.
FailureOr<NodeResults> convertGemm(OnnxNode &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  Value a = node.input(0), b = node.input(1);
  if (typeOf(a).getRank() != 2 || typeOf(b).getRank() != 2)
    return node.fail("A and B must be matrices");
  OpBuilder &builder = node.builder;
  Value y =
      MatMulOp::create(builder, node.loc, a, b, node.intAttr("transA", 0) != 0,
                       node.intAttr("transB", 0) != 0);
  double alpha = node.floatAttr("alpha", 1.0f),
         beta = node.floatAttr("beta", 1.0f);
  if (alpha != 1.0)
    y = MulOp::create(builder, node.loc, y, node.scalar(y, alpha));
  if (Value c = node.input(2)) {
    if (beta != 1.0)
      c = MulOp::create(builder, node.loc, c, node.scalar(c, beta));
    y = AddOp::create(builder, node.loc, y, c);
  }
  return one(y);
}

/// The operands of Conv and ConvTranspose: the input as NHWC and the
/// filter as a static 4-D tensor, 1-D windows given a unit height.
struct ConvOperands {
  Value input, filter;
  bool oneDimensional = false;
};
FailureOr<ConvOperands> convOperands(OnnxNode &node, StringRef filterLayout) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  ConvOperands operands;
  FailureOr<Value> x = toNHWC(node, node.input(0), operands.oneDimensional);
  if (failed(x))
    return failure();
  operands.input = *x;
  Value w = node.input(1);
  RankedTensorType wType = typeOf(w);
  if (operands.oneDimensional)
    w = node.reshape(
        w, {wType.getDimSize(0), wType.getDimSize(1), 1, wType.getDimSize(2)});
  if (typeOf(w).getRank() != 4 || !typeOf(w).hasStaticShape())
    return node.fail("expected a static filter " + filterLayout);
  operands.filter = w;
  return operands;
}

FailureOr<NodeResults> convertConv(OnnxNode &node) {
  FailureOr<ConvOperands> operands = convOperands(node, "[M, C/group, kH, kW]");
  if (failed(operands))
    return failure();
  Value x = operands->input, w = operands->filter;
  bool oneDimensional = operands->oneDimensional;
  RankedTensorType xType = typeOf(x), wType = typeOf(w);
  SmallVector<int64_t> kernel = {wType.getDimSize(2), wType.getDimSize(3)};
  if (auto shape = node.intsAttr("kernel_shape");
      shape && (oneDimensional ? SmallVector<int64_t>{1, (*shape)[0]}
                               : *shape) != kernel)
    return node.fail("kernel_shape does not match the filter");
  SmallVector<int64_t> spatial = {xType.getDimSize(1), xType.getDimSize(2)};
  FailureOr<WindowSpec> spec =
      window2d(node, spatial, kernel, /*ceilMode=*/false, oneDimensional);
  if (failed(spec))
    return failure();
  SmallVector<int64_t> pads = {spec->before[0], spec->after[0], spec->before[1],
                               spec->after[1]};
  auto conv = [&](Value input, Value weights) {
    Value filter = node.transpose(weights, {2, 3, 1, 0}); // HWIO
    return Value(Conv2DOp::create(node.builder, node.loc, input, filter,
                                  spec->strides, Padding::Explicit,
                                  spec->dilations, ArrayRef<int64_t>(pads)));
  };
  // Grouped: group g convolves input channels [g C/G, (g+1) C/G) with
  // filters [g M/G, (g+1) M/G); the outputs are concatenated.
  int64_t groups = node.intAttr("group", 1);
  int64_t channels = xType.getDimSize(3), filters = wType.getDimSize(0);
  if (groups < 1 || ShapedType::isDynamic(channels) ||
      channels != groups * wType.getDimSize(1) || filters % groups != 0)
    return node.fail("group " + Twine(groups) + " does not divide the " +
                     Twine(channels) + " input channels and " + Twine(filters) +
                     " filters evenly");
  Value y;
  if (groups == 1) {
    y = conv(x, w);
  } else {
    int64_t in = channels / groups, out = filters / groups;
    SmallVector<Value> parts;
    for (int64_t g = 0; g < groups; ++g)
      parts.push_back(
          conv(node.slice(x, 3, g * in, in), node.slice(w, 0, g * out, out)));
    y = ConcatOp::create(node.builder, node.loc, ValueRange(parts), 3);
  }
  if (Value bias = node.input(2))
    y = BiasAddOp::create(node.builder, node.loc, y, bias);
  return one(fromNHWC(node, y, oneDimensional));
}

/// ConvTranspose: the gradient of the convolution that would map the
/// output back to the input, with that convolution's explicit padding
/// (pads, less output_padding at the end). Filter [C_in, C_out/G, kH, kW]
/// becomes that convolution's HWIO filter [kH, kW, C_out/G, C_in], one
/// per group.
FailureOr<NodeResults> convertConvTranspose(OnnxNode &node) {
  FailureOr<ConvOperands> operands =
      convOperands(node, "[C_in, C_out/group, kH, kW]");
  if (failed(operands))
    return failure();
  Value x = operands->input, w = operands->filter;
  bool oneDimensional = operands->oneDimensional;
  RankedTensorType xType = typeOf(x), wType = typeOf(w);
  if (!xType.hasStaticShape())
    return node.fail("kiln needs the input's shape at compile time");
  int64_t spatialRank = oneDimensional ? 1 : 2;
  auto perDim = [&](StringRef name, int64_t fallback) {
    SmallVector<int64_t> values = node.intsAttr(name).value_or(
        SmallVector<int64_t>(spatialRank, fallback));
    if (oneDimensional)
      values.insert(values.begin(), fallback);
    return values;
  };
  SmallVector<int64_t> strides = perDim("strides", 1),
                       dilations = perDim("dilations", 1),
                       outputPadding = perDim("output_padding", 0);
  SmallVector<int64_t> pads(4, 0);
  if (auto given = node.intsAttr("pads")) {
    if (static_cast<int64_t>(given->size()) != 2 * spatialRank)
      return node.fail("pads needs " + Twine(2 * spatialRank) + " values");
    for (int64_t d = 0; d < spatialRank; ++d) {
      int64_t at = oneDimensional ? 1 : d;
      pads[2 * at] = (*given)[d];
      pads[2 * at + 1] = (*given)[d + spatialRank];
    }
  }
  SmallVector<int64_t> in = {xType.getDimSize(1), xType.getDimSize(2)};
  SmallVector<int64_t> kernel = {wType.getDimSize(2), wType.getDimSize(3)};
  SmallVector<int64_t> out(2), zeroRows(2, 0);
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  auto outputShape = node.intsAttr("output_shape");
  for (int d = 0; d < 2; ++d) {
    int64_t effective = (kernel[d] - 1) * dilations[d] + 1;
    int64_t full = strides[d] * (in[d] - 1) + outputPadding[d] + effective;
    int64_t target = -1;
    if (outputShape)
      target =
          oneDimensional ? (d == 0 ? 1 : (*outputShape)[0]) : (*outputShape)[d];
    else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
      target = in[d] * strides[d];
    if (target >= 0) {
      int64_t total = std::max<int64_t>(0, full - target);
      bool upper = autoPad == "SAME_UPPER"; // otherwise the start gets more
      pads[2 * d] = upper ? total / 2 : total - total / 2;
      pads[2 * d + 1] = total - pads[2 * d];
    }
    out[d] = full - pads[2 * d] - pads[2 * d + 1];
    // The forward convolution reads output_padding rows at the end only
    // through its end padding; rows past what it can read get no input at
    // all and are zeros, added after it.
    pads[2 * d + 1] -= outputPadding[d];
    if (pads[2 * d + 1] < 0) {
      zeroRows[d] = -pads[2 * d + 1];
      out[d] -= zeroRows[d];
      pads[2 * d + 1] = 0;
    }
    if (pads[2 * d] < 0)
      return node.fail("negative pads are not supported");
  }
  // Grouped: group g maps input channels [g C_in/G, (g+1) C_in/G), with
  // the same filter rows, to output channels [g C_out/G, (g+1) C_out/G).
  int64_t groups = node.intAttr("group", 1);
  int64_t channels = xType.getDimSize(3);
  if (groups < 1 || channels != wType.getDimSize(0) || channels % groups)
    return node.fail(
        "group " + Twine(groups) + " does not divide the " + Twine(channels) +
        " input channels evenly, or the filter's "
        "first dimension (" +
        Twine(wType.getDimSize(0)) + ") is not the input's channel count");
  auto resultType = RankedTensorType::get(
      {xType.getDimSize(0), out[0], out[1], wType.getDimSize(1)},
      xType.getElementType());
  auto transposedConv = [&](Value input, Value weights) {
    // HWIO of the forward convolution.
    Value filter = node.transpose(weights, {2, 3, 1, 0});
    return Value(Conv2DBackpropInputOp::create(
        node.builder, node.loc, resultType, filter, input,
        node.builder.getDenseI64ArrayAttr(strides),
        node.builder.getDenseI64ArrayAttr(dilations),
        PaddingAttr::get(node.builder.getContext(), Padding::Explicit),
        node.builder.getDenseI64ArrayAttr(pads)));
  };
  Value y;
  if (groups == 1) {
    y = transposedConv(x, w);
  } else {
    int64_t in = channels / groups;
    SmallVector<Value> parts;
    for (int64_t g = 0; g < groups; ++g)
      parts.push_back(transposedConv(node.slice(x, 3, g * in, in),
                                     node.slice(w, 0, g * in, in)));
    y = ConcatOp::create(node.builder, node.loc, ValueRange(parts), 3);
  }
  for (int d = 0; d < 2; ++d) {
    if (!zeroRows[d])
      continue;
    FailureOr<Value> grown =
        node.padAxis(y, d + 1, 0, zeroRows[d], frontend::PadMode::Constant,
                     node.scalar(y, 0.0));
    if (failed(grown))
      return failure();
    y = *grown;
  }
  if (Value bias = node.input(2))
    y = BiasAddOp::create(node.builder, node.loc, y, bias);
  return one(fromNHWC(node, y, oneDimensional));
}

/// `param` of shape [C] reshaped to broadcast over dimension 1 of a
/// rank-`rank` tensor.
Value perChannel(OnnxNode &node, Value param, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = typeOf(param).getDimSize(0);
  return node.reshape(param, shape);
}

/// BatchNormalization: (x - mean) / sqrt(var + epsilon) * scale + B over
/// channel dimension 1, with the running statistics in inference; in
/// training mode (opset 14 on) with the batch's mean and (biased)
/// variance, also returning the updated running mean and variance.
FailureOr<NodeResults> convertBatchNorm(OnnxNode &node) {
  if (failed(node.expectInputs(5)))
    return failure();
  OpBuilder &b = node.builder;
  Value x = node.input(0);
  int64_t rank = node.inputType(0).getRank();
  if (rank < 2)
    return node.fail("expected an input of rank 2 or more");
  double epsilon = node.floatAttr("epsilon", 1e-5f);
  double momentum = node.floatAttr("momentum", 0.9f);
  bool training = node.opset >= 14 && node.intAttr("training_mode", 0) != 0;
  Value mean = perChannel(node, node.input(3), rank);
  Value variance = perChannel(node, node.input(4), rank);
  NodeResults results(1);
  if (training) {
    SmallVector<int64_t> axes = {0};
    for (int64_t d = 2; d < rank; ++d)
      axes.push_back(d);
    Value batchMean = ReduceMeanOp::create(b, node.loc, x, axes, true);
    Value centered = SubOp::create(b, node.loc, x, batchMean);
    Value batchVar = ReduceMeanOp::create(
        b, node.loc, SquareOp::create(b, node.loc, centered), axes, true);
    auto blend = [&](Value running, Value current) {
      Value kept =
          MulOp::create(b, node.loc, running, node.scalar(running, momentum));
      Value added = MulOp::create(b, node.loc, current,
                                  node.scalar(current, 1.0 - momentum));
      Value sum = AddOp::create(b, node.loc, kept, added);
      return node.reshape(sum, typeOf(node.input(3)).getShape());
    };
    results.push_back(blend(mean, batchMean));
    results.push_back(blend(variance, batchVar));
    mean = batchMean;
    variance = batchVar;
  }
  Value denominator = SqrtOp::create(
      b, node.loc,
      AddOp::create(b, node.loc, variance, node.scalar(variance, epsilon)));
  Value normalized = DivOp::create(
      b, node.loc, SubOp::create(b, node.loc, x, mean), denominator);
  Value scaled = MulOp::create(b, node.loc, normalized,
                               perChannel(node, node.input(1), rank));
  results[0] =
      AddOp::create(b, node.loc, scaled, perChannel(node, node.input(2), rank));
  return results;
}

/// Softmax or LogSoftmax along `axis` (moved innermost and back).
template <typename OpT>
Value softmaxAlong(OnnxNode &node, Value x, int64_t axis) {
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> perm = axisInnermost(rank, axis);
  SmallVector<int64_t> inverse = inversePermutation(perm);
  Value inner = node.transpose(x, perm);
  Value y = OpT::create(node.builder, node.loc, inner.getType(), inner);
  return node.transpose(y, inverse);
}

/// Before opset 13 the input is seen as a matrix [prod(d[:axis]),
/// prod(d[axis:])] (axis defaults to 1); since, one axis (default -1).
template <typename OpT> FailureOr<NodeResults> convertSoftmax(OnnxNode &node) {
  if (failed(node.expectInputs(1)))
    return failure();
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  int64_t rank = type.getRank();
  if (node.opset >= 13) {
    FailureOr<int64_t> axis = node.axis(node.intAttr("axis", -1), rank);
    if (failed(axis))
      return failure();
    return one(softmaxAlong<OpT>(node, x, *axis));
  }
  int64_t axis = node.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    return node.fail("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  Value flat = node.reshape(x, {productOf(type.getShape().take_front(axis)),
                                productOf(type.getShape().drop_front(axis))});
  Value y = OpT::create(node.builder, node.loc, flat.getType(), flat);
  return one(node.reshape(y, type.getShape()));
}

/// NegativeLogLikelihoodLoss over log-probabilities [N, C, d...] and
/// labels [N, d...]: -logp[label] * weight[label], zero where the label
/// is ignore_index, reduced by 'none', 'sum' or 'mean' (the weighted
/// mean over the labels not ignored).
FailureOr<Value> negativeLogLikelihood(OnnxNode &node, Value logProb,
                                       Value labels, Value weights) {
  OpBuilder &b = node.builder;
  RankedTensorType type = typeOf(logProb);
  int64_t rank = type.getRank();
  if (rank < 2 || ShapedType::isDynamic(type.getDimSize(1)))
    return node.fail("expected scores [N, C, ...] with a static C");
  int64_t classes = type.getDimSize(1);
  RankedTensorType labelType = typeOf(labels);
  if (labelType.getRank() != rank - 1)
    return node.fail("labels must have rank " + Twine(rank - 1));
  // Classes innermost: [N, d..., C], against labels [N, d..., 1].
  SmallVector<int64_t> perm = {0};
  for (int64_t d = 2; d < rank; ++d)
    perm.push_back(d);
  perm.push_back(1);
  Value inner = node.transpose(logProb, perm);
  SmallVector<int64_t> columnShape(labelType.getShape());
  columnShape.push_back(1);
  Value column = node.reshape(labels, columnShape);
  Type labelElement = labelType.getElementType();
  SmallVector<Attribute> classIds;
  for (int64_t c = 0; c < classes; ++c)
    classIds.push_back(IntegerAttr::get(labelElement, c));
  Value ids = ConstantOp::create(
      b, node.loc,
      DenseElementsAttr::get(RankedTensorType::get({classes}, labelElement),
                             classIds));
  Value onehot = EqualOp::create(b, node.loc, column, ids);
  Value zero = node.scalar(logProb, 0.0);
  SmallVector<int64_t, 1> classAxis = {rank - 1};
  Value picked = ReduceSumOp::create(
      b, node.loc, SelectOp::create(b, node.loc, onehot, inner, zero),
      classAxis);
  Value weight = weights
                     ? Value(ReduceSumOp::create(
                           b, node.loc,
                           SelectOp::create(b, node.loc, onehot, weights, zero),
                           classAxis))
                     : Value();
  if (const auto *ignore = node.attr("ignore_index")) {
    Value ignored = EqualOp::create(
        b, node.loc, labels,
        node.splat(RankedTensorType::get({}, labelElement), ignore->i()));
    Value one = weight ? weight : node.splat(typeOf(picked), 1.0);
    weight = SelectOp::create(b, node.loc, ignored, zero, one);
  }
  Value loss = NegOp::create(b, node.loc, picked);
  if (weight)
    loss = MulOp::create(b, node.loc, loss, weight);
  std::string reduction = node.stringAttr("reduction", "mean");
  if (reduction == "none")
    return loss;
  SmallVector<int64_t> all;
  for (int64_t d = 0; d < rank - 1; ++d)
    all.push_back(d);
  Value total = ReduceSumOp::create(b, node.loc, loss, all);
  if (reduction == "sum")
    return total;
  if (reduction != "mean")
    return node.fail("reduction '" + reduction + "' is not supported");
  if (!weight) {
    int64_t count = productOf(labelType.getShape());
    if (ShapedType::isDynamic(count))
      return node.fail("the mean needs static label dimensions");
    return Value(DivOp::create(b, node.loc, total,
                               node.scalar(total, static_cast<double>(count))));
  }
  return Value(DivOp::create(b, node.loc, total,
                             ReduceSumOp::create(b, node.loc, weight, all)));
}

FailureOr<NodeResults> convertNegativeLogLikelihood(OnnxNode &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  FailureOr<Value> loss =
      negativeLogLikelihood(node, node.input(0), node.input(1), node.input(2));
  if (failed(loss))
    return failure();
  return one(*loss);
}

/// SoftmaxCrossEntropyLoss: the log-softmax of the scores along the class
/// dimension 1, then NegativeLogLikelihoodLoss; the second output is the
/// log-softmax.
FailureOr<NodeResults> convertSoftmaxCrossEntropy(OnnxNode &node) {
  if (failed(node.expectInputs(2, 3)))
    return failure();
  if (node.inputType(0).getRank() < 2)
    return node.fail("expected scores [N, C, ...]");
  Value logProb = softmaxAlong<LogSoftmaxOp>(node, node.input(0), 1);
  FailureOr<Value> loss =
      negativeLogLikelihood(node, logProb, node.input(1), node.input(2));
  if (failed(loss))
    return failure();
  return NodeResults{*loss, logProb};
}

const ConverterEntry kConverters[] = {
    {"BatchNormalization", 7, convertBatchNorm},
    {"BatchNormalization", 14, convertBatchNorm},
    {"Conv", 1, convertConv},
    {"ConvTranspose", 1, convertConvTranspose},
    {"Einsum", 12, convertEinsum},
    {"Gemm", 7, convertGemm},
    {"LogSoftmax", 1, convertSoftmax<LogSoftmaxOp>},
    {"LogSoftmax", 13, convertSoftmax<LogSoftmaxOp>},
    {"MatMul", 1, convertMatMul},
    {"NegativeLogLikelihoodLoss", 12, convertNegativeLogLikelihood},
    {"Softmax", 1, convertSoftmax<SoftmaxOp>},
    {"Softmax", 13, convertSoftmax<SoftmaxOp>},
    {"SoftmaxCrossEntropyLoss", 12, convertSoftmaxCrossEntropy},
};

} // namespace

llvm::ArrayRef<ConverterEntry> nnConverters() { return kConverters; }

} // namespace kiln::onnximport
