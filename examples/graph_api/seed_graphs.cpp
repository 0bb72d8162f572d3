//===- seed_graphs.cpp - the TF1 seed models written with kiln's graph API --===//
//
// The two models of the TensorFlow 1.x tutorials that kiln's users start
// from, written line by line as they were in Python, and saved as GraphDefs
// that TensorFlow and TensorBoard open:
//
//   kiln-seed-graphs mlp OUT.pb   784-200-200-10 MLP (hidden1, hidden2,
//                                 softmax_linear scopes) with its loss
//   kiln-seed-graphs cnn OUT.pb   two conv_relu layers under variable scopes
//                                 conv1 and conv2, max-pooling, a dense layer
//
//===----------------------------------------------------------------------===//

#include "frontends/GraphAPI/Graph.h"
#include "tools/ToolConventions.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

using namespace kiln::graph;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

/// mnist.inference + mnist.loss from the TF1 tutorial.
void buildMlp(Graph &g) {
  Output images = g.placeholder(DT_FLOAT, {-1, 784}, "images");
  Output labels = g.placeholder(DT_INT64, {-1}, "labels");
  Output hidden = images;
  int64_t width = 784;
  for (const char *layer : {"hidden1", "hidden2"}) {
    auto scope = g.nameScope(layer);
    Variable weights = g.variable(
        g.truncatedNormal({width, 200}, 1.0 / std::sqrt(double(width))),
        "weights");
    Variable biases = g.variable(g.zeros({200}), "biases");
    hidden = g.relu(g.add(g.matmul(hidden, weights.value), biases.value));
    width = 200;
  }
  Output logits;
  {
    auto scope = g.nameScope("softmax_linear");
    Variable weights = g.variable(
        g.truncatedNormal({200, 10}, 1.0 / std::sqrt(200.0)), "weights");
    Variable biases = g.variable(g.zeros({10}), "biases");
    logits = g.add(g.matmul(hidden, weights.value), biases.value, "logits");
  }
  auto [loss, backprop] = g.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
  g.reduceMean(loss, {0}, false, "xentropy_mean");
  g.globalVariablesInitializer();
}

/// The seed's conv_relu helper.
Output convRelu(Graph &g, const Output &input, const Shape &kernelShape,
                const Shape &biasShape) {
  Variable weights = g.getVariable("weights", kernelShape,
                                   Initializer::randomNormal(0.1));
  Variable biases = g.getVariable("biases", biasShape,
                                  Initializer::constant(0.0));
  Output conv = g.conv2d(input, weights.value, {1, 1}, Padding::Same);
  return g.relu(g.add(conv, biases.value));
}

void buildCnn(Graph &g) {
  Output images = g.placeholder(DT_FLOAT, {-1, 28, 28, 1}, "images");
  Output pooled;
  {
    auto scope = g.variableScope("conv1");
    Output relu = convRelu(g, images, {5, 5, 1, 32}, {32});
    pooled = g.maxPool(relu, {2, 2}, {2, 2}, Padding::Same);
  }
  {
    auto scope = g.variableScope("conv2");
    Output relu = convRelu(g, pooled, {5, 5, 32, 64}, {64});
    pooled = g.maxPool(relu, {2, 2}, {2, 2}, Padding::Same);
  }
  {
    auto scope = g.variableScope("dense");
    Output flat = g.reshape(pooled, {-1, 7 * 7 * 64});
    Variable weights = g.getVariable("weights", {7 * 7 * 64, 10},
                                     Initializer::glorotUniform());
    Variable biases = g.getVariable("biases", {10});
    g.add(g.matmul(flat, weights.value), biases.value, "logits");
  }
  g.globalVariablesInitializer();
}

} // namespace

int main(int argc, char **argv) {
  static const char kUsage[] =
      "usage: kiln-seed-graphs mlp|cnn OUT.pb\n"
      "  writes the seed MLP or CNN, built with the graph API, as a GraphDef\n"
      "  --help, --version\n";
  kiln::tools::handleHelpAndVersion(argc, argv, "kiln-seed-graphs", kUsage);
  if (int error = kiln::tools::rejectOptions(argc, argv, "kiln-seed-graphs"))
    return error;
  if (argc != 3)
    return kiln::tools::usageError("kiln-seed-graphs",
                                   "expected mlp|cnn OUT.pb");
  if (std::strcmp(argv[1], "mlp") && std::strcmp(argv[1], "cnn"))
    return kiln::tools::usageError(
        "kiln-seed-graphs", std::string("unknown model '") + argv[1] + "'");
  Graph g;
  if (!std::strcmp(argv[1], "mlp"))
    buildMlp(g);
  else
    buildCnn(g);
  if (!g.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[0], g.error().c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  if (!out || !g.toGraphDef().SerializeToOstream(&out)) {
    std::fprintf(stderr, "%s: cannot write %s\n", argv[0], argv[2]);
    return 1;
  }
  return 0;
}
