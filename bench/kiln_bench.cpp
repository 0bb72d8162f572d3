//===- kiln_bench.cpp - kiln's side of the benchmarks ---------------------===//
//
// Prints one line per measurement, "name value unit", medians over repeated
// runs, for bench/run.sh to tabulate next to the peers:
//   session_overhead   cached Session::run of a one-element add
//   mlp_b{1,37,256}    784-200-200-10 relu MLP inference, weights constant
//   compile_mlp        import + specialize + compile of that MLP
//
//===----------------------------------------------------------------------===//

#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Graph.h"
#include "tools/ToolConventions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

using namespace kiln;
using Clock = std::chrono::steady_clock;

namespace {

double medianOf(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

NamedTensor randomFloats(const std::string &name, std::vector<int64_t> shape,
                         std::mt19937 &rng) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(tensor.tensor.elementCount() * sizeof(float));
  std::uniform_real_distribution<float> uniform(-1, 1);
  for (int64_t i = 0; i < tensor.tensor.elementCount(); ++i)
    tensor.tensor.as<float>()[i] = uniform(rng);
  return tensor;
}

tensorflow::GraphDef mlpGraph(std::mt19937 &rng) {
  graph::Graph g;
  graph::Output x = g.placeholder(tensorflow::DT_FLOAT, {-1, 784}, "images");
  std::uniform_real_distribution<float> uniform(-0.05f, 0.05f);
  int64_t widths[] = {784, 200, 200, 10};
  for (int layer = 0; layer < 3; ++layer) {
    std::vector<float> w(widths[layer] * widths[layer + 1]), b(widths[layer + 1]);
    for (float &v : w)
      v = uniform(rng);
    for (float &v : b)
      v = uniform(rng);
    x = g.add(g.matmul(x, g.constant(w, {widths[layer], widths[layer + 1]})),
              g.constant(b, {widths[layer + 1]}));
    if (layer < 2)
      x = g.relu(x);
  }
  g.identity(x, "logits");
  return g.toGraphDef();
}

void report(const char *name, double value, const char *unit) {
  std::printf("%s %.3f %s\n", name, value, unit);
}

void reportArena(const std::string &model, const JitExecutable &executable) {
  report((model + "_arena").c_str(), executable.arenaBytes(), "bytes");
  report((model + "_arena_lower_bound").c_str(), executable.arenaLowerBound(), "bytes");
}

/// conv(5x5, 32) + relu + maxpool, conv(5x5, 64) + relu + maxpool, dense 10.
tensorflow::GraphDef cnnGraph(std::mt19937 &rng) {
  graph::Graph g;
  std::uniform_real_distribution<float> uniform(-0.05f, 0.05f);
  auto randomConst = [&](std::vector<int64_t> shape) {
    int64_t count = 1;
    for (int64_t d : shape)
      count *= d;
    std::vector<float> values(count);
    for (float &v : values)
      v = uniform(rng);
    return g.constant(values, shape);
  };
  graph::Output x = g.placeholder(tensorflow::DT_FLOAT, {-1, 28, 28, 1}, "images");
  int64_t channels = 1;
  for (int64_t filters : {32, 64}) {
    graph::Output conv = g.conv2d(x, randomConst({5, 5, channels, filters}), {1, 1},
                                  graph::Padding::Same);
    x = g.maxPool(g.relu(g.add(conv, randomConst({filters}))), {2, 2}, {2, 2},
                  graph::Padding::Same);
    channels = filters;
  }
  graph::Output flat = g.reshape(x, {-1, 7 * 7 * 64});
  g.identity(g.add(g.matmul(flat, randomConst({7 * 7 * 64, 10})), randomConst({10})),
             "logits");
  return g.toGraphDef();
}

} // namespace

int main(int argc, char **argv) {
  static const char kUsage[] =
      "usage: kiln-bench\n"
      "  prints kiln's benchmark medians, one 'name value unit' per line\n"
      "  (bench/run.sh tabulates them next to the peers)\n"
      "  --help, --version\n";
  if (int error =
          kiln::tools::expectNoArguments(argc, argv, "kiln-bench", kUsage))
    return error;
  std::mt19937 rng(42);
  std::vector<runtime::HostTensor> outputs;

  { // Cached-run overhead of the session.
    graph::Graph g;
    graph::Output a = g.placeholder(tensorflow::DT_FLOAT, {1}, "a");
    g.add(a, a, "sum");
    Session session(g.toGraphDef());
    std::vector<NamedTensor> feeds = {randomFloats("a", {1}, rng)};
    if (kiln::Status status = session.run(feeds, {"sum"}, outputs);
        !status.ok())
      return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
    std::vector<double> samples;
    for (int round = 0; round < 21; ++round) {
      auto start = Clock::now();
      for (int i = 0; i < 10000; ++i)
        (void)session.run(feeds, {"sum"}, outputs);
      samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count() / 10000);
    }
    report("session_overhead", medianOf(samples), "us");
  }

  tensorflow::GraphDef mlp = mlpGraph(rng);
  for (int64_t batch : {1, 37, 256}) {
    Session session(mlp);
    std::vector<NamedTensor> feeds = {randomFloats("images", {batch, 784}, rng)};
    auto start = Clock::now();
    if (kiln::Status status = session.run(feeds, {"logits"}, outputs);
        !status.ok())
      return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
    double compileMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (batch == 1)
      report("compile_mlp", compileMs, "ms");
    std::vector<double> samples;
    int repeats = batch == 256 ? 50 : 200;
    for (int i = 0; i < repeats; ++i) {
      auto t0 = Clock::now();
      (void)session.run(feeds, {"logits"}, outputs);
      samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::string name = "mlp_b" + std::to_string(batch);
    report(name.c_str(), medianOf(samples), "us");
    if (batch == 256)
      reportArena("mlp_b256", *session.lastExecutable());
  }

  { // The small CNN: two conv+relu+pool layers and a dense layer, batch 32.
    tensorflow::GraphDef cnn = cnnGraph(rng);
    Session session(cnn);
    std::vector<NamedTensor> feeds = {randomFloats("images", {32, 28, 28, 1}, rng)};
    auto start = Clock::now();
    if (kiln::Status status = session.run(feeds, {"logits"}, outputs);
        !status.ok())
      return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
    report("compile_cnn",
           std::chrono::duration<double, std::milli>(Clock::now() - start).count(), "ms");
    std::vector<double> samples;
    for (int i = 0; i < 10; ++i) {
      auto t0 = Clock::now();
      (void)session.run(feeds, {"logits"}, outputs);
      samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    report("cnn_b32", medianOf(samples), "us");
    reportArena("cnn_b32", *session.lastExecutable());
  }
  return 0;
}
