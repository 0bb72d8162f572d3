//===- Training.cpp - gradients and optimizer update nodes ----------------===//

#include "frontends/GraphAPI/Graph.h"

namespace kiln::graph {

namespace {

bool isFloat(DataType dtype) {
  return dtype == tensorflow::DT_FLOAT || dtype == tensorflow::DT_DOUBLE;
}

} // namespace

std::vector<Output> Graph::gradients(const Output &loss,
                                     const std::vector<Output> &xs,
                                     const std::string &name) {
  std::vector<const Output *> inputs = {&loss};
  for (const Output &x : xs)
    inputs.push_back(&x);
  if (!checkInputs(inputs, "gradients"))
    return {};
  if (xs.empty())
    return fail("gradients '" + name + "': no values to differentiate"), std::vector<Output>{};
  if (!isFloat(loss.dtype) || (loss.shape && !loss.shape->empty()))
    return fail("gradients '" + name + "': the loss must be a float scalar"),
           std::vector<Output>{};
  std::vector<Output> operands = {loss};
  operands.insert(operands.end(), xs.begin(), xs.end());
  tensorflow::NodeDef *node = addNode("KilnGradients", name, operands);
  auto &attrs = *node->mutable_attr();
  attrs["N"].set_i(static_cast<int64_t>(xs.size()));
  attrs["T"].set_type(loss.dtype);
  std::vector<Output> result;
  for (size_t i = 0; i < xs.size(); ++i) {
    Output gradient = single(node, xs[i].dtype, static_cast<int>(i));
    gradient.shape = xs[i].shape;
    result.push_back(gradient);
  }
  return result;
}

std::vector<Output> Graph::allReduce(const std::vector<Output> &values,
                                     const std::string &name) {
  std::vector<const Output *> inputs;
  for (const Output &value : values)
    inputs.push_back(&value);
  if (!checkInputs(inputs, "allReduce"))
    return {};
  if (values.empty())
    return fail("allReduce '" + name + "': no values"), std::vector<Output>{};
  tensorflow::NodeDef *node = addNode("KilnAllReduce", name, values);
  auto &attrs = *node->mutable_attr();
  attrs["N"].set_i(static_cast<int64_t>(values.size()));
  attrs["T"].set_type(tensorflow::DT_FLOAT);
  // The shapes let a session feed the averaged values to the update half
  // of a split step.
  auto *shapes = attrs["_output_shapes"].mutable_list();
  std::vector<Output> result;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].dtype != tensorflow::DT_FLOAT || !values[i].shape)
      return fail("allReduce '" + name + "': input " + std::to_string(i) +
                  " is not a float32 tensor of known shape"),
             std::vector<Output>{};
    auto *shape = shapes->add_shape();
    for (int64_t dim : *values[i].shape)
      shape->add_dim()->set_size(dim);
    Output reduced = single(node, tensorflow::DT_FLOAT, static_cast<int>(i));
    reduced.shape = values[i].shape;
    result.push_back(reduced);
  }
  return result;
}

Output Graph::applyGradientDescent(const Variable &var, const Output &lr,
                                   const Output &grad, const std::string &name) {
  if (!var.valid() || !checkInputs({&lr, &grad}, "ApplyGradientDescent"))
    return fail("ApplyGradientDescent '" + name + "': invalid input"), Output{};
  tensorflow::NodeDef *node = addNode("ApplyGradientDescent", name, {var.ref, lr, grad});
  (*node->mutable_attr())["T"].set_type(var.dtype);
  (*node->mutable_attr())["use_locking"].set_b(false);
  Output out = single(node, var.dtype);
  out.shape = var.shape;
  return out;
}

Output Graph::applyMomentum(const Variable &var, const Variable &accum,
                            const Output &lr, const Output &grad,
                            const Output &momentum, bool useNesterov,
                            const std::string &name) {
  if (!var.valid() || !accum.valid() ||
      !checkInputs({&lr, &grad, &momentum}, "ApplyMomentum"))
    return fail("ApplyMomentum '" + name + "': invalid input"), Output{};
  tensorflow::NodeDef *node =
      addNode("ApplyMomentum", name, {var.ref, accum.ref, lr, grad, momentum});
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(var.dtype);
  attrs["use_locking"].set_b(false);
  attrs["use_nesterov"].set_b(useNesterov);
  Output out = single(node, var.dtype);
  out.shape = var.shape;
  return out;
}

Output Graph::applyAdam(const Variable &var, const Variable &m, const Variable &v,
                        const Output &beta1Power, const Output &beta2Power,
                        const Output &lr, const Output &beta1, const Output &beta2,
                        const Output &epsilon, const Output &grad,
                        const std::string &name) {
  if (!var.valid() || !m.valid() || !v.valid() ||
      !checkInputs({&beta1Power, &beta2Power, &lr, &beta1, &beta2, &epsilon, &grad},
                   "ApplyAdam"))
    return fail("ApplyAdam '" + name + "': invalid input"), Output{};
  tensorflow::NodeDef *node =
      addNode("ApplyAdam", name,
              {var.ref, m.ref, v.ref, beta1Power, beta2Power, lr, beta1, beta2,
               epsilon, grad});
  auto &attrs = *node->mutable_attr();
  attrs["T"].set_type(var.dtype);
  attrs["use_locking"].set_b(false);
  attrs["use_nesterov"].set_b(false);
  Output out = single(node, var.dtype);
  out.shape = var.shape;
  return out;
}

void Graph::addControlDependencies(const Output &op, const std::vector<Output> &deps) {
  if (!op.valid() || op.graph != this)
    return (void)fail("control dependencies: not a valid output");
  for (int i = graph_.node_size() - 1; i >= 0; --i) {
    tensorflow::NodeDef *node = graph_.mutable_node(i);
    if (node->name() != op.node)
      continue;
    for (const Output &dep : deps)
      node->add_input("^" + dep.node);
    return;
  }
  fail("control dependencies: no node '" + op.node + "'");
}

} // namespace kiln::graph
