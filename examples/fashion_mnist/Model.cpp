//===- Model.cpp - the seed's Fashion-MNIST networks and train step -------===//
//
// --model=mlp is the seed's 784-200-200-10 relu network with variables
// under hidden1, hidden2 and softmax_linear; --model=cnn the seed's
// conv_relu helper (get_variable "weights"/"biases" under conv1 and conv2,
// SAME padding) with max pooling and a dense layer.
//
//===----------------------------------------------------------------------===//

#include "Model.h"

#include <cmath>

namespace kiln::examples {

using graph::Graph;
using graph::Initializer;
using graph::Output;
using graph::Variable;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

Output dense(Graph &g, const Output &input, int64_t in, int64_t out, int64_t seed,
             bool relu, const std::string &scope) {
  auto guard = g.variableScope(scope);
  Variable weights = g.getVariable(
      "weights", {in, out},
      Initializer::truncatedNormal(1.0 / std::sqrt(double(in)), 0.0, seed));
  Variable biases = g.getVariable("biases", {out});
  Output z = g.add(g.matmul(input, weights.value), biases.value);
  return relu ? g.relu(z) : z;
}

Output mlp(Graph &g, const Output &images, int64_t seed) {
  Output h1 = dense(g, images, 784, 200, seed, true, "hidden1");
  Output h2 = dense(g, h1, 200, 200, seed + 1, true, "hidden2");
  return dense(g, h2, 200, 10, seed + 2, false, "softmax_linear");
}

Output convRelu(Graph &g, const Output &input, const graph::Shape &kernel,
                int64_t seed) {
  Variable weights = g.getVariable("weights", kernel,
                                   Initializer::randomNormal(0.1, 0.0, seed));
  Variable biases = g.getVariable("biases", {kernel[3]}, Initializer::constant(0.1));
  Output conv = g.conv2d(input, weights.value, {1, 1}, graph::Padding::Same);
  return g.relu(g.add(conv, biases.value));
}

Output cnn(Graph &g, const Output &images, int64_t seed) {
  Output x = g.reshape(images, {-1, 28, 28, 1});
  Output pooled;
  {
    auto scope = g.variableScope("conv1");
    pooled = g.maxPool(convRelu(g, x, {5, 5, 1, 32}, seed), {2, 2}, {2, 2},
                       graph::Padding::Same);
  }
  {
    auto scope = g.variableScope("conv2");
    pooled = g.maxPool(convRelu(g, pooled, {5, 5, 32, 64}, seed + 1), {2, 2},
                       {2, 2}, graph::Padding::Same);
  }
  Output flat = g.reshape(pooled, {-1, 7 * 7 * 64});
  return dense(g, flat, 7 * 7 * 64, 10, seed + 2, false, "dense");
}

} // namespace

bool buildModel(const ModelOptions &options, Model &model, std::string &error) {
  Graph &g = model.graph;
  g.setRandomSeed(options.seed);
  Output images = g.placeholder(DT_FLOAT, {-1, 784}, "images");
  Output labels = g.placeholder(DT_INT64, {-1}, "labels");
  Output logits;
  if (options.model == "mlp")
    logits = mlp(g, images, options.seed);
  else if (options.model == "cnn")
    logits = cnn(g, images, options.seed);
  else
    return error = "--model must be mlp or cnn, got '" + options.model + "'", false;

  if (options.optimizer == "sgd")
    model.optimizer = std::make_unique<graph::GradientDescentOptimizer>(options.learningRate);
  else if (options.optimizer == "momentum")
    model.optimizer = std::make_unique<graph::MomentumOptimizer>(options.learningRate, 0.9);
  else if (options.optimizer == "adam")
    model.optimizer = std::make_unique<graph::AdamOptimizer>(options.learningRate);
  else
    return error = "--optimizer must be sgd, momentum or adam, got '" +
                   options.optimizer + "'",
           false;

  auto xent = g.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
  Output loss = g.reduceMean(xent.first, {0}, false, "loss");
  Variable step = g.getVariable("global_step", {}, Initializer::zeros(), DT_INT64,
                                /*trainable=*/false);
  model.optimizer->setAverageGradientsAcrossRanks(options.dataParallel);
  model.optimizer->minimize(g, loss, &step, "train");
  g.reduceSum(g.cast(g.inTopK(logits, labels, 1), DT_FLOAT), {0}, false, "correct");
  g.globalVariablesInitializer("init");
  model.variables = g.globalVariables();
  if (!g.ok())
    return error = g.error(), false;
  return true;
}

} // namespace kiln::examples
