//===- gemm_bench.cpp - fused GEMM + bias + relu against Eigen ------------===//
//
// Prints "name value unit" lines for bench/run.sh: GFLOP/s (2*M*N*K per
// run, median) of
//   kiln_fused_MxKxN    kiln's relu(x @ w + b) as one compiled step, w fed
//   kiln_constw_MxKxN   the same with w a constant of the graph (as in an
//                       inference graph), which kiln packs only once
//   eigen_gemm_MxKxN    Eigen's GEMM alone (the library's best case)
//   eigen_unfused_MxKxN Eigen GEMM, then bias add and relu as separate passes
// Every system runs on KILN_NUM_THREADS threads (default 1): Eigen's dense
// GEMM on one thread, its tensor contraction on a thread pool otherwise.
//
//===----------------------------------------------------------------------===//

#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Graph.h"
#include "tools/ToolConventions.h"

#define EIGEN_USE_THREADS
#include <Eigen/Dense>
#include <unsupported/Eigen/CXX11/Tensor>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <vector>

using namespace kiln;
using Clock = std::chrono::steady_clock;
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

/// Median seconds of each function, the functions taking turns in blocks
/// of `block` timed runs, `rounds` times: on a VM whose speed drifts over
/// seconds every system then sees the same drift.
std::vector<double>
interleavedMedians(const std::vector<std::function<void()>> &fns, int rounds,
                   int block) {
  std::vector<std::vector<double>> samples(fns.size());
  for (int round = 0; round < rounds; ++round)
    for (size_t f = 0; f < fns.size(); ++f) {
      // Untimed runs first, for a few milliseconds: the threads of the
      // system before (kiln's and Eigen's pools both spin for a while
      // after their work) stop competing for the cores, and this system's
      // threads are awake (a sleeping vCPU of this VM takes long to come
      // back: after a pause instead, kiln's two-thread 256x200x200 ran at
      // its one-thread speed).
      auto warm = Clock::now() + std::chrono::milliseconds(5);
      do
        fns[f]();
      while (Clock::now() < warm);
      for (int i = 0; i < block; ++i) {
        auto start = Clock::now();
        fns[f]();
        samples[f].push_back(
            std::chrono::duration<double>(Clock::now() - start).count());
      }
    }
  std::vector<double> medians;
  for (auto &s : samples) {
    std::sort(s.begin(), s.end());
    medians.push_back(s[s.size() / 2]);
  }
  return medians;
}

NamedTensor fromMatrix(const std::string &name, const float *data,
                       std::vector<int64_t> shape) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(tensor.tensor.elementCount() * sizeof(float));
  std::memcpy(tensor.tensor.data.data(), data, tensor.tensor.data.size());
  return tensor;
}

int benchThreads() {
  const char *value = std::getenv("KILN_NUM_THREADS");
  int threads = value ? std::atoi(value) : 1;
  return threads >= 1 ? threads : 1;
}

/// Eigen's best GEMM for the thread count, optionally followed by the bias
/// and relu as separate passes over the result.
struct EigenGemm {
  int threads = benchThreads();
  std::unique_ptr<Eigen::ThreadPool> pool;
  std::unique_ptr<Eigen::ThreadPoolDevice> device;
  EigenGemm() {
    if (threads > 1) {
      pool = std::make_unique<Eigen::ThreadPool>(threads);
      device = std::make_unique<Eigen::ThreadPoolDevice>(pool.get(), threads);
    }
  }
  void multiply(const Matrix &a, const Matrix &w, Matrix &c) {
    if (!device) {
      c.noalias() = a * w;
      return;
    }
    using Map = Eigen::TensorMap<Eigen::Tensor<float, 2, Eigen::RowMajor>>;
    using ConstMap = Eigen::TensorMap<Eigen::Tensor<const float, 2, Eigen::RowMajor>>;
    Eigen::array<Eigen::IndexPair<Eigen::Index>, 1> dims{Eigen::IndexPair<Eigen::Index>(1, 0)};
    Map(c.data(), c.rows(), c.cols()).device(*device) =
        ConstMap(a.data(), a.rows(), a.cols()).contract(ConstMap(w.data(), w.rows(), w.cols()), dims);
  }
};

} // namespace

