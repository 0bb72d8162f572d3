//===- TensorFlowGradients.cpp - KilnGradients as TensorFlow's own ops ----===//
//
// Reverse-mode differentiation over NodeDefs, as tf.gradients does it:
// the nodes between the differentiated tensors and the loss are visited
// from the loss back, each output's incoming gradients are summed (AddN)
// and the op's rule writes the gradients of its inputs. Shapes are taken
// at run time (Shape, BroadcastGradientArgs, DynamicStitch), as TensorFlow's
// rules do, so dynamic batch dimensions stay dynamic.
//
//===----------------------------------------------------------------------===//

#include "frontends/GraphAPI/TensorFlowGradients.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>

namespace kiln::graph {

namespace {

using tensorflow::AttrValue;
using tensorflow::DataType;
using tensorflow::NodeDef;

/// "node" for output 0, else "node:k" (how NodeDef inputs name tensors).
std::string tensorName(const std::string &node, int index) {
  return index == 0 ? node : node + ":" + std::to_string(index);
}

/// The producing node and output index of a NodeDef input ("^" excluded).
std::pair<std::string, int> parseTensor(const std::string &input) {
  size_t colon = input.rfind(':');
  if (colon == std::string::npos)
    return {input, 0};
  return {input.substr(0, colon), std::stoi(input.substr(colon + 1))};
}

/// "node:0" and "node" are one tensor.
std::string canonical(const std::string &input) {
  auto [node, index] = parseTensor(input);
  return tensorName(node, index);
}

bool isControl(const std::string &input) {
  return !input.empty() && input[0] == '^';
}

AttrValue typeAttr(DataType type) {
  AttrValue value;
  value.set_type(type);
  return value;
}

AttrValue boolAttr(bool b) {
  AttrValue value;
  value.set_b(b);
  return value;
}

using Attrs = std::map<std::string, AttrValue>;

class GradientWriter {
public:
  GradientWriter(tensorflow::GraphDef &graph, const NodeDef &gradients)
      : graph_(graph), gradients_(gradients),
        dtype_(gradients.attr().count("T") ? gradients.attr().at("T").type()
                                           : tensorflow::DT_FLOAT) {
    for (const NodeDef &node : graph.node()) {
      forward_[node.name()] = node;
      names_.insert(node.name());
    }
  }

  /// Appends the backward nodes; `results` receives d loss / d x for each
  /// differentiated tensor.
  Status write(std::vector<std::string> &results);

  std::vector<NodeDef> takeNodes() { return std::move(added_); }
  /// The dtype of `tensor`, from its producer's attributes.
  DataType dtypeOf(const std::string &tensor) const;

private:
  //===--- Writing nodes ---===//
  std::string add(const std::string &op, const std::string &name,
                  std::vector<std::string> inputs, Attrs attrs = {});
  std::string constInts(const std::string &name,
                        const std::vector<int32_t> &values,
                        bool scalar = false);
  std::string constScalar(const std::string &name, double value);
  std::string unary(const std::string &op, const std::string &x,
                    DataType type = tensorflow::DT_INVALID);
  std::string binary(const std::string &op, const std::string &x,
                     const std::string &y,
                     DataType type = tensorflow::DT_INVALID);
  std::string shapeOf(const std::string &tensor);
  std::string sum(const std::string &x, const std::string &axes, bool keepDims);
  /// `x` reshaped to `shape` (an int32 tensor).
  std::string reshape(const std::string &x, const std::string &shape);
  /// A reduction's output shape with the reduced axes kept as 1, from the
  /// input's shape and the reduction axes, as tf.gradients builds it
  /// (DynamicStitch), so it also holds for dynamic dimensions.
  std::string keptShape(const std::string &inputShape, const std::string &axes);
  /// The gradients of a broadcasting binary op's inputs `x` and `y`, each
  /// summed over the dimensions it was broadcast along.
  std::pair<std::string, std::string> reduceBroadcast(const std::string &gx,
                                                      const std::string &gy,
                                                      const std::string &x,
                                                      const std::string &y);

