//===- TrainingTest.cpp - train steps built with the graph API's optimizers ===//

#include "MlpTrainingReference.h"
#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Optimizers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>

using namespace kiln;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

constexpr int kBatch = 8, kFeatures = 5, kClasses = 3;

NamedTensor floats(const std::string &name, std::vector<int64_t> shape,
                   const std::vector<float> &values) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(tensor.tensor.data.data(), values.data(), tensor.tensor.data.size());
  return tensor;
}

NamedTensor labels(const std::vector<int64_t> &values) {
  NamedTensor tensor{"labels", {runtime::DType::I64, {int64_t(values.size())}, {}}};
  tensor.tensor.data.resize(values.size() * sizeof(int64_t));
  std::memcpy(tensor.tensor.data.data(), values.data(), tensor.tensor.data.size());
  return tensor;
}

/// Softmax regression (or a small MLP with `hidden` units) with a mean
/// cross-entropy loss, trained by `optimizer`.
struct Model {
  graph::Graph g;
  graph::Variable step;
  graph::Output loss, train;
  Model(graph::Optimizer &optimizer, int hidden = 0) {
    graph::Output x = g.placeholder(DT_FLOAT, {-1, kFeatures}, "x");
    graph::Output y = g.placeholder(DT_INT64, {-1}, "labels");
    graph::Output h = x;
    int64_t width = kFeatures;
    if (hidden) {
      auto scope = g.variableScope("hidden");
      auto w = g.getVariable("weights", {width, hidden},
                             graph::Initializer::truncatedNormal(0.5, 0.0, 3));
      auto b = g.getVariable("biases", {hidden}, graph::Initializer::constant(0.1));
      h = g.relu(g.biasAdd(g.matmul(h, w.value), b.value));
      width = hidden;
    }
    graph::Output logits;
    {
      auto scope = g.variableScope("softmax");
      auto w = g.getVariable("weights", {width, kClasses},
                             graph::Initializer::truncatedNormal(0.1, 0.0, 7));
      auto b = g.getVariable("biases", {kClasses});
      logits = g.add(g.matmul(h, w.value), b.value, "logits");
    }
    auto xent = g.sparseSoftmaxCrossEntropyWithLogits(logits, y);
    loss = g.reduceMean(xent.first, {0}, false, "loss");
    step = g.getVariable("global_step", {}, graph::Initializer::zeros(), DT_INT64,
                         /*trainable=*/false);
    train = optimizer.minimize(g, loss, &step);
    g.globalVariablesInitializer();
    EXPECT_TRUE(g.ok()) << g.error();
  }
};

/// A separable problem: the class is the index of the largest of the
/// first three features.
void makeBatch(std::mt19937 &rng, std::vector<float> &x, std::vector<int64_t> &y) {
  std::uniform_real_distribution<float> u(-1, 1);
  x.resize(kBatch * kFeatures);
  y.resize(kBatch);
  for (int i = 0; i < kBatch; ++i) {
    for (int f = 0; f < kFeatures; ++f)
      x[i * kFeatures + f] = u(rng);
    int best = 0;
    for (int c = 1; c < kClasses; ++c)
      if (x[i * kFeatures + c] > x[i * kFeatures + best])
        best = c;
    y[i] = best;
  }
}

/// Steps for the cuda target's GPU mapping run on this CPU: variables,
/// feeds and fetches go through the emulated GPU's memory as on a GPU.
SessionOptions onEmulatedGpu() {
  SessionOptions options;
  options.compile.target = *TargetSpec::parse("cuda-emulation");
  return options;
}

