//===- RecurrentConverters.cpp - ONNX LSTM, GRU and RNN -> kiln -----------===//
//
// The recurrent ops unrolled over a sequence length known at compile time:
// the input projections of every step are one matmul (X W^T for all steps
// at once), then each step adds H R^T and applies its gates; reverse
// directions walk the sequence backwards and bidirectional ops run both
// and stack them, as ONNX lays out Y [seq, dirs, batch, hidden] (or
// [batch, seq, dirs, hidden] with layout 1). sequence_lens (constant or
// fed) mask the steps past each sequence's end.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

enum class Cell { Rnn, Gru, Lstm };

/// The ONNX activation function named `name` applied to `x`.
FailureOr<Value> activate(OnnxNode &node, StringRef name, Value x) {
  if (name == "Sigmoid")
    return Value(SigmoidOp::create(node.builder, node.loc, x));
  if (name == "Tanh")
    return Value(TanhOp::create(node.builder, node.loc, x));
  if (name == "Relu")
    return Value(ReluOp::create(node.builder, node.loc, x));
  return node.fail("activation '" + name + "' is not supported");
}

template <Cell cell> FailureOr<NodeResults> convertRecurrent(OnnxNode &node) {
  if (failed(node.expectInputs(3, cell == Cell::Lstm ? 8 : 6)))
    return failure();
  OpBuilder &b = node.builder;
  Location loc = node.loc;
  constexpr int64_t gates = cell == Cell::Lstm ? 4 : cell == Cell::Gru ? 3 : 1;
  int64_t layout = node.opset >= 14 ? node.intAttr("layout", 0) : 0;
  Value x = node.input(0);
  if (layout == 1)
    x = node.transpose(x, {1, 0, 2});
  RankedTensorType xType = typeOf(x);
  if (xType.getRank() != 3 || !xType.hasStaticShape())
    return node.fail("expected a static input [seq, batch, input]");
  int64_t steps = xType.getDimSize(0), batch = xType.getDimSize(1),
          inputSize = xType.getDimSize(2);
  int64_t hidden = node.intAttr("hidden_size", 0);
  if (hidden <= 0)
    return node.fail("missing the attribute 'hidden_size'");
  std::string direction = node.stringAttr("direction", "forward");
  int64_t directions = direction == "bidirectional" ? 2 : 1;
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return node.fail("direction '" + direction + "' is not supported");
  if (node.attr("clip"))
    return node.fail("clip is not supported");
  if (cell == Cell::Lstm && node.intAttr("input_forget", 0) != 0)
    return node.fail("input_forget is not supported");
  if (cell == Cell::Lstm && node.input(7))
    return node.fail("peepholes (P) are not supported");
  // Sequence lengths below the sequence's (known only at run time, or
  // constants) mask the steps past each batch element's end.
  Value lengths = node.input(4);
  if (lengths) {
    RankedTensorType lengthsType = typeOf(lengths);
    if (lengthsType.getShape() != ArrayRef<int64_t>{batch} ||
        !isIndexElement(lengthsType.getElementType()))
      return node.fail("sequence_lens must be int32 or int64 [" + Twine(batch) +
                       "]");
    DenseElementsAttr values = evaluateConstant(lengths);
    if (values && llvm::all_of(values.getValues<APInt>(), [&](const APInt &v) {
          return v.getSExtValue() == steps;
        }))
      lengths = Value();
    else
      lengths = CheckIndicesOp::create(b, loc, lengthsType, lengths,
                                       /*lower=*/0, /*upper=*/steps + 1);
  }
  // Activations per direction: f, g (GRU, LSTM), h (LSTM).
  SmallVector<std::string> activations;
  if (const auto *given = node.attr("activations"))
    for (const std::string &name : given->strings())
      activations.push_back(name);
  size_t perDirection = cell == Cell::Lstm ? 3 : cell == Cell::Gru ? 2 : 1;
  if (activations.empty()) {
    for (int64_t d = 0; d < directions; ++d) {
      if (cell == Cell::Rnn)
        activations.push_back("Tanh");
      else
        activations.append({"Sigmoid", "Tanh"});
      if (cell == Cell::Lstm)
        activations.push_back("Tanh");
    }
  }
  if (activations.size() != perDirection * directions)
    return node.fail("expected " + Twine(perDirection * directions) +
                     " activations");
  bool linearBeforeReset = node.intAttr("linear_before_reset", 0) != 0;
  Value w = node.input(1), r = node.input(2), bias = node.input(3);
  auto expect = [&](Value v, ArrayRef<int64_t> shape,
                    StringRef what) -> LogicalResult {
    if (!v || typeOf(v).getShape() == shape)
      return success();
    std::string dims;
    for (int64_t dim : shape)
      dims += (dims.empty() ? "" : ", ") + std::to_string(dim);
    return node.fail(what + " must have shape [" + dims + "]");
  };
  if (failed(expect(w, {directions, gates * hidden, inputSize}, "W")) ||
      failed(expect(r, {directions, gates * hidden, hidden}, "R")) ||
      failed(expect(bias, {directions, 2 * gates * hidden}, "B")) ||
      failed(expect(node.input(5), {directions, batch, hidden}, "initial_h")) ||
      (cell == Cell::Lstm &&
       failed(expect(node.input(6), {directions, batch, hidden}, "initial_c"))))
    return failure();

  auto stateType =
      RankedTensorType::get({batch, hidden}, xType.getElementType());
  Value flatX = node.reshape(x, {steps * batch, inputSize});
  SmallVector<Value> finalH, finalC;
  SmallVector<SmallVector<Value>> outputs(directions);
  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    auto take = [&](Value v, SmallVector<int64_t> shape) {
      return node.reshape(node.slice(v, 0, d, 1), shape);
    };
    Value wd = take(w, {gates * hidden, inputSize});
    Value rd = take(r, {gates * hidden, hidden});
    // X W^T + Wb for every step at once: [steps * batch, gates * hidden].
    Value projected = MatMulOp::create(b, loc, flatX, wd, false, true);
    Value wb, rb;
    if (bias) {
      Value bd = take(bias, {2 * gates * hidden});
      wb = node.slice(bd, 0, 0, gates * hidden);
      rb = node.slice(bd, 0, gates * hidden, gates * hidden);
      projected = AddOp::create(b, loc, projected, wb);
    }
    Value h = node.input(5) ? take(node.input(5), {batch, hidden})
                            : node.splat(stateType, 0.0);
    Value c = cell == Cell::Lstm && node.input(6)
                  ? take(node.input(6), {batch, hidden})
                  : node.splat(stateType, 0.0);
    ArrayRef<std::string> act =
        ArrayRef(activations).slice(d * perDirection, perDirection);
    auto gate = [&](Value all, int64_t g) {
      return node.slice(all, 1, g * hidden, hidden);
    };
    outputs[d].resize(steps);
    for (int64_t i = 0; i < steps; ++i) {
      int64_t t = reverse ? steps - 1 - i : i;
      Value previousH = h, previousC = c;
      Value xw = node.slice(projected, 0, t * batch, batch);
      Value hr = MatMulOp::create(b, loc, h, rd, false, true);
      if (rb)
        hr = AddOp::create(b, loc, hr, rb);
      if (cell == Cell::Rnn) {
        FailureOr<Value> next =
            activate(node, act[0], AddOp::create(b, loc, xw, hr));
        if (failed(next))
          return failure();
        h = *next;
      } else if (cell == Cell::Gru) {
        // Gate order z, r, h.
        FailureOr<Value> z = activate(
            node, act[0], AddOp::create(b, loc, gate(xw, 0), gate(hr, 0)));
        FailureOr<Value> reset = activate(
            node, act[0], AddOp::create(b, loc, gate(xw, 1), gate(hr, 1)));
        if (failed(z) || failed(reset))
          return failure();
        Value recurrent;
        if (linearBeforeReset) {
          recurrent = MulOp::create(b, loc, *reset, gate(hr, 2));
        } else {
          Value rh = node.slice(rd, 0, 2 * hidden, hidden);
          recurrent = MatMulOp::create(b, loc, MulOp::create(b, loc, *reset, h),
                                       rh, false, true);
          if (rb)
            recurrent = AddOp::create(b, loc, recurrent,
                                      node.slice(rb, 0, 2 * hidden, hidden));
        }
        FailureOr<Value> candidate = activate(
            node, act[1], AddOp::create(b, loc, gate(xw, 2), recurrent));
        if (failed(candidate))
          return failure();
        // H = (1 - z) * candidate + z * H = candidate + z * (H - candidate).
        h = AddOp::create(
            b, loc, *candidate,
            MulOp::create(b, loc, *z, SubOp::create(b, loc, h, *candidate)));
      } else {
        // Gate order i, o, f, c.
        Value sum = AddOp::create(b, loc, xw, hr);
        FailureOr<Value> in = activate(node, act[0], gate(sum, 0));
        FailureOr<Value> out = activate(node, act[0], gate(sum, 1));
        FailureOr<Value> forget = activate(node, act[0], gate(sum, 2));
        FailureOr<Value> candidate = activate(node, act[1], gate(sum, 3));
        if (failed(in) || failed(out) || failed(forget) || failed(candidate))
          return failure();
        c = AddOp::create(b, loc, MulOp::create(b, loc, *forget, c),
                          MulOp::create(b, loc, *in, *candidate));
        FailureOr<Value> squashed = activate(node, act[2], c);
        if (failed(squashed))
          return failure();
        h = MulOp::create(b, loc, *out, *squashed);
      }
      Value y = h;
      if (lengths) {
        // Past its end a sequence keeps its state and outputs zeros; a
        // reverse pass starts at each sequence's own end that way.
        Value active = node.reshape(
            LessOp::create(b, loc, node.scalar(lengths, t), lengths),
            {batch, 1});
        y = SelectOp::create(b, loc, active, h, node.scalar(h, 0.0));
        h = SelectOp::create(b, loc, active, h, previousH);
        c = SelectOp::create(b, loc, active, c, previousC);
      }
      outputs[d][t] = node.reshape(y, {1, 1, batch, hidden});
    }
    finalH.push_back(node.reshape(h, {1, batch, hidden}));
    finalC.push_back(node.reshape(c, {1, batch, hidden}));
  }
  SmallVector<Value> perDirectionY;
  for (auto &sequence : outputs)
    perDirectionY.push_back(
        ConcatOp::create(b, loc, ValueRange(sequence), /*axis=*/0));
  Value y = ConcatOp::create(b, loc, ValueRange(perDirectionY), /*axis=*/1);
  Value yh = ConcatOp::create(b, loc, ValueRange(finalH), /*axis=*/0);
  Value yc = ConcatOp::create(b, loc, ValueRange(finalC), /*axis=*/0);
  if (layout == 1) {
    y = node.transpose(y, {2, 0, 1, 3});
    yh = node.transpose(yh, {1, 0, 2});
    yc = node.transpose(yc, {1, 0, 2});
  }
  NodeResults results = {y, yh};
  if (cell == Cell::Lstm)
    results.push_back(yc);
  return results;
}

const ConverterEntry kConverters[] = {
    {"GRU", 7, convertRecurrent<Cell::Gru>},
    {"GRU", 14, convertRecurrent<Cell::Gru>},
    {"LSTM", 7, convertRecurrent<Cell::Lstm>},
    {"LSTM", 14, convertRecurrent<Cell::Lstm>},
    {"RNN", 7, convertRecurrent<Cell::Rnn>},
    {"RNN", 14, convertRecurrent<Cell::Rnn>},
};

} // namespace

llvm::ArrayRef<ConverterEntry> recurrentConverters() { return kConverters; }

} // namespace kiln::onnximport
