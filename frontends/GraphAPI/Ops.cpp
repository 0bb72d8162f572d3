//===- Ops.cpp - Graph methods that add TensorFlow op nodes ---------------===//
//
// Each method checks its inputs, adds one node (plus Const nodes for the
// operands TensorFlow takes as tensors, such as axes and shapes) and sets
// the attributes TensorFlow's op registry expects, so TensorFlow itself
// can import the GraphDef.
//
//===----------------------------------------------------------------------===//

#include "frontends/GraphAPI/Graph.h"

namespace kiln::graph {

namespace {
std::string paddingName(Padding padding) {
  return padding == Padding::Same ? "SAME" : "VALID";
}

void setInts(tensorflow::AttrValue &attr, const std::vector<int64_t> &values) {
  auto *list = attr.mutable_list();
  for (int64_t v : values)
    list->add_i(v);
}
} // namespace

Output Graph::unary(const char *op, const Output &x, const std::string &name) {
  if (!checkInputs({&x}, op))
    return {};
  tensorflow::NodeDef *node = addNode(op, name, {x});
  (*node->mutable_attr())["T"].set_type(x.dtype);
  Output out = single(node, x.dtype);
  out.shape = x.shape;
  return out;
}

Output Graph::binary(const char *op, const Output &x, const Output &y,
                     const std::string &name, bool toBool) {
  if (!checkInputs({&x, &y}, op))
    return {};
  if (x.dtype != y.dtype)
    return fail(std::string(op) + " '" + name + "': operands have dtypes " +
                tensorflow::DataType_Name(x.dtype) + " and " +
                tensorflow::DataType_Name(y.dtype)),
           Output{};
  tensorflow::NodeDef *node = addNode(op, name, {x, y});
  (*node->mutable_attr())["T"].set_type(x.dtype);
  Output out = single(node, toBool ? tensorflow::DT_BOOL : x.dtype);
  if (x.shape && y.shape && *x.shape == *y.shape)
    out.shape = x.shape;
  return out;
}

Output Graph::matmul(const Output &a, const Output &b, bool transposeA,
                     bool transposeB, const std::string &name) {
  Output out = binary("MatMul", a, b, name);
  if (!out.valid())
    return out;
  auto &attrs = *graph_.mutable_node(graph_.node_size() - 1)->mutable_attr();
  attrs["transpose_a"].set_b(transposeA);
  attrs["transpose_b"].set_b(transposeB);
  out.shape.reset();
  return out;
}

Output Graph::biasAdd(const Output &value, const Output &bias,
                      const std::string &name) {
  Output out = binary("BiasAdd", value, bias, name);
  if (!out.valid())
    return out;
  (*graph_.mutable_node(graph_.node_size() - 1)->mutable_attr())["data_format"]
      .set_s("NHWC");
  out.shape = value.shape;
  return out;
}

Output Graph::add(const Output &x, const Output &y, const std::string &name) {
  return binary("AddV2", x, y, name);
}
Output Graph::sub(const Output &x, const Output &y, const std::string &name) {
  return binary("Sub", x, y, name);
}
Output Graph::mul(const Output &x, const Output &y, const std::string &name) {
  return binary("Mul", x, y, name);
}
Output Graph::div(const Output &x, const Output &y, const std::string &name) {
  return binary("RealDiv", x, y, name);
}
Output Graph::maximum(const Output &x, const Output &y, const std::string &name) {
  return binary("Maximum", x, y, name);
}
Output Graph::minimum(const Output &x, const Output &y, const std::string &name) {
  return binary("Minimum", x, y, name);
}
Output Graph::pow(const Output &x, const Output &y, const std::string &name) {
  return binary("Pow", x, y, name);
}
Output Graph::equal(const Output &x, const Output &y, const std::string &name) {
  return binary("Equal", x, y, name, /*toBool=*/true);
}
Output Graph::less(const Output &x, const Output &y, const std::string &name) {
  return binary("Less", x, y, name, /*toBool=*/true);
}
Output Graph::greater(const Output &x, const Output &y, const std::string &name) {
  return binary("Greater", x, y, name, /*toBool=*/true);
}

Output Graph::relu(const Output &x, const std::string &name) {
  return unary("Relu", x, name);
}
Output Graph::sigmoid(const Output &x, const std::string &name) {
  return unary("Sigmoid", x, name);
}
Output Graph::tanh(const Output &x, const std::string &name) {
  return unary("Tanh", x, name);
}
Output Graph::exp(const Output &x, const std::string &name) {
  return unary("Exp", x, name);
}
Output Graph::log(const Output &x, const std::string &name) {
  return unary("Log", x, name);
}
Output Graph::neg(const Output &x, const std::string &name) {
  return unary("Neg", x, name);
}
Output Graph::abs(const Output &x, const std::string &name) {
  return unary("Abs", x, name);
}
Output Graph::sqrt(const Output &x, const std::string &name) {
  return unary("Sqrt", x, name);
}
Output Graph::rsqrt(const Output &x, const std::string &name) {
  return unary("Rsqrt", x, name);
}
Output Graph::square(const Output &x, const std::string &name) {
  return unary("Square", x, name);
}
Output Graph::softmax(const Output &logits, const std::string &name) {
  return unary("Softmax", logits, name);
}
Output Graph::logSoftmax(const Output &logits, const std::string &name) {
  return unary("LogSoftmax", logits, name);
}
Output Graph::identity(const Output &x, const std::string &name) {
  return unary("Identity", x, name);
}

Output Graph::conv2d(const Output &input, const Output &filter,
                     const std::vector<int64_t> &strides, Padding padding,
                     const std::vector<int64_t> &dilations,
                     const std::string &name) {
  if (strides.size() != 2 || dilations.size() != 2)
    return fail("conv2d '" + name + "': strides and dilations take 2 values "
                "(height, width)"),
           Output{};
  Output out = binary("Conv2D", input, filter, name);
  if (!out.valid())
    return out;
  auto &attrs = *graph_.mutable_node(graph_.node_size() - 1)->mutable_attr();
  setInts(attrs["strides"], {1, strides[0], strides[1], 1});
  setInts(attrs["dilations"], {1, dilations[0], dilations[1], 1});
  attrs["padding"].set_s(paddingName(padding));
  attrs["data_format"].set_s("NHWC");
  attrs["use_cudnn_on_gpu"].set_b(true);
  out.shape.reset();
  return out;
}

Output Graph::window(const char *op, const Output &input,
                     const std::vector<int64_t> &ksize,
                     const std::vector<int64_t> &strides, Padding padding,
                     const std::string &name) {
  if (ksize.size() != 2 || strides.size() != 2)
    return fail(std::string(op) + " '" + name +
                "': ksize and strides take 2 values (height, width)"),
           Output{};
  Output out = unary(op, input, name);
  if (!out.valid())
    return out;
  auto &attrs = *graph_.mutable_node(graph_.node_size() - 1)->mutable_attr();
  setInts(attrs["ksize"], {1, ksize[0], ksize[1], 1});
  setInts(attrs["strides"], {1, strides[0], strides[1], 1});
  attrs["padding"].set_s(paddingName(padding));
  attrs["data_format"].set_s("NHWC");
  out.shape.reset();
  return out;
}

Output Graph::maxPool(const Output &input, const std::vector<int64_t> &ksize,
                      const std::vector<int64_t> &strides, Padding padding,
                      const std::string &name) {
  return window("MaxPool", input, ksize, strides, padding, name);
}

Output Graph::avgPool(const Output &input, const std::vector<int64_t> &ksize,
                      const std::vector<int64_t> &strides, Padding padding,
                      const std::string &name) {
  return window("AvgPool", input, ksize, strides, padding, name);
}

std::pair<Output, Output>
Graph::sparseSoftmaxCrossEntropyWithLogits(const Output &logits,
                                           const Output &labels,
                                           const std::string &name) {
  if (!checkInputs({&logits, &labels}, "SparseSoftmaxCrossEntropyWithLogits"))
    return {};
  tensorflow::NodeDef *node =
      addNode("SparseSoftmaxCrossEntropyWithLogits", name, {logits, labels});
  (*node->mutable_attr())["T"].set_type(logits.dtype);
  (*node->mutable_attr())["Tlabels"].set_type(labels.dtype);
  return {single(node, logits.dtype, 0), single(node, logits.dtype, 1)};
}

Output Graph::reduce(const char *op, const Output &x,
                     const std::vector<int64_t> &axes, bool keepDims,
                     const std::string &name) {
  if (!checkInputs({&x}, op))
    return {};
  std::vector<int32_t> values(axes.begin(), axes.end());
  Output indices = constantInt32(values, {static_cast<int64_t>(values.size())},
                                 name + "/reduction_indices");
  tensorflow::NodeDef *node = addNode(op, name, {x, indices});
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(x.dtype);
  attrs["Tidx"].set_type(tensorflow::DT_INT32);
  attrs["keep_dims"].set_b(keepDims);
  return single(node, x.dtype);
}

Output Graph::reduceSum(const Output &x, const std::vector<int64_t> &axes,
                        bool keepDims, const std::string &name) {
  return reduce("Sum", x, axes, keepDims, name);
}
Output Graph::reduceMean(const Output &x, const std::vector<int64_t> &axes,
                         bool keepDims, const std::string &name) {
  return reduce("Mean", x, axes, keepDims, name);
}
Output Graph::reduceMax(const Output &x, const std::vector<int64_t> &axes,
                        bool keepDims, const std::string &name) {
  return reduce("Max", x, axes, keepDims, name);
}

Output Graph::argmax(const Output &x, int64_t axis, DataType outputType,
                     const std::string &name) {
  if (!checkInputs({&x}, "ArgMax"))
    return {};
  Output dimension = constantInt32({static_cast<int32_t>(axis)}, {},
                                   name + "/dimension");
  tensorflow::NodeDef *node = addNode("ArgMax", name, {x, dimension});
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(x.dtype);
  attrs["Tidx"].set_type(tensorflow::DT_INT32);
  attrs["output_type"].set_type(outputType);
  return single(node, outputType);
}

Output Graph::select(const Output &condition, const Output &onTrue,
                     const Output &onFalse, const std::string &name) {
  if (!checkInputs({&condition, &onTrue, &onFalse}, "SelectV2"))
    return {};
  tensorflow::NodeDef *node =
      addNode("SelectV2", name, {condition, onTrue, onFalse});
  (*node->mutable_attr())["T"].set_type(onTrue.dtype);
  return single(node, onTrue.dtype);
}

Output Graph::cast(const Output &x, DataType dtype, const std::string &name) {
  if (!checkInputs({&x}, "Cast"))
    return {};
  tensorflow::NodeDef *node = addNode("Cast", name, {x});
  auto &attrs = *node->mutable_attr();
  attrs["SrcT"].set_type(x.dtype);
  attrs["DstT"].set_type(dtype);
  attrs["Truncate"].set_b(false);
  Output out = single(node, dtype);
  out.shape = x.shape;
  return out;
}

Output Graph::reshape(const Output &x, const Shape &shape,
                      const std::string &name) {
  if (!checkInputs({&x}, "Reshape"))
    return {};
  std::vector<int32_t> dims(shape.begin(), shape.end());
  Output shapeConst = constantInt32(dims, {static_cast<int64_t>(dims.size())},
                                    name + "/shape");
  tensorflow::NodeDef *node = addNode("Reshape", name, {x, shapeConst});
  (*node->mutable_attr())["T"].set_type(x.dtype);
  (*node->mutable_attr())["Tshape"].set_type(tensorflow::DT_INT32);
  return single(node, x.dtype);
}

Output Graph::transpose(const Output &x, const std::vector<int64_t> &perm,
                        const std::string &name) {
  if (!checkInputs({&x}, "Transpose"))
    return {};
  std::vector<int32_t> values(perm.begin(), perm.end());
  Output permConst = constantInt32(values, {static_cast<int64_t>(values.size())},
                                   name + "/perm");
  tensorflow::NodeDef *node = addNode("Transpose", name, {x, permConst});
  (*node->mutable_attr())["T"].set_type(x.dtype);
  (*node->mutable_attr())["Tperm"].set_type(tensorflow::DT_INT32);
  return single(node, x.dtype);
}

Output Graph::concat(const std::vector<Output> &values, int64_t axis,
                     const std::string &name) {
  if (values.empty())
    return fail("concat '" + name + "': needs at least one value"), Output{};
  std::vector<const Output *> checked;
  for (const Output &v : values)
    checked.push_back(&v);
  if (!checkInputs(checked, "ConcatV2"))
    return {};
  Output axisConst = constantInt32({static_cast<int32_t>(axis)}, {},
                                   name + "/axis");
  std::vector<Output> inputs = values;
  inputs.push_back(axisConst);
  tensorflow::NodeDef *node = addNode("ConcatV2", name, inputs);
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(values[0].dtype);
  attrs["N"].set_i(static_cast<int64_t>(values.size()));
  attrs["Tidx"].set_type(tensorflow::DT_INT32);
  return single(node, values[0].dtype);
}

Output Graph::inTopK(const Output &predictions, const Output &targets,
                     int64_t k, const std::string &name) {
  if (!checkInputs({&predictions, &targets}, "InTopKV2"))
    return {};
  Output kConst = targets.dtype == tensorflow::DT_INT64
                      ? constantInt64({k}, {}, name + "/k")
                      : constantInt32({static_cast<int32_t>(k)}, {}, name + "/k");
  tensorflow::NodeDef *node =
      addNode("InTopKV2", name, {predictions, targets, kConst});
  (*node->mutable_attr())["T"].set_type(targets.dtype);
  return single(node, tensorflow::DT_BOOL);
}

Output Graph::assign(const Variable &variable, const Output &value,
                     const std::string &name) {
  if (!variable.valid())
    return fail("assign '" + name + "': not a valid variable"), Output{};
  Output out = binary("Assign", variable.ref, value, name);
  if (!out.valid())
    return out;
  auto &attrs = *graph_.mutable_node(graph_.node_size() - 1)->mutable_attr();
  attrs["use_locking"].set_b(false);
  attrs["validate_shape"].set_b(true);
  out.shape = variable.shape;
  return out;
}

Output Graph::assignAdd(const Variable &variable, const Output &value,
                        const std::string &name) {
  if (!variable.valid())
    return fail("assign_add '" + name + "': not a valid variable"), Output{};
  Output out = binary("AssignAdd", variable.ref, value, name);
  if (!out.valid())
    return out;
  (*graph_.mutable_node(graph_.node_size() - 1)->mutable_attr())["use_locking"]
      .set_b(false);
  out.shape = variable.shape;
  return out;
}

Output Graph::group(const std::vector<Output> &inputs, const std::string &name) {
  if (!ok())
    return {};
  for (const Output &input : inputs)
    if (!input.valid() || input.graph != this)
      return fail("group '" + name + "': an input is not a valid output"),
             Output{};
  // Validate before adding so a rejected group leaves no half-built node.
  tensorflow::NodeDef *node = addNode("NoOp", name, {});
  for (const Output &input : inputs)
    node->add_input("^" + input.node);
  return single(node, tensorflow::DT_INVALID);
}

} // namespace kiln::graph
