//===- Graph.cpp - scopes, names, sources, variables, serialization -------===//

#include "frontends/GraphAPI/Graph.h"
#include "frontends/GraphAPI/TensorFlowGradients.h"

#include <cmath>

namespace kiln::graph {

namespace {
enum ScopeKind { kNameScope = 1, kVariableScope = 2, kDeviceScope = 4 };

/// TensorFlow's seed when only an op seed is given (random_seed.py).
constexpr int64_t kDefaultGraphSeed = 87654321;

void setShape(tensorflow::TensorShapeProto *proto, const Shape &shape) {
  for (int64_t dim : shape)
    proto->add_dim()->set_size(dim);
}

int64_t elementCount(const Shape &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}
} // namespace

//===----------------------------------------------------------------------===//
// Errors and names
//===----------------------------------------------------------------------===//

bool Graph::fail(const std::string &message) {
  if (status_.ok())
    status_ = invalidArgument(message);
  return false;
}

bool Graph::checkInputs(const std::vector<const Output *> &inputs,
                        const std::string &op) {
  if (!ok())
    return false;
  for (const Output *input : inputs) {
    if (!input->valid())
      return fail(op + ": an input is not a valid output");
    if (input->graph != this)
      return fail(op + ": input '" + input->name() +
                  "' belongs to another graph");
  }
  return true;
}

std::string Graph::scopedName(const std::string &name) const {
  return nameScopes_.empty() ? name : nameScopes_.back() + "/" + name;
}

std::string Graph::uniqueName(const std::string &name) {
  std::string base = scopedName(name);
  auto [it, inserted] = usedNames_.try_emplace(base, 1);
  if (inserted)
    return base;
  // TensorFlow appends _1, _2, ... to names already taken; the entry of the
  // base name counts the next suffix to try.
  std::string unique;
  do
    unique = base + "_" + std::to_string(it->second++);
  while (usedNames_.count(unique));
  usedNames_[unique] = 1;
  return unique;
}

//===----------------------------------------------------------------------===//
// Scopes
//===----------------------------------------------------------------------===//

Graph::ScopeGuard::ScopeGuard(ScopeGuard &&other) noexcept
    : graph(other.graph), kind(other.kind) {
  other.graph = nullptr;
}

Graph::ScopeGuard::~ScopeGuard() {
  if (!graph)
    return;
  if (kind & kNameScope)
    graph->nameScopes_.pop_back();
  if (kind & kVariableScope)
    graph->variableScopes_.pop_back();
  if (kind & kDeviceScope)
    graph->devices_.pop_back();
}

Graph::ScopeGuard Graph::nameScope(const std::string &name) {
  nameScopes_.push_back(uniqueName(name));
  return ScopeGuard(this, kNameScope);
}

Graph::ScopeGuard Graph::variableScope(const std::string &name, bool reuse) {
  std::string full = variableScopes_.empty()
                         ? name
                         : variableScopes_.back().name + "/" + name;
  bool inherited = !variableScopes_.empty() && variableScopes_.back().reuse;
  variableScopes_.push_back({full, reuse || inherited});
  nameScopes_.push_back(uniqueName(name));
  return ScopeGuard(this, kNameScope | kVariableScope);
}

Graph::ScopeGuard Graph::device(const std::string &device) {
  devices_.push_back(device);
  return ScopeGuard(this, kDeviceScope);
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

tensorflow::NodeDef *Graph::addNode(const std::string &op,
                                    const std::string &name,
                                    const std::vector<Output> &inputs) {
  tensorflow::NodeDef *node = graph_.add_node();
  node->set_op(op);
  node->set_name(uniqueName(name));
  for (const Output &input : inputs)
    node->add_input(input.input());
  if (!devices_.empty())
    node->set_device(devices_.back());
  return node;
}

Output Graph::single(tensorflow::NodeDef *node, DataType dtype, int index) {
  return Output{this, node->name(), index, dtype, std::nullopt};
}

std::pair<int64_t, int64_t> Graph::seeds(int64_t opSeed) {
  if (graphSeed_)
    return {*graphSeed_, opSeed ? opSeed : graph_.node_size()};
  if (opSeed)
    return {kDefaultGraphSeed, opSeed};
  return {0, 0};
}

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

Output Graph::placeholder(DataType dtype, const Shape &shape,
                          const std::string &name) {
  if (!ok())
    return {};
  tensorflow::NodeDef *node = addNode("Placeholder", name, {});
  (*node->mutable_attr())["dtype"].set_type(dtype);
  setShape((*node->mutable_attr())["shape"].mutable_shape(), shape);
  Output out = single(node, dtype);
  out.shape = shape;
  return out;
}

namespace {
template <typename T, typename Add>
tensorflow::NodeDef *fillConst(tensorflow::NodeDef *node, DataType dtype,
                               const std::vector<T> &values,
                               const Shape &shape, Add add) {
  (*node->mutable_attr())["dtype"].set_type(dtype);
  tensorflow::TensorProto *tensor =
      (*node->mutable_attr())["value"].mutable_tensor();
  tensor->set_dtype(dtype);
  setShape(tensor->mutable_tensor_shape(), shape);
  for (const T &v : values)
    add(tensor, v);
  return node;
}
} // namespace

/// A Const node of `values` (one value splats over `shape`), each added to
/// the TensorProto's typed list by `add`.
template <typename T, typename Add>
Output Graph::typedConstant(DataType dtype, const std::vector<T> &values,
                            const Shape &shape, const std::string &name,
                            Add add) {
  if (!ok())
    return {};
  int64_t count = elementCount(shape);
  if (static_cast<int64_t>(values.size()) != count && values.size() != 1)
    return fail("constant '" + name + "': " + std::to_string(values.size()) +
                " values for " + std::to_string(count) + " elements"),
           Output{};
  auto *node = fillConst(addNode("Const", name, {}), dtype, values, shape, add);
  Output out = single(node, dtype);
  out.shape = shape;
  return out;
}

Output Graph::constant(const std::vector<float> &values, const Shape &shape,
                       const std::string &name) {
  return typedConstant(tensorflow::DT_FLOAT, values, shape, name,
                       [](tensorflow::TensorProto *t, float v) { t->add_float_val(v); });
}

Output Graph::constant(float value, const std::string &name) {
  return constant(std::vector<float>{value}, {}, name);
}

Output Graph::constantInt64(const std::vector<int64_t> &values,
                            const Shape &shape, const std::string &name) {
  return typedConstant(tensorflow::DT_INT64, values, shape, name,
                       [](tensorflow::TensorProto *t, int64_t v) { t->add_int64_val(v); });
}

Output Graph::constantInt32(const std::vector<int32_t> &values,
                            const Shape &shape, const std::string &name) {
  return typedConstant(tensorflow::DT_INT32, values, shape, name,
                       [](tensorflow::TensorProto *t, int32_t v) { t->add_int_val(v); });
}

Output Graph::fill(const Shape &shape, DataType dtype, double value,
                   const std::string &name) {
  if (!ok())
    return {};
  tensorflow::NodeDef *node = addNode("Const", name, {});
  (*node->mutable_attr())["dtype"].set_type(dtype);
  tensorflow::TensorProto *tensor =
      (*node->mutable_attr())["value"].mutable_tensor();
  tensor->set_dtype(dtype);
  setShape(tensor->mutable_tensor_shape(), shape);
  switch (dtype) {
  case tensorflow::DT_FLOAT:
    tensor->add_float_val(static_cast<float>(value));
    break;
  case tensorflow::DT_DOUBLE:
    tensor->add_double_val(value);
    break;
  case tensorflow::DT_INT64:
    tensor->add_int64_val(static_cast<int64_t>(value));
    break;
  case tensorflow::DT_BOOL:
    tensor->add_bool_val(value != 0);
    break;
  default:
    tensor->add_int_val(static_cast<int32_t>(value));
  }
  Output out = single(node, dtype);
  out.shape = shape;
  return out;
}

Output Graph::zeros(const Shape &shape, DataType dtype, const std::string &name) {
  return fill(shape, dtype, 0.0, name);
}

Output Graph::ones(const Shape &shape, DataType dtype, const std::string &name) {
  return fill(shape, dtype, 1.0, name);
}

Output Graph::randomOp(const char *op, const Shape &shape, int64_t seed,
                       const std::string &name) {
  std::vector<int32_t> dims(shape.begin(), shape.end());
  Output shapeConst = constantInt32(dims, {static_cast<int64_t>(dims.size())},
                                    "shape");
  if (!ok())
    return {};
  tensorflow::NodeDef *node = addNode(op, name, {shapeConst});
  auto [graphSeed, opSeed] = seeds(seed);
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(tensorflow::DT_INT32);
  attrs["dtype"].set_type(tensorflow::DT_FLOAT);
  attrs["seed"].set_i(graphSeed);
  attrs["seed2"].set_i(opSeed);
  Output out = single(node, tensorflow::DT_FLOAT);
  out.shape = shape;
  return out;
}

/// x * scale + shift, as TensorFlow's random_normal(mean, stddev) builds it.
Output Graph::scaled(const Output &x, double scale, double shift,
                     DataType dtype) {
  Output result = x;
  if (scale != 1.0)
    result = mul(result, fill({}, dtype, scale, "stddev"));
  if (shift != 0.0)
    result = add(result, fill({}, dtype, shift, "mean"));
  result.shape = x.shape;
  return result;
}

Output Graph::randomNormal(const Shape &shape, double stddev, double mean,
                           int64_t seed, const std::string &name) {
  auto scope = nameScope(name);
  Output draw = randomOp("RandomStandardNormal", shape, seed,
                         "RandomStandardNormal");
  return scaled(draw, stddev, mean, tensorflow::DT_FLOAT);
}

Output Graph::truncatedNormal(const Shape &shape, double stddev, double mean,
                              int64_t seed, const std::string &name) {
  auto scope = nameScope(name);
  Output draw = randomOp("TruncatedNormal", shape, seed, "TruncatedNormal");
  return scaled(draw, stddev, mean, tensorflow::DT_FLOAT);
}

Output Graph::randomUniform(const Shape &shape, double minval, double maxval,
                            int64_t seed, const std::string &name) {
  if (!(minval < maxval))
    return fail("random_uniform '" + name + "': minval must be below maxval"),
           Output{};
  auto scope = nameScope(name);
  Output draw = randomOp("RandomUniform", shape, seed, "RandomUniform");
  return scaled(draw, maxval - minval, minval, tensorflow::DT_FLOAT);
}

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

Output Graph::initialValue(const Initializer &init, const Shape &shape,
                           DataType dtype) {
  using Kind = Initializer::Kind;
  switch (init.kind) {
  case Kind::Zeros:
    return fill(shape, dtype, 0.0, "zeros");
  case Kind::Ones:
    return fill(shape, dtype, 1.0, "ones");
  case Kind::Constant:
    return fill(shape, dtype, init.value, "Const");
  case Kind::RandomNormal:
    return randomNormal(shape, init.stddev, init.mean, init.seed);
  case Kind::TruncatedNormal:
    return truncatedNormal(shape, init.stddev, init.mean, init.seed);
  case Kind::GlorotUniform: {
    // Keras/TF fan computation: the last two dims are (in, out) and the
    // rest multiply both (a convolution's receptive field).
    double fanIn = 1, fanOut = 1;
    if (shape.size() == 1) {
      fanIn = fanOut = static_cast<double>(shape[0]);
    } else if (shape.size() >= 2) {
      double receptive = 1;
      for (size_t i = 0; i + 2 < shape.size(); ++i)
        receptive *= static_cast<double>(shape[i]);
      fanIn = shape[shape.size() - 2] * receptive;
      fanOut = shape[shape.size() - 1] * receptive;
    }
    double limit = std::sqrt(6.0 / (fanIn + fanOut));
    return randomUniform(shape, -limit, limit, init.seed);
  }
  }
  return {};
}

Variable Graph::createVariable(const std::string &fullName, const Shape &shape,
                               DataType dtype, bool trainable,
                               const Output &initial) {
  if (!ok())
    return {};
  for (int64_t dim : shape)
    if (dim < 0)
      return fail("variable '" + fullName + "' needs a fully known shape"),
             Variable{};
  // Variables are named absolutely, whatever name scope is open.
  std::vector<std::string> saved;
  saved.swap(nameScopes_);
  tensorflow::NodeDef *node = addNode("VariableV2", fullName, {});
  saved.swap(nameScopes_);
  if (node->name() != fullName)
    return fail("variable name '" + fullName + "' is already used by a node"),
           Variable{};
  auto &attrs = *node->mutable_attr();
  attrs["dtype"].set_type(dtype);
  setShape(attrs["shape"].mutable_shape(), shape);
  attrs["container"].set_s("");
  attrs["shared_name"].set_s("");

  Variable variable;
  variable.name = fullName;
  variable.shape = shape;
  variable.dtype = dtype;
  variable.trainable = trainable;
  variable.ref = single(node, dtype);
  variable.ref.shape = shape;

  nameScopes_.push_back(fullName);
  tensorflow::NodeDef *assign = addNode("Assign", "Assign", {variable.ref, initial});
  (*assign->mutable_attr())["T"].set_type(dtype);
  (*assign->mutable_attr())["use_locking"].set_b(true);
  (*assign->mutable_attr())["validate_shape"].set_b(true);
  tensorflow::NodeDef *read = addNode("Identity", "read", {variable.ref});
  (*read->mutable_attr())["T"].set_type(dtype);
  nameScopes_.pop_back();
  variable.initializer = single(assign, dtype);
  variable.value = single(read, dtype);
  variable.value.shape = shape;
  variables_.push_back(variable);
  return variable;
}

Variable Graph::getVariable(const std::string &name, const Shape &shape,
                            const Initializer &initializer, DataType dtype,
                            bool trainable) {
  if (!ok())
    return {};
  bool reuse = !variableScopes_.empty() && variableScopes_.back().reuse;
  std::string fullName = variableScopes_.empty()
                             ? name
                             : variableScopes_.back().name + "/" + name;
  for (const Variable &existing : variables_) {
    if (existing.name != fullName)
      continue;
    if (!reuse)
      return fail("Variable " + fullName +
                  " already exists, disallowed. Did you mean to set "
                  "reuse=true in variable_scope?"),
             Variable{};
    if (existing.shape != shape || existing.dtype != dtype)
      return fail("Trying to share variable " + fullName +
                  ", but the requested shape or dtype differs from the "
                  "existing one"),
             Variable{};
    return existing;
  }
  if (reuse)
    return fail("Variable " + fullName +
                " does not exist, or was not created with get_variable(). "
                "Did you mean to set reuse=false in variable_scope?"),
           Variable{};
  // The initial value lives in "<name>/Initializer", outside any open
  // name scope, as TensorFlow places it.
  std::vector<std::string> saved;
  saved.swap(nameScopes_);
  nameScopes_.push_back(fullName + "/Initializer");
  Output initial = initialValue(initializer, shape, dtype);
  saved.swap(nameScopes_);
  return createVariable(fullName, shape, dtype, trainable, initial);
}

Variable Graph::variable(const Output &initial, const std::string &name,
                         bool trainable) {
  if (!checkInputs({&initial}, "Variable"))
    return {};
  if (!initial.shape)
    return fail("Variable '" + name +
                "': the initial value's shape is unknown"),
           Variable{};
  // tf.Variable takes a unique name in the current name scope.
  std::string fullName = uniqueName(name);
  usedNames_.erase(fullName);
  return createVariable(fullName, *initial.shape, initial.dtype, trainable,
                        initial);
}

std::vector<Variable> Graph::trainableVariables() const {
  std::vector<Variable> result;
  for (const Variable &v : variables_)
    if (v.trainable)
      result.push_back(v);
  return result;
}

Output Graph::globalVariablesInitializer(const std::string &name) {
  std::vector<Output> initializers;
  for (const Variable &v : variables_)
    initializers.push_back(v.initializer);
  return group(initializers, name);
}

tensorflow::GraphDef Graph::toKilnGraphDef() const {
  tensorflow::GraphDef graph = graph_;
  graph.mutable_versions()->set_producer(27);
  return graph;
}

Status Graph::toTensorFlowGraphDef(tensorflow::GraphDef &out) const {
  tensorflow::GraphDef graph = toKilnGraphDef();
  KILN_RETURN_IF_ERROR(writeTensorFlowGradients(graph));
  out = std::move(graph);
  return Status();
}

tensorflow::GraphDef Graph::toGraphDef() const {
  tensorflow::GraphDef graph;
  if (!toTensorFlowGraphDef(graph).ok())
    return toKilnGraphDef();
  return graph;
}

} // namespace kiln::graph
