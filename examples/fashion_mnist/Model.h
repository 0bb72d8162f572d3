//===- Model.h - the seed's Fashion-MNIST networks and train step -*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_MODEL_H
#define KILN_EXAMPLES_FASHION_MNIST_MODEL_H

#include "frontends/GraphAPI/Optimizers.h"

#include <memory>
#include <string>

namespace kiln::examples {

struct ModelOptions {
  std::string model = "mlp";   // mlp | cnn
  std::string optimizer = "sgd"; // sgd | momentum | adam
  double learningRate = 0.1;
  int64_t seed = 1;
  /// Average the gradients across the ranks of a data-parallel job.
  bool dataParallel = false;
};

/// The graph and the names the trainer fetches: "images" (float
/// [batch, 784]) and "labels" (int64 [batch]) are fed; "loss" is the mean
/// cross-entropy, "train" the optimizer step (incrementing
/// "global_step"), "correct" the number of right top-1 predictions, and
/// "init" initializes every variable.
struct Model {
  graph::Graph graph;
  std::unique_ptr<graph::Optimizer> optimizer;
  /// Every variable, slots included: what a checkpoint holds.
  std::vector<graph::Variable> variables;
};

/// Builds the model; false with `error` for unknown options.
bool buildModel(const ModelOptions &options, Model &model, std::string &error);

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_MODEL_H