void checkGradientDescentStep(const SessionOptions &options) {
  graph::GradientDescentOptimizer sgd(0.5);
  Model model(sgd);
  Session session(model.g.toGraphDef(), options);
  std::vector<runtime::HostTensor> out;
  KILN_ASSERT_OK(session.run({}, {"^init"}, out));

  std::mt19937 rng(1);
  std::vector<float> x;
  std::vector<int64_t> y;
  makeBatch(rng, x, y);
  std::vector<float> w(session.variable("softmax/weights")->as<float>(),
                       session.variable("softmax/weights")->as<float>() +
                           kFeatures * kClasses);
  std::vector<float> b(kClasses, 0.0f);
  KILN_ASSERT_OK(session.run({floats("x", {kBatch, kFeatures}, x), labels(y)},
                             {"^train"}, out));

  // d loss / d logits = (softmax - onehot) / batch, in double precision.
  std::vector<double> dw(kFeatures * kClasses, 0.0), db(kClasses, 0.0);
  for (int i = 0; i < kBatch; ++i) {
    double logits[kClasses], max = -1e30, sum = 0;
    for (int c = 0; c < kClasses; ++c) {
      logits[c] = b[c];
      for (int f = 0; f < kFeatures; ++f)
        logits[c] += double(x[i * kFeatures + f]) * w[f * kClasses + c];
      max = std::max(max, logits[c]);
    }
    for (int c = 0; c < kClasses; ++c)
      sum += std::exp(logits[c] - max);
    for (int c = 0; c < kClasses; ++c) {
      double d = (std::exp(logits[c] - max) / sum - (y[i] == c)) / kBatch;
      db[c] += d;
      for (int f = 0; f < kFeatures; ++f)
        dw[f * kClasses + c] += x[i * kFeatures + f] * d;
    }
  }
  const float *newW = session.variable("softmax/weights")->as<float>();
  const float *newB = session.variable("softmax/biases")->as<float>();
  for (int k = 0; k < kFeatures * kClasses; ++k)
    EXPECT_NEAR(newW[k], w[k] - 0.5 * dw[k], 1e-6) << k;
  for (int c = 0; c < kClasses; ++c)
    EXPECT_NEAR(newB[c], b[c] - 0.5 * db[c], 1e-6) << c;
  EXPECT_EQ(session.variable("global_step")->as<int64_t>()[0], 1);
}

TEST(Training, GradientDescentStepMatchesAHandDerivedUpdate) {
  checkGradientDescentStep(SessionOptions());
}

TEST(Training, GradientDescentStepOnTheEmulatedGpuMatchesAHandDerivedUpdate) {
  checkGradientDescentStep(onEmulatedGpu());
}

/// Trains `steps` steps on fresh batches; returns (first loss, last loss).
/// `variables` receives the trained values of those named.
std::pair<float, float> trainAndMeasure(
    graph::Optimizer &optimizer, int steps, const SessionOptions &options = {},
    std::map<std::string, std::vector<float>> *variables = nullptr) {
  Model model(optimizer, /*hidden=*/16);
  Session session(model.g.toGraphDef(), options);
  std::vector<runtime::HostTensor> out;
  KILN_EXPECT_OK(session.run({}, {"^init"}, out));
  std::mt19937 rng(3);
  std::vector<float> x;
  std::vector<int64_t> y;
  float first = 0, last = 0;
  for (int i = 0; i < steps; ++i) {
    makeBatch(rng, x, y);
    std::vector<NamedTensor> feeds = {floats("x", {kBatch, kFeatures}, x), labels(y)};
    KILN_EXPECT_OK(session.run(feeds, {"loss", "^train"}, out));
    (i == 0 ? first : last) = out[0].as<float>()[0];
  }
  EXPECT_EQ(session.variable("global_step")->as<int64_t>()[0], steps);
  if (variables)
    for (auto &[name, values] : *variables) {
      const runtime::HostTensor *value = session.variable(name);
      EXPECT_NE(value, nullptr) << name;
      if (value)
        values.assign(value->as<float>(),
                      value->as<float>() + value->elementCount());
    }
  return {first, last};
}

TEST(Training, EveryOptimizerLowersTheLossOfAnMlp) {
  graph::GradientDescentOptimizer sgd(0.5);
  graph::MomentumOptimizer momentum(0.1, 0.9);
  graph::MomentumOptimizer nesterov(0.1, 0.9, /*useNesterov=*/true);
  graph::AdamOptimizer adam(0.05);
  for (graph::Optimizer *optimizer :
       std::initializer_list<graph::Optimizer *>{&sgd, &momentum, &nesterov, &adam}) {
    auto [first, last] = trainAndMeasure(*optimizer, 150);
    EXPECT_LT(last, 0.5f * first) << "first " << first << ", last " << last;
  }
}

