// Fits y = 2 x0 - x1 by gradient descent in a data-parallel job, linking
// Kiln::Compiler and Kiln::Mpi: each of `mpirun -np R` ranks (R = 1, 2 or
// 4) trains on its share of the same 4 examples, the session averages the
// gradients, and rank 0 prints the weights after 3 steps (where ranks
// updating on their own shares alone would differ) and after 200, which do
// not depend on R.
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Optimizers.h"
#include "kiln/runtime/parallel/mpi.h"

#include <cstdio>

namespace {

int failed(const kiln::Status &status) {
  std::fprintf(stderr, "%s\n", status.message().c_str());
  return 1;
}

} // namespace

int main() {
  using namespace kiln;
  graph::Graph g;
  graph::Output x = g.placeholder(tensorflow::DT_FLOAT, {-1, 2}, "x");
  graph::Output y = g.placeholder(tensorflow::DT_FLOAT, {-1, 1}, "y");
  graph::Variable w = g.getVariable("w", {2, 1}, graph::Initializer::zeros());
  graph::Output error = g.sub(g.matmul(x, w.value), y);
  graph::Output loss = g.reduceMean(g.mul(error, error), {0, 1}, false, "loss");
  graph::GradientDescentOptimizer sgd(0.2);
  sgd.setAverageGradientsAcrossRanks(true);
  sgd.minimize(g, loss);
  g.globalVariablesInitializer("init");
  if (!g.ok()) {
    std::fprintf(stderr, "%s\n", g.error().c_str());
    return 1;
  }

  SessionOptions options;
  if (Status joined =
          runtime::parallel::mpiWorldCommunicator(options.communicator);
      !joined.ok())
    return failed(joined);
  int rank = options.communicator->rank(), ranks = options.communicator->size();
  if (4 % ranks != 0) {
    std::fprintf(stderr, "run with 1, 2 or 4 ranks\n");
    return 1;
  }
  Session session(g.toKilnGraphDef(), options);
  std::vector<runtime::HostTensor> out;
  if (Status status = session.run({}, {"^init"}, out); !status.ok())
    return failed(status);
  if (Status status = session.broadcastVariables({"w"}); !status.ok())
    return failed(status);

  const float xs[4][2] = {{1, 0}, {0, 1}, {1, 1}, {2, -1}};
  int share = 4 / ranks;
  NamedTensor xFeed{"x", {runtime::DType::F32, {share, 2}, {}}};
  NamedTensor yFeed{"y", {runtime::DType::F32, {share, 1}, {}}};
  xFeed.tensor.data.resize(share * 2 * sizeof(float));
  yFeed.tensor.data.resize(share * sizeof(float));
  float *xData = reinterpret_cast<float *>(xFeed.tensor.data.data());
  float *yData = reinterpret_cast<float *>(yFeed.tensor.data.data());
  for (int i = 0; i < share; ++i) {
    const float *row = xs[rank * share + i];
    xData[2 * i] = row[0];
    xData[2 * i + 1] = row[1];
    yData[i] = 2 * row[0] - row[1];
  }
  for (int step = 1; step <= 200; ++step) {
    if (Status status = session.run({xFeed, yFeed}, {"^train"}, out);
        !status.ok())
      return failed(status);
    const float *weights = session.variable("w")->as<float>();
    if (rank == 0 && (step == 3 || step == 200))
      std::printf("mpi: %d ranks, step %d, w = %.5f %.5f\n", ranks, step,
                  weights[0], weights[1]);
  }
  return 0;
}