  //===--- Differentiating ---===//
  /// The nodes the loss depends on that depend on a differentiated
  /// tensor, inputs before consumers.
  std::vector<std::string> nodesBetween(const std::set<std::string> &xs,
                                        const std::string &loss) const;
  /// The incoming gradients of `tensor`, summed; "" when none.
  std::string gradientOf(const std::string &tensor);
  /// The gradient of each data input of `node` ("" for none), or an error
  /// when its op has no rule.
  Status differentiate(const NodeDef &node, std::vector<std::string> &grads);
  /// tf.gradients' GATE_OP: an op's input gradients become available
  /// together (Identity after one NoOp on all), so an optimizer never
  /// updates a variable while the backward pass still reads it.
  void gate(std::vector<std::string> &grads);

  tensorflow::GraphDef &graph_;
  NodeDef gradients_;
  DataType dtype_;
  std::map<std::string, NodeDef> forward_;
  std::set<std::string> names_;
  std::vector<NodeDef> added_;
  /// The "<gradients>/<node>_grad" scope new nodes are named in.
  std::string scope_;
  std::map<std::string, std::vector<std::string>> incoming_;
};

std::string GradientWriter::add(const std::string &op, const std::string &name,
                                std::vector<std::string> inputs, Attrs attrs) {
  std::string base = scope_ + "/" + name, unique = base;
  for (int i = 1; names_.count(unique); ++i)
    unique = base + "_" + std::to_string(i);
  names_.insert(unique);
  NodeDef node;
  node.set_name(unique);
  node.set_op(op);
  for (std::string &input : inputs)
    node.add_input(std::move(input));
  for (auto &[key, value] : attrs)
    (*node.mutable_attr())[key] = value;
  if (!gradients_.device().empty())
    node.set_device(gradients_.device());
  added_.push_back(std::move(node));
  forward_[unique] = added_.back();
  return unique;
}

std::string GradientWriter::constInts(const std::string &name,
                                      const std::vector<int32_t> &values,
                                      bool scalar) {
  AttrValue value;
  tensorflow::TensorProto *tensor = value.mutable_tensor();
  tensor->set_dtype(tensorflow::DT_INT32);
  if (!scalar)
    tensor->mutable_tensor_shape()->add_dim()->set_size(int64_t(values.size()));
  for (int32_t v : values)
    tensor->add_int_val(v);
  return add("Const", name, {},
             {{"dtype", typeAttr(tensorflow::DT_INT32)}, {"value", value}});
}

std::string GradientWriter::constScalar(const std::string &name, double v) {
  AttrValue value;
  tensorflow::TensorProto *tensor = value.mutable_tensor();
  tensor->set_dtype(dtype_);
  tensor->mutable_tensor_shape();
  if (dtype_ == tensorflow::DT_DOUBLE)
    tensor->add_double_val(v);
  else
    tensor->add_float_val(float(v));
  return add("Const", name, {},
             {{"dtype", typeAttr(dtype_)}, {"value", value}});
}

std::string GradientWriter::unary(const std::string &op, const std::string &x,
                                  DataType type) {
  return add(op, op, {x}, {{"T", typeAttr(type ? type : dtype_)}});
}

std::string GradientWriter::binary(const std::string &op, const std::string &x,
                                   const std::string &y, DataType type) {
  return add(op, op, {x, y}, {{"T", typeAttr(type ? type : dtype_)}});
}

DataType GradientWriter::dtypeOf(const std::string &tensor) const {
  auto [node, index] = parseTensor(tensor);
  auto it = forward_.find(node);
  if (it == forward_.end())
    return dtype_;
  const auto &attrs = it->second.attr();
  for (const char *key : {"dtype", "DstT", "T"})
    if (attrs.count(key) && attrs.at(key).value_case() == AttrValue::kType)
      return attrs.at(key).type();
  return dtype_;
}

std::string GradientWriter::shapeOf(const std::string &tensor) {
  return add("Shape", "Shape", {tensor},
             {{"T", typeAttr(dtypeOf(tensor))},
              {"out_type", typeAttr(tensorflow::DT_INT32)}});
}

std::string GradientWriter::sum(const std::string &x, const std::string &axes,
                                bool keepDims) {
  return add("Sum", "Sum", {x, axes},
             {{"T", typeAttr(dtype_)},
              {"Tidx", typeAttr(tensorflow::DT_INT32)},
              {"keep_dims", boolAttr(keepDims)}});
}

std::string GradientWriter::reshape(const std::string &x,
                                    const std::string &shape) {
  return add("Reshape", "Reshape", {x, shape},
             {{"T", typeAttr(dtypeOf(x))},
              {"Tshape", typeAttr(tensorflow::DT_INT32)}});
}

std::string GradientWriter::keptShape(const std::string &inputShape,
                                      const std::string &axes) {
  Attrs intOp = {{"T", typeAttr(tensorflow::DT_INT32)}};
  std::string rank = add("Size", "Size", {inputShape},
                         {{"T", typeAttr(tensorflow::DT_INT32)},
                          {"out_type", typeAttr(tensorflow::DT_INT32)}});
  std::string positive =
      add("FloorMod", "FloorMod",
          {add("AddV2", "add", {axes, rank}, intOp), rank}, intOp);
  std::string range = add("Range", "Range",
                          {constInts("range/start", {0}, true), rank,
                           constInts("range/delta", {1}, true)},
                          {{"Tidx", typeAttr(tensorflow::DT_INT32)}});
  std::string ones = add(
      "Fill", "Fill", {shapeOf(positive), constInts("Fill/value", {1}, true)},
      {{"T", typeAttr(tensorflow::DT_INT32)},
       {"index_type", typeAttr(tensorflow::DT_INT32)}});
  AttrValue two;
  two.set_i(2);
  return add("DynamicStitch", "DynamicStitch",
             {range, positive, inputShape, ones},
             {{"N", two}, {"T", typeAttr(tensorflow::DT_INT32)}});
}

std::pair<std::string, std::string>
GradientWriter::reduceBroadcast(const std::string &gx, const std::string &gy,
                                const std::string &x, const std::string &y) {
  std::string sx = shapeOf(x), sy = shapeOf(y);
  std::string axes = add("BroadcastGradientArgs", "BroadcastGradientArgs",
                         {sx, sy}, {{"T", typeAttr(tensorflow::DT_INT32)}});
  return {reshape(sum(gx, axes, false), sx),
          reshape(sum(gy, axes + ":1", false), sy)};
}

std::vector<std::string>
GradientWriter::nodesBetween(const std::set<std::string> &xs,
                             const std::string &loss) const {
  // Backward from the loss: what it depends on.
  std::set<std::string> needed;
  std::vector<std::string> stack = {parseTensor(loss).first};
  while (!stack.empty()) {
    std::string name = stack.back();
    stack.pop_back();
    auto it = forward_.find(name);
    if (it == forward_.end() || !needed.insert(name).second)
      continue;
    for (const std::string &input : it->second.input())
      if (!isControl(input))
        stack.push_back(parseTensor(input).first);
  }
  // Forward from the xs, within what the loss needs, in topological order
  // (a node after every input it has on the path).
  std::map<std::string, std::vector<std::string>> consumers;
  for (const std::string &name : needed)
    for (const std::string &input : forward_.at(name).input())
      if (!isControl(input))
        consumers[parseTensor(input).first].push_back(name);
  std::set<std::string> reached;
  for (const std::string &x : xs)
    for (const std::string &consumer : consumers[parseTensor(x).first])
      if (forward_.at(consumer).input().size() &&
          std::any_of(forward_.at(consumer).input().begin(),
                      forward_.at(consumer).input().end(),
                      [&](const std::string &input) {
                        return !isControl(input) && xs.count(canonical(input));
                      }))
        stack.push_back(consumer);
  while (!stack.empty()) {
    std::string name = stack.back();
    stack.pop_back();
    if (!reached.insert(name).second)
      continue;
    for (const std::string &consumer : consumers[name])
      stack.push_back(consumer);
  }
  // Post-order over inputs from the loss, restricted to reached nodes.
  std::vector<std::string> order;
  std::set<std::string> visited;
  std::vector<std::pair<std::string, bool>> work = {
      {parseTensor(loss).first, false}};
  while (!work.empty()) {
    auto [name, expanded] = work.back();
    work.pop_back();
    if (!reached.count(name))
      continue;
    if (expanded) {
      order.push_back(name);
      continue;
    }
    if (!visited.insert(name).second)
      continue;
    work.push_back({name, true});
    for (const std::string &input : forward_.at(name).input())
      if (!isControl(input))
        work.push_back({parseTensor(input).first, false});
  }
  return order;
}

std::string GradientWriter::gradientOf(const std::string &tensor) {
  auto it = incoming_.find(tensor);
  if (it == incoming_.end() || it->second.empty())
    return "";
  if (it->second.size() == 1)
    return it->second[0];
  AttrValue n;
  n.set_i(int64_t(it->second.size()));
  return add("AddN", "AddN", it->second, {{"N", n}, {"T", typeAttr(dtype_)}});
}

Status GradientWriter::differentiate(const NodeDef &node,
                                     std::vector<std::string> &grads) {
  std::vector<std::string> in;
  for (const std::string &input : node.input())
    if (!isControl(input))
      in.push_back(input);
  grads.assign(in.size(), "");
  const std::string &op = node.op();
  std::string g = gradientOf(tensorName(node.name(), 0));
  std::string out = node.name();
  auto copyAttrs = [&](std::initializer_list<const char *> keys) {
    Attrs attrs;
    for (const char *key : keys)
      if (node.attr().count(key))
        attrs[key] = node.attr().at(key);
    return attrs;
  };
  auto attrBool = [&](const char *key) {
    return node.attr().count(key) && node.attr().at(key).b();
  };
  if (op == "SparseSoftmaxCrossEntropyWithLogits") {
    if (g.empty())
      return Status();
    std::string minusOne = constInts("dim", {-1}, /*scalar=*/true);
    std::string expanded = add(
        "ExpandDims", "ExpandDims", {g, minusOne},
        {{"T", typeAttr(dtype_)}, {"Tdim", typeAttr(tensorflow::DT_INT32)}});
    grads[0] = binary("Mul", expanded, tensorName(node.name(), 1));
    return Status();
  }
  if (g.empty())
    return Status();
  if (op == "Identity" || op == "Snapshot" || op == "PreventGradient") {
    grads[0] = g;
  } else if (op == "AddV2" || op == "Add" || op == "Sub") {
    std::tie(grads[0], grads[1]) =
        reduceBroadcast(g, op == "Sub" ? unary("Neg", g) : g, in[0], in[1]);
  } else if (op == "Mul") {
    std::tie(grads[0], grads[1]) = reduceBroadcast(
        binary("Mul", g, in[1]), binary("Mul", in[0], g), in[0], in[1]);
  } else if (op == "RealDiv" || op == "Div") {
    std::string gy =
        binary("Mul", g,
               binary("RealDiv", binary("RealDiv", unary("Neg", in[0]), in[1]),
                      in[1]));
    std::tie(grads[0], grads[1]) =
        reduceBroadcast(binary("RealDiv", g, in[1]), gy, in[0], in[1]);
  } else if (op == "Maximum" || op == "Minimum") {
    std::string chosen =
        binary(op == "Maximum" ? "GreaterEqual" : "LessEqual", in[0], in[1]);
    std::string zeros = unary("ZerosLike", g);
    auto select = [&](const std::string &a, const std::string &b) {
      return add("SelectV2", "SelectV2", {chosen, a, b},
                 {{"T", typeAttr(dtype_)}});
    };
    std::tie(grads[0], grads[1]) =
        reduceBroadcast(select(g, zeros), select(zeros, g), in[0], in[1]);
  } else if (op == "Pow") {
    std::string one = constScalar("one", 1.0);
    std::string gx = binary("Mul", binary("Mul", g, in[1]),
                            binary("Pow", in[0], binary("Sub", in[1], one)));
    // d/dy x^y = x^y log x, taken as 0 where x <= 0 (as TensorFlow does).
    std::string positive = binary("Greater", in[0], unary("ZerosLike", in[0]));
    std::string logX =
        add("SelectV2", "SelectV2",
            {positive, unary("Log", in[0]), unary("ZerosLike", in[0])},
            {{"T", typeAttr(dtype_)}});
    std::tie(grads[0], grads[1]) = reduceBroadcast(
        gx, binary("Mul", binary("Mul", g, out), logX), in[0], in[1]);
  } else if (op == "Neg") {
    grads[0] = unary("Neg", g);
  } else if (op == "Abs") {
    grads[0] = binary("Mul", g, unary("Sign", in[0]));
  } else if (op == "Exp") {
    grads[0] = binary("Mul", g, out);
  } else if (op == "Log") {
    grads[0] = binary("Mul", g, unary("Reciprocal", in[0]));
  } else if (op == "Sqrt") {
    grads[0] =
        binary("RealDiv", binary("Mul", g, constScalar("half", 0.5)), out);
  } else if (op == "Rsqrt") {
    std::string cube = binary("Mul", out, unary("Square", out));
    grads[0] =
        binary("Mul", g, binary("Mul", cube, constScalar("minus_half", -0.5)));
  } else if (op == "Square") {
    grads[0] = binary("Mul", g, binary("Mul", in[0], constScalar("two", 2.0)));
  } else if (op == "Relu") {
    grads[0] = binary("ReluGrad", g, out);
  } else if (op == "Sigmoid" || op == "Tanh") {
    grads[0] = binary(op + "Grad", out, g);
  } else if (op == "Softmax" || op == "LogSoftmax") {
    std::string last = constInts("axis", {-1});
    if (op == "Softmax")
      grads[0] = binary(
          "Mul", binary("Sub", g, sum(binary("Mul", g, out), last, true)), out);
    else
      grads[0] = binary("Sub", g,
                        binary("Mul", sum(g, last, true), unary("Exp", out)));
  } else if (op == "MatMul") {
    bool ta = attrBool("transpose_a"), tb = attrBool("transpose_b");
    auto matmul = [&](const std::string &a, const std::string &b, bool t1,
                      bool t2) {
      return add("MatMul", "MatMul", {a, b},
                 {{"T", typeAttr(dtype_)},
                  {"transpose_a", boolAttr(t1)},
                  {"transpose_b", boolAttr(t2)}});
    };
    const std::string &a = in[0], &b = in[1];
    if (!ta && !tb) {
      grads[0] = matmul(g, b, false, true);
      grads[1] = matmul(a, g, true, false);
    } else if (!ta && tb) {
      grads[0] = matmul(g, b, false, false);
      grads[1] = matmul(g, a, true, false);
    } else if (ta && !tb) {
      grads[0] = matmul(b, g, false, true);
      grads[1] = matmul(a, g, false, false);
    } else {
      grads[0] = matmul(b, g, true, true);
      grads[1] = matmul(g, a, true, true);
    }
  } else if (op == "BiasAdd") {
    grads[0] = g;
    Attrs attrs = copyAttrs({"data_format"});
    attrs["T"] = typeAttr(dtype_);
    grads[1] = add("BiasAddGrad", "BiasAddGrad", {g}, attrs);
  } else if (op == "Reshape") {
    grads[0] = add(
        "Reshape", "Reshape", {g, shapeOf(in[0])},
        {{"T", typeAttr(dtype_)}, {"Tshape", typeAttr(tensorflow::DT_INT32)}});
  } else if (op == "Transpose") {
    auto permNode = forward_.find(parseTensor(in[1]).first);
    std::vector<int32_t> perm;
    if (permNode != forward_.end() && permNode->second.op() == "Const") {
      const tensorflow::TensorProto &t =
          permNode->second.attr().at("value").tensor();
      perm.assign(t.int_val().begin(), t.int_val().end());
      if (perm.empty() && !t.tensor_content().empty()) {
        perm.resize(t.tensor_content().size() / sizeof(int32_t));
        std::memcpy(perm.data(), t.tensor_content().data(),
                    t.tensor_content().size());
      }
    }
    if (perm.empty())
      return Status(StatusCode::Unimplemented,
                    "node '" + node.name() +
                        "' (Transpose): its permutation is not a constant");
    std::vector<int32_t> inverse(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
      inverse[perm[i]] = int32_t(i);
    grads[0] = add(
        "Transpose", "Transpose", {g, constInts("perm", inverse)},
        {{"T", typeAttr(dtype_)}, {"Tperm", typeAttr(tensorflow::DT_INT32)}});
  } else if (op == "Cast") {
    DataType source = node.attr().at("SrcT").type();
    if (source == tensorflow::DT_FLOAT || source == tensorflow::DT_DOUBLE ||
        source == tensorflow::DT_HALF || source == tensorflow::DT_BFLOAT16)
      grads[0] = add("Cast", "Cast", {g},
                     {{"SrcT", typeAttr(dtypeOf(out))},
                      {"DstT", typeAttr(source)},
                      {"Truncate", boolAttr(false)}});
  } else if (op == "Sum" || op == "Mean") {
    // d/dx broadcasts the gradient back over the reduced axes.
    std::string inputShape = shapeOf(in[0]);
    std::string kept = keptShape(inputShape, in[1]);
    grads[0] = add(
        "BroadcastTo", "BroadcastTo", {reshape(g, kept), inputShape},
        {{"T", typeAttr(dtype_)}, {"Tidx", typeAttr(tensorflow::DT_INT32)}});
    if (op == "Mean") {
      Attrs intOp = {{"T", typeAttr(tensorflow::DT_INT32)}};
      auto prod = [&](const std::string &shape) {
        return add("Prod", "Prod", {shape, constInts("Prod/axis", {0})},
                   {{"T", typeAttr(tensorflow::DT_INT32)},
                    {"Tidx", typeAttr(tensorflow::DT_INT32)},
                    {"keep_dims", boolAttr(false)}});
      };
      std::string count =
          add("FloorDiv", "FloorDiv", {prod(inputShape), prod(kept)}, intOp);
      std::string countFloat = add("Cast", "Cast", {count},
                                   {{"SrcT", typeAttr(tensorflow::DT_INT32)},
                                    {"DstT", typeAttr(dtype_)},
                                    {"Truncate", boolAttr(false)}});
      grads[0] = binary("RealDiv", grads[0], countFloat);
    }
  } else if (op == "Max" || op == "Min") {
    // The gradient goes to the elements equal to the result, shared evenly
    // among ties, as TensorFlow's _MinOrMaxGrad.
    std::string kept = keptShape(shapeOf(in[0]), in[1]);
    std::string chosen =
        add("Cast", "Cast",
            {add("Equal", "Equal", {reshape(out, kept), in[0]},
                 {{"T", typeAttr(dtype_)},
                  {"incompatible_shape_error", boolAttr(true)}})},
            {{"SrcT", typeAttr(tensorflow::DT_BOOL)},
             {"DstT", typeAttr(dtype_)},
             {"Truncate", boolAttr(false)}});
    std::string ties = reshape(sum(chosen, in[1], false), kept);
    grads[0] = binary("Mul", binary("RealDiv", chosen, ties), reshape(g, kept));
  } else if (op == "Conv2D") {
    Attrs attrs = copyAttrs({"strides", "padding", "explicit_paddings",
                             "data_format", "dilations", "use_cudnn_on_gpu"});
    attrs["T"] = typeAttr(dtype_);
    grads[0] = add("Conv2DBackpropInput", "Conv2DBackpropInput",
                   {shapeOf(in[0]), in[1], g}, attrs);
    grads[1] = add("Conv2DBackpropFilter", "Conv2DBackpropFilter",
                   {in[0], shapeOf(in[1]), g}, attrs);
  } else if (op == "MaxPool") {
    Attrs attrs = copyAttrs({"ksize", "strides", "padding", "data_format"});
    attrs["T"] = typeAttr(dtype_);
    grads[0] = add("MaxPoolGrad", "MaxPoolGrad", {in[0], out, g}, attrs);
  } else if (op == "AvgPool") {
    Attrs attrs = copyAttrs({"ksize", "strides", "padding", "data_format"});
    attrs["T"] = typeAttr(dtype_);
    grads[0] = add("AvgPoolGrad", "AvgPoolGrad", {shapeOf(in[0]), g}, attrs);
  } else if (op == "ConcatV2") {
    size_t count = in.size() - 1;
    std::vector<std::string> offsetsInputs = {in.back()}, shapes;
    for (size_t i = 0; i < count; ++i) {
      shapes.push_back(shapeOf(in[i]));
      offsetsInputs.push_back(shapes.back());
    }
    AttrValue n;
    n.set_i(int64_t(count));
    std::string offsets =
        add("ConcatOffset", "ConcatOffset", offsetsInputs,
            {{"N", n}, {"shape_type", typeAttr(tensorflow::DT_INT32)}});
    for (size_t i = 0; i < count; ++i)
      grads[i] = add(
          "Slice", "Slice", {g, tensorName(offsets, int(i)), shapes[i]},
          {{"T", typeAttr(dtype_)}, {"Index", typeAttr(tensorflow::DT_INT32)}});
  } else if (op == "SelectV2" || op == "Select") {
    std::string zeros = unary("ZerosLike", g);
    auto select = [&](const std::string &a, const std::string &b) {
      return add("SelectV2", "SelectV2", {in[0], a, b},
                 {{"T", typeAttr(dtype_)}});
    };
    std::tie(grads[1], grads[2]) =
        reduceBroadcast(select(g, zeros), select(zeros, g), in[1], in[2]);
  } else {
    return Status(StatusCode::Unimplemented,
                  "no TensorFlow gradient for node '" + node.name() + "' (" +
                      op + ")");
  }
  return Status();
}

void GradientWriter::gate(std::vector<std::string> &grads) {
  std::vector<std::string> controls;
  for (const std::string &grad : grads)
    if (!grad.empty())
      controls.push_back("^" + parseTensor(grad).first);
  if (controls.size() < 2)
    return;
  std::string group = add("NoOp", "tuple/group_deps", controls);
  for (std::string &grad : grads)
    if (!grad.empty())
      grad = add("Identity", "tuple/control_dependency", {grad, "^" + group},
                 {{"T", typeAttr(dtypeOf(grad))}});
}

Status GradientWriter::write(std::vector<std::string> &results) {
  std::vector<std::string> inputs;
  for (const std::string &input : gradients_.input())
    if (!isControl(input))
      inputs.push_back(canonical(input));
  if (inputs.empty())
    return invalidArgument("KilnGradients '" + gradients_.name() +
                           "' has no loss input");
  std::string loss = inputs[0];
  std::set<std::string> xs(inputs.begin() + 1, inputs.end());
  scope_ = gradients_.name();
  // d loss / d loss = 1 in the loss's shape.
  std::string seed =
      add("Fill", "Fill", {shapeOf(loss), constScalar("grad_ys_0", 1.0)},
          {{"T", typeAttr(dtype_)},
           {"index_type", typeAttr(tensorflow::DT_INT32)}});
  incoming_[loss].push_back(seed);
  std::vector<std::string> order = nodesBetween(xs, loss);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const NodeDef node = forward_.at(*it);
    scope_ = gradients_.name() + "/" + node.name() + "_grad";
    std::vector<std::string> grads;
    if (Status status = differentiate(node, grads); !status.ok())
      return Status(status.code(), "KilnGradients '" + gradients_.name() +
                                       "': " + status.message());
    gate(grads);
    size_t index = 0;
    for (const std::string &input : node.input()) {
      if (isControl(input))
        continue;
      if (!grads[index].empty())
        incoming_[canonical(input)].push_back(grads[index]);
      ++index;
    }
  }
  scope_ = gradients_.name();
  for (size_t i = 1; i < inputs.size(); ++i) {
    std::string grad = gradientOf(inputs[i]);
    // A tensor the loss does not depend on has a zero gradient (tf.gradients
    // returns None; the optimizer's update still needs a tensor).
    results.push_back(grad.empty()
                          ? unary("ZerosLike", inputs[i], dtypeOf(inputs[i]))
                          : grad);
  }
  return Status();
}

} // namespace

Status writeTensorFlowGradients(tensorflow::GraphDef &graph) {
  tensorflow::GraphDef rewritten = graph;
  for (int i = 0; i < rewritten.node_size(); ++i) {
    if (rewritten.node(i).op() != "KilnGradients")
      continue;
    GradientWriter writer(rewritten, rewritten.node(i));
    std::vector<std::string> results;
    KILN_RETURN_IF_ERROR(writer.write(results));
    NodeDef *node = rewritten.mutable_node(i);
    std::vector<std::string> controls;
    for (const std::string &input : node->input())
      if (isControl(input))
        controls.push_back(input);
    node->set_op("IdentityN");
    node->clear_input();
    node->clear_attr();
    AttrValue types;
    for (const std::string &result : results) {
      node->add_input(result);
      types.mutable_list()->add_type(writer.dtypeOf(result));
    }
    for (const std::string &control : controls)
      node->add_input(control);
    (*node->mutable_attr())["T"] = types;
    for (NodeDef &added : writer.takeNodes())
      *rewritten.add_node() = std::move(added);
  }
  // TensorFlow has no kernel for kiln's all-reduce; in one TensorFlow
  // process the mean over ranks is the identity.
  for (NodeDef &node : *rewritten.mutable_node()) {
    if (node.op() != "KilnAllReduce")
      continue;
    node.set_op("IdentityN");
    auto &attrs = *node.mutable_attr();
    int64_t count = attrs["N"].i();
    attrs.erase("N");
    AttrValue types;
    for (int64_t i = 0; i < count; ++i)
      types.mutable_list()->add_type(tensorflow::DT_FLOAT);
    attrs["T"] = types;
  }
  graph = std::move(rewritten);
  return Status();
}

} // namespace kiln::graph
