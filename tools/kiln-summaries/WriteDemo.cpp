//===- WriteDemo.cpp - a small training-like run for TensorBoard ----------===//
//
// Stands in for the trainer's --logdir until the training issue lands: the
// same summary kinds (scalars, histograms, images, graph), with values that
// change the way a training run's do, so the dashboards have something to
// show. Everything is deterministic: the interop test compares exact values.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "kiln/runtime/summary/collection.h"
#include "kiln/runtime/summary/file_writer.h"
#include "kiln/runtime/summary/graph_def.h"
#include "kiln/runtime/summary/histogram.h"
#include "kiln/runtime/summary/image.h"
#include "kiln/runtime/summary/scalar.h"

#include <cmath>
#include <cstdio>

namespace kiln::summaries {

using namespace runtime::summary;
using runtime::io::Status;

namespace {

/// A two-layer classifier's graph, scoped the way the TF1 trainer's is.
std::vector<GraphNode> demoGraph() {
  return {
      {"input/x", "Placeholder", {}, ""},
      {"input/labels", "Placeholder", {}, ""},
      {"layer1/weights", "VariableV2", {}, "/device:CPU:0"},
      {"layer1/biases", "VariableV2", {}, "/device:CPU:0"},
      {"layer1/MatMul", "MatMul", {"input/x", "layer1/weights"}, ""},
      {"layer1/add", "Add", {"layer1/MatMul", "layer1/biases"}, ""},
      {"layer1/Relu", "Relu", {"layer1/add"}, ""},
      {"layer2/weights", "VariableV2", {}, "/device:CPU:0"},
      {"layer2/biases", "VariableV2", {}, "/device:CPU:0"},
      {"layer2/MatMul", "MatMul", {"layer1/Relu", "layer2/weights"}, ""},
      {"layer2/logits", "Add", {"layer2/MatMul", "layer2/biases"}, ""},
      {"loss/xent", "SoftmaxCrossEntropyWithLogits",
       {"layer2/logits", "input/labels"}, ""},
      {"loss/Mean", "Mean", {"loss/xent"}, ""},
      {"accuracy/ArgMax", "ArgMax", {"layer2/logits"}, ""},
      {"accuracy/Mean", "Mean", {"accuracy/ArgMax"}, ""},
      {"train/step", "NoOp", {"^loss/Mean"}, ""},
  };
}

/// Deterministic noise in [-1, 1): a 32-bit LCG, not std::rand, so every
/// platform writes the same values.
struct Noise {
  uint32_t state;
  double next() {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / double(1 << 24) * 2 - 1;
  }
};

/// Weights that spread out and drift as training goes on.
std::vector<float> weightsAt(int step, size_t count, double center,
                             Noise &noise) {
  std::vector<float> weights(count);
  double spread = 0.1 + step / 1000.0;
  for (float &w : weights)
    w = static_cast<float>(center * step / 300.0 +
                           spread * (noise.next() + noise.next() + noise.next()));
  return weights;
}

/// Three 28x28 gray "digits" (rings of different radii) and two 8x8 RGB
/// float "filters" with negative values.
Status addImages(Summary &summary) {
  std::vector<uint8_t> digits(3 * 28 * 28);
  for (int n = 0; n < 3; ++n)
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        double r = std::hypot(x - 13.5, y - 13.5);
        bool ring = std::fabs(r - (5 + 3 * n)) < 1.6;
        digits[(n * 28 + y) * 28 + x] = ring ? 255 : 0;
      }
  KILN_IO_RETURN_IF_ERROR(
      addImageValues("input", digits.data(), {3, 28, 28, 1}, 3, summary));
  std::vector<float> filters(2 * 8 * 8 * 3);
  for (size_t i = 0; i < filters.size(); ++i)
    filters[i] = static_cast<float>(std::sin(i * 0.37) * (i % 3 + 1));
  return addImageValues("layer1/filters", filters.data(), {2, 8, 8, 3}, 2,
                        summary);
}

Status writeRun(const std::string &logDir, int steps) {
  std::unique_ptr<FileWriter> writer;
  KILN_IO_RETURN_IF_ERROR(FileWriter::open(logDir, {}, writer));
  KILN_IO_RETURN_IF_ERROR(writer->addGraph(encodeGraphDef(demoGraph())));

  // The scalars are registered once and merged each step, as a TF1 trainer
  // does with tf.summary.merge_all().
  Noise noise{12345};
  double loss = 0, accuracy = 0;
  SummaryCollection scalars;
  scalars.add("loss", [&](Summary &s) {
    s.values.push_back(scalarValue("loss", loss));
    return Status();
  });
  scalars.add("accuracy", [&](Summary &s) {
    s.values.push_back(scalarValue("accuracy", accuracy));
    return Status();
  });

  for (int step = 0; step < steps; ++step) {
    loss = 2.3 * std::exp(-step / 80.0) + 0.15 + 0.05 * noise.next();
    accuracy = 0.97 - 0.87 * std::exp(-step / 60.0) + 0.01 * noise.next();
    Summary summary;
    KILN_IO_RETURN_IF_ERROR(scalars.mergeAll(summary));
    if (step % 10 == 0 || step == steps - 1) {
      for (const char *layer : {"layer1", "layer2"}) {
        Histogram weights, biases;
        std::string scope = layer;
        KILN_IO_RETURN_IF_ERROR(weights.add(
            weightsAt(step, 500, 0.0, noise).data(), 500, scope + "/weights"));
        KILN_IO_RETURN_IF_ERROR(biases.add(
            weightsAt(step, 50, 0.2, noise).data(), 50, scope + "/biases"));
        summary.values.push_back(histogramValue(scope + "/weights", weights));
        summary.values.push_back(histogramValue(scope + "/biases", biases));
      }
    }
    if (step == 0 || step == steps - 1)
      KILN_IO_RETURN_IF_ERROR(addImages(summary));
    KILN_IO_RETURN_IF_ERROR(writer->addSummary(summary, step));
  }
  return writer->close();
}

} // namespace

int writeDemo(const std::string &logDir, int steps) {
  Status status = writeRun(logDir, steps);
  if (!status.ok()) {
    std::fprintf(stderr, "kiln-summaries: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}

} // namespace kiln::summaries