int main(int argc, char **argv) {
  static const char kUsage[] =
      "usage: kiln-gemm-bench\n"
      "  times kiln's GEMM kernels against Eigen, one line per shape\n"
      "  --help, --version\n";
  if (int error =
          kiln::tools::expectNoArguments(argc, argv, "kiln-gemm-bench", kUsage))
    return error;
  EigenGemm eigen;
  // The MLP's three layers at batch 256, then the large products.
  const int64_t shapes[][3] = {{256, 784, 200},    {256, 200, 200},
                               {256, 200, 10},     {1024, 1024, 1024},
                               {4096, 1024, 4096}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1, 1);
  for (const auto &shape : shapes) {
    int64_t m = shape[0], k = shape[1], n = shape[2];
    Matrix a(m, k), w(k, n), c(m, n);
    Eigen::RowVectorXf b(n);
    for (float *p = a.data(); p != a.data() + a.size(); ++p) *p = uniform(rng);
    for (float *p = w.data(); p != w.data() + w.size(); ++p) *p = uniform(rng);
    for (int64_t j = 0; j < n; ++j) b[j] = uniform(rng);
    double flops = 2.0 * m * n * k;
    // About a second per shape and system on this machine.
    int rounds = flops > 1e10 ? 5 : flops > 1e9 ? 10 : 30;
    int block = flops > 1e10 ? 1 : flops > 1e9 ? 4 : 10;
    std::string suffix = std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n);

    auto denseGraph = [&](bool constantWeights) {
      graph::Graph g;
      graph::Output x = g.placeholder(tensorflow::DT_FLOAT, {m, k}, "x");
      graph::Output wt =
          constantWeights
              ? g.constant(std::vector<float>(w.data(), w.data() + w.size()),
                           {k, n}, "w")
              : g.placeholder(tensorflow::DT_FLOAT, {k, n}, "w");
      graph::Output bias = g.placeholder(tensorflow::DT_FLOAT, {n}, "b");
      g.relu(g.biasAdd(g.matmul(x, wt), bias), "y");
      return g.toGraphDef();
    };
    Session session(denseGraph(false)), constantSession(denseGraph(true));
    std::vector<NamedTensor> feeds = {fromMatrix("x", a.data(), {m, k}),
                                      fromMatrix("w", w.data(), {k, n}),
                                      fromMatrix("b", b.data(), {n})};
    std::vector<NamedTensor> constantFeeds = {feeds[0], feeds[2]};
    std::vector<runtime::HostTensor> outputs, constantOutputs;
    kiln::Status status = session.run(feeds, {"y"}, outputs);
    if (status.ok())
      status = constantSession.run(constantFeeds, {"y"}, constantOutputs);
    if (!status.ok())
      return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
    if (constantOutputs[0].data != outputs[0].data)
      return std::fprintf(stderr, "constant and fed weights disagree\n"), 1;
    std::vector<double> medians = interleavedMedians(
        {[&] { (void)session.run(feeds, {"y"}, outputs); },
         [&] {
           (void)constantSession.run(constantFeeds, {"y"}, constantOutputs);
         },
         [&] { eigen.multiply(a, w, c); },
         [&] {
           eigen.multiply(a, w, c);
           c.rowwise() += b;
           c = c.cwiseMax(0.0f);
         }},
        rounds, block);
    double kiln = medians[0], constant = medians[1], gemm = medians[2],
           unfused = medians[3];
    std::printf("kiln_fused_%s %.2f GFLOP/s\n", suffix.c_str(), flops / kiln / 1e9);
    std::printf("kiln_constw_%s %.2f GFLOP/s\n", suffix.c_str(),
                flops / constant / 1e9);
    std::printf("eigen_gemm_%s %.2f GFLOP/s\n", suffix.c_str(), flops / gemm / 1e9);
    std::printf("eigen_unfused_%s %.2f GFLOP/s\n", suffix.c_str(), flops / unfused / 1e9);
    std::fflush(stdout);
  }
  return 0;
}