/// Trains tests/Target/CUDA/aot-train.mlir's step (the seed MLP, SGD) for
/// `steps` steps through a session with `options`, against the float64
/// reference of the same updates from the same weights and batches.
void trainSeedMlpAgainstFloat64(const SessionOptions &options, int steps) {
  using reference::MlpTraining;
  auto session = Session::open(
      KILN_SOURCE_DIR "/tests/Target/CUDA/aot-train.mlir", options);
  ASSERT_TRUE(session.ok()) << session.status().message();
  std::vector<std::vector<float>> initial = MlpTraining::initialWeights();
  std::vector<std::vector<double>> reference;
  for (size_t v = 0; v < initial.size(); ++v) {
    const std::string &name = MlpTraining::names()[v];
    KILN_ASSERT_OK((*session)->setVariable(
        name, floats(name, MlpTraining::shape(v), initial[v]).tensor));
    reference.emplace_back(initial[v].begin(), initial[v].end());
  }
  std::vector<float> x;
  std::vector<int32_t> y;
  std::vector<runtime::HostTensor> out;
  double worstLoss = 0, firstLoss = 0, lastLoss = 0;
  for (int step = 0; step < steps; ++step) {
    MlpTraining::batch(step, x, y);
    NamedTensor labels{"labels",
                       {runtime::DType::I32, {MlpTraining::kBatch}, {}}};
    labels.tensor.data.resize(y.size() * sizeof(int32_t));
    std::memcpy(labels.tensor.data.data(), y.data(), labels.tensor.data.size());
    KILN_ASSERT_OK((*session)->run(
        {floats("x", {MlpTraining::kBatch, MlpTraining::kInputs}, x), labels},
        {"loss"}, out));
    double want = MlpTraining::step(reference, x, y);
    double got = out[0].as<float>()[0];
    worstLoss = std::max(worstLoss, std::abs(got - want) / want);
    (step == 0 ? firstLoss : lastLoss) = got;
  }
  EXPECT_LT(worstLoss, 1e-5);
  EXPECT_LT(lastLoss, 0.5 * firstLoss);
  for (size_t v = 0; v < reference.size(); ++v) {
    const std::string &name = MlpTraining::names()[v];
    const runtime::HostTensor *value = (*session)->variable(name);
    ASSERT_NE(value, nullptr) << name;
    double scale = 0, worst = 0;
    for (size_t i = 0; i < reference[v].size(); ++i) {
      scale = std::max(scale, std::abs(reference[v][i]));
      worst =
          std::max(worst, std::abs(value->as<float>()[i] - reference[v][i]));
    }
    EXPECT_LT(worst, 1e-5 * scale) << name;
  }
}

TEST(Training, SeedMlpStepsMatchFloat64) {
  trainSeedMlpAgainstFloat64(SessionOptions(), 20);
}

TEST(Training, SeedMlpStepsOnTheEmulatedGpuMatchFloat64) {
  trainSeedMlpAgainstFloat64(onEmulatedGpu(), 20);
}

// Optimizer slots (momentum accumulators, Adam's moments) live on the
// device beside the weights; 20 steps there match the CPU's to float
// rounding (sums run in another order).
TEST(Training, OptimizersOnTheEmulatedGpuMatchTheCpu) {
  // An optimizer makes its slots in the first graph it minimizes in: one
  // per graph.
  graph::MomentumOptimizer momentumCpu(0.1, 0.9), momentumGpu(0.1, 0.9);
  graph::AdamOptimizer adamCpu(0.05), adamGpu(0.05);
  using Pair = std::pair<graph::Optimizer *, graph::Optimizer *>;
  for (auto [cpu, gpu] :
       {Pair{&momentumCpu, &momentumGpu}, Pair{&adamCpu, &adamGpu}}) {
    std::map<std::string, std::vector<float>> onCpu = {{"hidden/weights", {}},
                                                       {"softmax/weights", {}},
                                                       {"softmax/biases", {}}};
    std::map<std::string, std::vector<float>> onGpu = onCpu;
    auto [cpuFirst, cpuLast] = trainAndMeasure(*cpu, 20, {}, &onCpu);
    auto [gpuFirst, gpuLast] =
        trainAndMeasure(*gpu, 20, onEmulatedGpu(), &onGpu);
    EXPECT_NEAR(gpuFirst, cpuFirst, 1e-5);
    EXPECT_NEAR(gpuLast, cpuLast, 1e-4);
    for (const auto &[name, values] : onCpu) {
      ASSERT_EQ(onGpu[name].size(), values.size()) << name;
      for (size_t i = 0; i < values.size(); ++i)
        EXPECT_NEAR(onGpu[name][i], values[i], 1e-4) << name << "[" << i << "]";
    }
  }
}

} // namespace
