//===- SessionThreadsTest.cpp - Session::run from many threads at once ----===//
//
// Eight threads run three signatures of one session at once, starting
// together so that they race on the first compile of two of them while
// others run the third, already compiled; every result
// must equal the same run made alone, one at a time, on a second session
// with the same variables. scripts/test-threads.sh runs this test under
// ThreadSanitizer.
//
//===----------------------------------------------------------------------===//

#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Graph.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

using namespace kiln;
using tensorflow::DT_FLOAT;

namespace {

/// x[?, 64] -> dense 96 + relu -> dense 10: logits, probabilities, and
/// the sum of the logits over the batch.
tensorflow::GraphDef twoLayerModel() {
  graph::Graph g;
  graph::Output x = g.placeholder(DT_FLOAT, {-1, 64}, "x");
  graph::Variable w1 = g.getVariable(
      "w1", {64, 96}, graph::Initializer::truncatedNormal(0.2, 0.0, 3));
  graph::Variable b1 =
      g.getVariable("b1", {96}, graph::Initializer::constant(0.1));
  graph::Variable w2 = g.getVariable(
      "w2", {96, 10}, graph::Initializer::truncatedNormal(0.2, 0.0, 4));
  graph::Variable b2 = g.getVariable("b2", {10}, graph::Initializer::zeros());
  graph::Output hidden = g.relu(g.biasAdd(g.matmul(x, w1.value), b1.value));
  graph::Output logits =
      g.biasAdd(g.matmul(hidden, w2.value), b2.value, "logits");
  g.softmax(logits, "probs");
  g.reduceSum(logits, {0}, false, "total");
  g.globalVariablesInitializer();
  EXPECT_TRUE(g.ok()) << g.error();
  return g.toGraphDef();
}

struct Signature {
  int64_t batch;
  std::vector<std::string> fetches;
};

const Signature kSignatures[] = {
    {8, {"probs"}}, {32, {"logits", "total"}}, {1, {"probs", "logits"}}};
constexpr int kInputs = 5, kThreads = 8, kRunsPerThread = 24;

NamedTensor input(int64_t batch, int seed) {
  NamedTensor x{"x", {runtime::DType::F32, {batch, 64}, {}}};
  std::vector<float> values(batch * 64);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = float((i * 37 + seed * 101) % 23) / 11.0f - 1.0f;
  x.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(x.tensor.data.data(), values.data(), x.tensor.data.size());
  return x;
}

TEST(SessionThreads, ConcurrentRunsMatchSequentialRuns) {
  tensorflow::GraphDef model = twoLayerModel();
  Session sequential(model), shared(model);
  std::vector<runtime::HostTensor> outputs;
  KILN_ASSERT_OK(sequential.run({}, {"^init"}, outputs));
  KILN_ASSERT_OK(shared.run({}, {"^init"}, outputs));
  for (const char *name : {"w1", "b1", "w2", "b2"})
    KILN_ASSERT_OK(shared.setVariable(name, *sequential.variable(name)));

  // expected[s][k]: signature s on input k, run alone.
  std::vector<std::vector<std::vector<runtime::HostTensor>>> expected(
      std::size(kSignatures));
  for (size_t s = 0; s < std::size(kSignatures); ++s)
    for (int k = 0; k < kInputs; ++k) {
      KILN_ASSERT_OK(sequential.run({input(kSignatures[s].batch, k)},
                                    kSignatures[s].fetches, outputs));
      expected[s].push_back(outputs);
    }

  // The first signature is compiled before the threads start, so its
  // cached runs overlap the compiles of the others (lookups racing with
  // insertions, if the cache were not locked).
  KILN_ASSERT_OK(shared.run({input(kSignatures[0].batch, 0)},
                            kSignatures[0].fetches, outputs));

  std::atomic<int> ready{0}, mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads)
        std::this_thread::yield();
      std::vector<runtime::HostTensor> got;
      for (int i = 0; i < kRunsPerThread; ++i) {
        size_t s = (t + i) % std::size(kSignatures);
        int k = (t * 7 + i) % kInputs;
        if (!shared
                 .run({input(kSignatures[s].batch, k)}, kSignatures[s].fetches,
                      got)
                 .ok()) {
          failures.fetch_add(1);
          continue;
        }
        const std::vector<runtime::HostTensor> &want = expected[s][k];
        bool same = got.size() == want.size();
        for (size_t j = 0; same && j < got.size(); ++j)
          same = got[j].shape == want[j].shape && got[j].data == want[j].data;
        if (!same)
          mismatches.fetch_add(1);
      }
    });
  for (std::thread &thread : threads)
    thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0)
      << "of " << kThreads * kRunsPerThread << " concurrent runs";
  // Racing first runs compiled each signature once (and ^init).
  EXPECT_EQ(shared.compiledSignatures(), std::size(kSignatures) + 1);
}

} // namespace
