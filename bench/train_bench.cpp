//===- train_bench.cpp - compiled train steps: MLP and CNN ----------------===//
//
// Prints "name value unit" lines for bench/run.sh: the median time of one
// SGD train step (forward, backward, update of every variable) of
//   train_mlp_b100   the seed MLP 784-200-200-10, batch 100
//   train_cnn_b64    the seed CNN (conv5x5x32, pool, conv5x5x64, pool,
//                    dense 10), batch 64
// built with the graph API's GradientDescentOptimizer and run through a
// JIT Session, on KILN_NUM_THREADS threads.
//
//===----------------------------------------------------------------------===//

#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Optimizers.h"
#include "tools/ToolConventions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

using namespace kiln;
using Clock = std::chrono::steady_clock;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

graph::Output dense(graph::Graph &g, const graph::Output &x, int64_t in, int64_t out,
                    bool relu, const std::string &scope) {
  auto guard = g.variableScope(scope);
  auto w = g.getVariable("weights", {in, out},
                         graph::Initializer::truncatedNormal(1.0 / std::sqrt(double(in))));
  auto b = g.getVariable("biases", {out});
  graph::Output z = g.add(g.matmul(x, w.value), b.value);
  return relu ? g.relu(z) : z;
}

graph::Output convPool(graph::Graph &g, const graph::Output &x, graph::Shape kernel,
                       const std::string &scope) {
  auto guard = g.variableScope(scope);
  auto w = g.getVariable("weights", kernel, graph::Initializer::randomNormal(0.1));
  auto b = g.getVariable("biases", {kernel[3]}, graph::Initializer::constant(0.1));
  graph::Output conv = g.conv2d(x, w.value, {1, 1}, graph::Padding::Same);
  return g.maxPool(g.relu(g.add(conv, b.value)), {2, 2}, {2, 2}, graph::Padding::Same);
}

tensorflow::GraphDef trainGraph(bool cnn, bool tensorflowGradients) {
  graph::Graph g;
  graph::Output images = g.placeholder(DT_FLOAT, {-1, 784}, "images");
  graph::Output labels = g.placeholder(DT_INT64, {-1}, "labels");
  graph::Output logits;
  if (cnn) {
    graph::Output x = g.reshape(images, {-1, 28, 28, 1});
    x = convPool(g, convPool(g, x, {5, 5, 1, 32}, "conv1"), {5, 5, 32, 64}, "conv2");
    logits = dense(g, g.reshape(x, {-1, 7 * 7 * 64}), 7 * 7 * 64, 10, false, "dense");
  } else {
    graph::Output h = dense(g, images, 784, 200, true, "hidden1");
    h = dense(g, h, 200, 200, true, "hidden2");
    logits = dense(g, h, 200, 10, false, "softmax_linear");
  }
  graph::Output loss =
      g.reduceMean(g.sparseSoftmaxCrossEntropyWithLogits(logits, labels).first, {0});
  graph::GradientDescentOptimizer(0.01).minimize(g, loss, nullptr, "train");
  g.globalVariablesInitializer("init");
  return tensorflowGradients ? g.toGraphDef() : g.toKilnGraphDef();
}

double medianTrainStepUs(bool cnn, int64_t batch, int steps,
                         bool tensorflowGradients = false) {
  Session session(trainGraph(cnn, tensorflowGradients));
  std::vector<runtime::HostTensor> out;
  if (kiln::Status status = session.run({}, {"^init"}, out); !status.ok())
    return std::fprintf(stderr, "%s\n", status.message().c_str()), -1;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> pixel(0, 1);
  NamedTensor images{"images", {runtime::DType::F32, {batch, 784}, {}}};
  images.tensor.data.resize(batch * 784 * sizeof(float));
  for (int64_t i = 0; i < batch * 784; ++i)
    images.tensor.as<float>()[i] = pixel(rng);
  NamedTensor labels{"labels", {runtime::DType::I64, {batch}, {}}};
  labels.tensor.data.resize(batch * sizeof(int64_t));
  for (int64_t i = 0; i < batch; ++i)
    labels.tensor.as<int64_t>()[i] = i % 10;
  std::vector<NamedTensor> feeds = {images, labels};
  // The first run compiles.
  if (kiln::Status status = session.run(feeds, {"^train"}, out); !status.ok())
    return std::fprintf(stderr, "%s\n", status.message().c_str()), -1;
  std::vector<double> samples;
  for (int i = 0; i < steps; ++i) {
    auto start = Clock::now();
    (void)session.run(feeds, {"^train"}, out);
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  // Optional arguments: one model ("mlp" or "cnn") and a step count, so
  // that a profiler attached to the run sees mostly that model's steps.
  static const char kUsage[] =
      "usage: kiln-train-bench [mlp|cnn|mlp-tf|cnn-tf [STEPS]]\n"
      "  the median train step of the seed MLP (batch 100) and CNN (batch "
      "64);\n"
      "  one model and a step count for a profiler attached to the run;\n"
      "  -tf: the graph with TensorFlow's gradient ops (Graph::toGraphDef, "
      "what\n"
      "  .meta files get) instead of KilnGradients (the trainer's form)\n"
      "  --help, --version\n";
  kiln::tools::handleHelpAndVersion(argc, argv, "kiln-train-bench", kUsage);
  if (int error = kiln::tools::rejectOptions(argc, argv, "kiln-train-bench"))
    return error;
  const std::string only = argc > 1 ? argv[1] : "";
  if (argc > 3 || (!only.empty() && only != "mlp" && only != "cnn" &&
                   only != "mlp-tf" && only != "cnn-tf"))
    return kiln::tools::usageError("kiln-train-bench",
                                   "expected [mlp|cnn|mlp-tf|cnn-tf [STEPS]]");
  int steps = 0;
  if (argc > 2) {
    char *end = nullptr;
    long value = std::strtol(argv[2], &end, 10);
    if (*argv[2] == 0 || *end || value < 1)
      return kiln::tools::usageError(
          "kiln-train-bench",
          std::string("STEPS must be a positive integer, got '") + argv[2] +
              "'");
    steps = static_cast<int>(value);
  }
  if (only.empty() || only == "mlp") {
    std::printf("train_mlp_b100 %.3f us\n", medianTrainStepUs(false, 100, steps ? steps : 200));
    std::fflush(stdout);
  }
  if (only.empty() || only == "cnn")
    std::printf("train_cnn_b64 %.3f us\n", medianTrainStepUs(true, 64, steps ? steps : 20));
  if (only == "mlp-tf")
    std::printf("train_mlp_b100_tf_gradients %.3f us\n",
                medianTrainStepUs(false, 100, steps ? steps : 200, true));
  if (only == "cnn-tf")
    std::printf("train_cnn_b64_tf_gradients %.3f us\n",
                medianTrainStepUs(true, 64, steps ? steps : 20, true));
  return 0;
}
