//===- Optimizers.cpp - TF1 optimizers on the C++ graph API ---------------===//

#include "frontends/GraphAPI/Optimizers.h"

namespace kiln::graph {

namespace {

/// A slot variable "<var>/<slot>" of the variable's shape, zeroed.
Variable slot(Graph &g, const Variable &var, const std::string &name) {
  return g.getVariable(var.name + "/" + name, var.shape, Initializer::zeros(),
                       var.dtype, /*trainable=*/false);
}

} // namespace

Output Optimizer::minimize(Graph &g, const Output &loss, const Variable *globalStep,
                           const std::string &name) {
  std::vector<Variable> variables = g.trainableVariables();
  std::vector<Output> values;
  for (const Variable &var : variables)
    values.push_back(var.value);
  std::vector<Output> grads = g.gradients(loss, values, name + "/gradients");
  if (grads.size() != variables.size())
    return {};
  if (averageAcrossRanks) {
    grads = g.allReduce(grads, name + "/all_reduce");
    if (grads.size() != variables.size())
      return {};
  }
  std::vector<Output> updates;
  for (size_t i = 0; i < variables.size(); ++i)
    updates.push_back(apply(g, variables[i], grads[i]));
  for (const Output &after : finish(g, updates))
    updates.push_back(after);
  if (globalStep) {
    Output increment = g.assignAdd(*globalStep, g.constantInt64({1}, {}),
                                   name + "/global_step_increment");
    g.addControlDependencies(increment, updates);
    updates.push_back(increment);
  }
  return g.group(updates, name);
}

Output GradientDescentOptimizer::apply(Graph &g, const Variable &var,
                                       const Output &grad) {
  return g.applyGradientDescent(var, g.constant(float(learningRate)), grad,
                                var.name + "/ApplyGradientDescent");
}

Output MomentumOptimizer::apply(Graph &g, const Variable &var, const Output &grad) {
  Variable accum = slot(g, var, "Momentum");
  return g.applyMomentum(var, accum, g.constant(float(learningRate)), grad,
                         g.constant(float(momentum)), useNesterov,
                         var.name + "/ApplyMomentum");
}

Output AdamOptimizer::apply(Graph &g, const Variable &var, const Output &grad) {
  if (!beta1Power.valid()) {
    beta1Power = g.getVariable("beta1_power", {}, Initializer::constant(beta1),
                               tensorflow::DT_FLOAT, /*trainable=*/false);
    beta2Power = g.getVariable("beta2_power", {}, Initializer::constant(beta2),
                               tensorflow::DT_FLOAT, /*trainable=*/false);
  }
  Variable m = slot(g, var, "Adam"), v = slot(g, var, "Adam_1");
  return g.applyAdam(var, m, v, beta1Power.value, beta2Power.value,
                     g.constant(float(learningRate)), g.constant(float(beta1)),
                     g.constant(float(beta2)), g.constant(float(epsilon)), grad,
                     var.name + "/ApplyAdam");
}

std::vector<Output> AdamOptimizer::finish(Graph &g, const std::vector<Output> &updates) {
  // The powers advance only after every variable used the current ones.
  Output next1 = g.assign(beta1Power, g.mul(beta1Power.value, g.constant(float(beta1))),
                          "Adam/update_beta1_power");
  Output next2 = g.assign(beta2Power, g.mul(beta2Power.value, g.constant(float(beta2))),
                          "Adam/update_beta2_power");
  g.addControlDependencies(next1, updates);
  g.addControlDependencies(next2, updates);
  return {next1, next2};
}

} // namespace kiln::graph
