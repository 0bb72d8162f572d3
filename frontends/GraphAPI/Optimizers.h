//===- Optimizers.h - TF1 optimizers on the C++ graph API -------*- C++ -*-===//
//
//   graph::Variable step = g.getVariable("global_step", {}, Initializer::zeros(),
//                                        tensorflow::DT_INT64, /*trainable=*/false);
//   graph::Output train = graph::GradientDescentOptimizer(0.01).minimize(g, loss, &step);
//
// minimize() differentiates the loss with respect to every trainable
// variable (one KilnGradients node), adds one Apply* update per variable
// (slots such as "<var>/Momentum" or "<var>/Adam" are non-trainable
// variables, created zeroed and checkpointed like any other) and, when a
// global step is given, increments it; the returned NoOp runs them all.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_GRAPHAPI_OPTIMIZERS_H
#define KILN_FRONTENDS_GRAPHAPI_OPTIMIZERS_H

#include "frontends/GraphAPI/Graph.h"

namespace kiln::graph {

class Optimizer {
public:
  virtual ~Optimizer() = default;
  /// The train op: one step of the optimizer on every trainable variable.
  Output minimize(Graph &g, const Output &loss, const Variable *globalStep = nullptr,
                  const std::string &name = "train");
  /// Averages the gradients over the ranks of a data-parallel job (one
  /// Graph::allReduce of all of them) before the updates, as Horovod's
  /// DistributedOptimizer does.
  void setAverageGradientsAcrossRanks(bool average) {
    averageAcrossRanks = average;
  }

protected:
  /// Adds the update of `var` by `grad`; returns the update op.
  virtual Output apply(Graph &g, const Variable &var, const Output &grad) = 0;
  /// Ops that must run after every variable's update (Adam's beta powers).
  virtual std::vector<Output> finish(Graph &g, const std::vector<Output> &updates) {
    return {};
  }

private:
  bool averageAcrossRanks = false;
};

class GradientDescentOptimizer : public Optimizer {
public:
  explicit GradientDescentOptimizer(double learningRate) : learningRate(learningRate) {}

protected:
  Output apply(Graph &g, const Variable &var, const Output &grad) override;

private:
  double learningRate;
};

class MomentumOptimizer : public Optimizer {
public:
  MomentumOptimizer(double learningRate, double momentum, bool useNesterov = false)
      : learningRate(learningRate), momentum(momentum), useNesterov(useNesterov) {}

protected:
  Output apply(Graph &g, const Variable &var, const Output &grad) override;

private:
  double learningRate, momentum;
  bool useNesterov;
};

class AdamOptimizer : public Optimizer {
public:
  explicit AdamOptimizer(double learningRate = 0.001, double beta1 = 0.9,
                         double beta2 = 0.999, double epsilon = 1e-8)
      : learningRate(learningRate), beta1(beta1), beta2(beta2), epsilon(epsilon) {}

protected:
  Output apply(Graph &g, const Variable &var, const Output &grad) override;
  std::vector<Output> finish(Graph &g, const std::vector<Output> &updates) override;

private:
  double learningRate, beta1, beta2, epsilon;
  Variable beta1Power, beta2Power;
};

} // namespace kiln::graph

#endif // KILN_FRONTENDS_GRAPHAPI_OPTIMIZERS_H
