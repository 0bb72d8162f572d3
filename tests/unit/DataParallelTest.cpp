//===- DataParallelTest.cpp - sessions split at all-reduces ---------------===//
//
// Two ranks simulated by two threads in one process, joined by an in-memory
// communicator: each trains on half of every batch, and together they must
// reach what one session reaches on the whole batches.
//
//===----------------------------------------------------------------------===//

#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Optimizers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

using namespace kiln;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

/// Ranks as threads: each collective waits until every rank has arrived,
/// then every rank leaves with the combined result.
class ThreadGroup {
public:
  explicit ThreadGroup(int size) : size_(size), contributions_(size) {}

  void allReduceSum(int rank, float *data, size_t count) {
    exchange(rank, data, count * sizeof(float), [&] {
      std::vector<float> sum(count, 0.0f);
      for (const std::vector<char> &part : contributions_)
        for (size_t i = 0; i < count; ++i)
          sum[i] += reinterpret_cast<const float *>(part.data())[i];
      std::memcpy(result_.data(), sum.data(), count * sizeof(float));
    });
  }

  void broadcast(int rank, void *data, size_t bytes, int root) {
    exchange(rank, data, bytes, [&] {
      std::memcpy(result_.data(), contributions_[root].data(), bytes);
    });
  }

private:
  template <typename Combine>
  void exchange(int rank, void *data, size_t bytes, Combine combine) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return leaving_ == 0; });
    contributions_[rank].assign(static_cast<char *>(data),
                                static_cast<char *>(data) + bytes);
    if (++arrived_ == size_) {
      result_.resize(bytes);
      combine();
      arrived_ = 0;
      leaving_ = size_;
      ++generation_;
      cv_.notify_all();
    } else {
      uint64_t generation = generation_;
      cv_.wait(lock, [&] { return generation_ != generation; });
    }
    std::memcpy(data, result_.data(), bytes);
    if (--leaving_ == 0)
      cv_.notify_all();
  }

  int size_, arrived_ = 0, leaving_ = 0;
  uint64_t generation_ = 0;
  std::vector<std::vector<char>> contributions_;
  std::vector<char> result_;
  std::mutex mutex_;
  std::condition_variable cv_;
};

class ThreadRank final : public runtime::parallel::Communicator {
public:
  ThreadRank(ThreadGroup &group, int rank, int size)
      : group_(group), rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  Status allReduceSum(float *data, size_t count) override {
    group_.allReduceSum(rank_, data, count);
    return Status();
  }
  Status broadcast(void *data, size_t bytes, int root) override {
    group_.broadcast(rank_, data, bytes, root);
    return Status();
  }
  [[noreturn]] void abort(const std::string &message, int) override {
    ADD_FAILURE() << message;
    std::abort();
  }

private:
  ThreadGroup &group_;
  int rank_, size_;
};

constexpr int kFeatures = 6, kHidden = 12, kClasses = 4, kBatch = 16;
const char *const kVariables[] = {"hidden/weights", "hidden/biases",
                                  "out/weights", "out/biases"};

/// A one-hidden-layer classifier trained by Adam with its gradients
/// averaged across ranks.
tensorflow::GraphDef trainingGraph() {
  graph::Graph g;
  graph::Output x = g.placeholder(DT_FLOAT, {-1, kFeatures}, "x");
  graph::Output y = g.placeholder(DT_INT64, {-1}, "labels");
  auto layer = [&](const char *scope, graph::Output in, int64_t from,
                   int64_t to, int64_t seed) {
    auto guard = g.variableScope(scope);
    auto w = g.getVariable("weights", {from, to},
                           graph::Initializer::truncatedNormal(0.5, 0.0, seed));
    auto b = g.getVariable("biases", {to}, graph::Initializer::constant(0.05));
    return g.biasAdd(g.matmul(in, w.value), b.value);
  };
  graph::Output logits =
      layer("out", g.relu(layer("hidden", x, kFeatures, kHidden, 3)), kHidden,
            kClasses, 5);
  graph::Output loss =
      g.reduceMean(g.sparseSoftmaxCrossEntropyWithLogits(logits, y).first, {0},
                   false, "loss");
  auto step = g.getVariable("global_step", {}, graph::Initializer::zeros(),
                            DT_INT64, /*trainable=*/false);
  graph::AdamOptimizer adam(0.01);
  adam.setAverageGradientsAcrossRanks(true);
  adam.minimize(g, loss, &step);
  g.globalVariablesInitializer();
  EXPECT_TRUE(g.ok()) << g.error();
  return g.toKilnGraphDef();
}

struct Batch {
  std::vector<float> x;
  std::vector<int64_t> y;
};

std::vector<Batch> batches(int count) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<Batch> out(count);
  for (Batch &batch : out)
    for (int i = 0; i < kBatch; ++i) {
      for (int f = 0; f < kFeatures; ++f)
        batch.x.push_back(u(rng));
      batch.y.push_back(int64_t(rng() % kClasses));
    }
  return out;
}

/// Rows [first, first + count) of `batch` as feeds.
/// Rows in step `s` of `steps`: the last step has half a batch, as an
/// epoch's last step may, which the split step compiles anew for.
int rowsAt(size_t s, size_t steps) {
  return s + 1 == steps ? kBatch / 2 : kBatch;
}

std::vector<TensorView> feedsOf(const Batch &batch, int first, int count) {
  return {{"x",
           runtime::DType::F32,
           {count, kFeatures},
           batch.x.data() + first * kFeatures},
          {"labels", runtime::DType::I64, {count}, batch.y.data() + first}};
}

/// Two ranks with gradient buckets of at least `bucketBytes` train as one
/// session on the whole batches; `buckets` is how many the step sums.
void expectTwoRanksTrainAsOne(size_t bucketBytes, size_t buckets) {
  tensorflow::GraphDef graph = trainingGraph();
  std::vector<Batch> data = batches(6);
  std::vector<runtime::HostTensor> out;

  Session alone(graph);
  KILN_ASSERT_OK(alone.run({}, {"^init"}, out));
  std::vector<float> losses;
  for (size_t s = 0; s < data.size(); ++s) {
    KILN_ASSERT_OK(alone.runViews(feedsOf(data[s], 0, rowsAt(s, data.size())),
                                  {"loss", "^train"}, out));
    losses.push_back(out[0].as<float>()[0]);
  }
  EXPECT_EQ(alone.allReduceBytes(), 0u); // one process: no split

  ThreadGroup group(2);
  std::vector<std::unique_ptr<Session>> ranks;
  for (int r = 0; r < 2; ++r) {
    SessionOptions options;
    options.communicator = std::make_shared<ThreadRank>(group, r, 2);
    options.allReduceBucketBytes = bucketBytes;
    ranks.push_back(std::make_unique<Session>(graph, options));
  }
  std::vector<std::vector<float>> rankLosses(2);
  std::vector<Status> results(2);
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r)
    threads.emplace_back([&, r] {
      Session &session = *ranks[r];
      std::vector<runtime::HostTensor> outputs;
      Status status = session.run({}, {"^init"}, outputs);
      // Rank 1 starts from other weights; the broadcast must replace them.
      if (status.ok() && r == 1) {
        runtime::HostTensor zeros = *session.variable("hidden/weights");
        std::fill(zeros.data.begin(), zeros.data.end(), 0);
        status = session.setVariable("hidden/weights", zeros);
      }
      if (status.ok())
        status = session.broadcastVariables(std::vector<std::string>(
            std::begin(kVariables), std::end(kVariables)));
      for (size_t s = 0; status.ok() && s < data.size(); ++s) {
        // The target first: outputs still come in fetch order.
        int rows = rowsAt(s, data.size());
        status = session.runViews(feedsOf(data[s], r * rows / 2, rows / 2),
                                  {"^train", "loss"}, outputs);
        if (status.ok())
          rankLosses[r].push_back(outputs.at(0).as<float>()[0]);
      }
      results[r] = status;
    });
  for (std::thread &thread : threads)
    thread.join();
  KILN_ASSERT_OK(results[0]);
  KILN_ASSERT_OK(results[1]);

  // The mean of the halves' losses is the whole batch's loss.
  for (size_t s = 0; s < data.size(); ++s)
    EXPECT_NEAR((rankLosses[0][s] + rankLosses[1][s]) / 2, losses[s], 1e-6)
        << s;
  size_t parameters = 0;
  for (const char *name : kVariables) {
    const runtime::HostTensor &expected = *alone.variable(name);
    size_t count = expected.data.size() / sizeof(float);
    parameters += count;
    for (int r = 0; r < 2; ++r)
      for (size_t i = 0; i < count; ++i)
        EXPECT_NEAR(ranks[r]->variable(name)->as<float>()[i],
                    expected.as<float>()[i], 2e-6)
            << name << "[" << i << "] on rank " << r;
  }
  EXPECT_EQ(ranks[0]->variable("global_step")->as<int64_t>()[0], 6);
  // One flat buffer holds every gradient.
  EXPECT_EQ(ranks[0]->allReduceBytes(), parameters * sizeof(float));
  EXPECT_EQ(ranks[0]->allReduceBuckets(), buckets);
}

TEST(DataParallel, TwoRanksOnHalfBatchesTrainAsOneOnWholeBatches) {
  // The whole model's gradients (544 bytes) are one bucket.
  expectTwoRanksTrainAsOne(SessionOptions::kDefaultAllReduceBucketBytes, 1);
  expectTwoRanksTrainAsOne(0, 1);
}

TEST(DataParallel, GradientBucketsSummedWhileTheBackwardPassGoesOn) {
  // Every gradient a bucket of its own: the step runs as four segments,
  // the first three buckets summed on the session's thread while the
  // next segment computes; the updates are the same.
  expectTwoRanksTrainAsOne(1, 4);
  // out/weights and out/biases (208 bytes) first, then the hidden layer's.
  expectTwoRanksTrainAsOne(200, 2);
}

TEST(DataParallel, BroadcastingAVariableNoStepAssignedIsAnError) {
  ThreadGroup group(2);
  SessionOptions options;
  options.communicator = std::make_shared<ThreadRank>(group, 0, 2);
  Session session(trainingGraph(), options);
  Status status = session.broadcastVariables({"hidden/weights"});
  EXPECT_EQ(status.code(), StatusCode::FailedPrecondition);
  EXPECT_EQ(status.message(), "cannot broadcast variable 'hidden/weights': "
                              "no step has assigned it yet");
}

TEST(DataParallel, AveragingAnIntegerTensorIsAnErrorNamingIt) {
  // The graph API refuses it; a GraphDef written by hand reaches the
  // session, which says what it cannot average before any collective.
  tensorflow::GraphDef graph;
  tensorflow::NodeDef *counts = graph.add_node();
  counts->set_name("counts");
  counts->set_op("Placeholder");
  (*counts->mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
  (*counts->mutable_attr())["shape"].mutable_shape()->add_dim()->set_size(3);
  tensorflow::NodeDef *reduce = graph.add_node();
  reduce->set_name("mean");
  reduce->set_op("KilnAllReduce");
  reduce->add_input("counts");
  (*reduce->mutable_attr())["N"].set_i(1);
  (*reduce->mutable_attr())["T"].set_type(tensorflow::DT_INT32);
  (*reduce->mutable_attr())["_output_shapes"]
      .mutable_list()
      ->add_shape()
      ->add_dim()
      ->set_size(3);
  ThreadGroup group(2);
  SessionOptions options;
  options.communicator = std::make_shared<ThreadRank>(group, 0, 2);
  Session session(graph, options);
  std::vector<int32_t> values = {1, 2, 3};
  std::vector<runtime::HostTensor> out;
  Status status = session.runViews(
      {{"counts", runtime::DType::I32, {3}, values.data()}}, {"mean"}, out);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "all-reduce input 'counts' is i32; kiln averages f32 tensors only");
}

TEST(DataParallel, TensorFlowSeesTheAllReduceAsIdentityN) {
  graph::Graph g;
  graph::Output x = g.placeholder(DT_FLOAT, {2, 3}, "x");
  auto w = g.getVariable("w", {3, 1}, graph::Initializer::constant(0.5));
  graph::Output loss = g.reduceSum(g.matmul(x, w.value), {0, 1}, false, "loss");
  graph::GradientDescentOptimizer sgd(0.1);
  sgd.setAverageGradientsAcrossRanks(true);
  sgd.minimize(g, loss);
  ASSERT_TRUE(g.ok()) << g.error();
  tensorflow::GraphDef graph;
  KILN_ASSERT_OK(g.toTensorFlowGraphDef(graph));
  const tensorflow::NodeDef *reduce = nullptr;
  for (const tensorflow::NodeDef &node : graph.node())
    if (node.name() == "train/all_reduce")
      reduce = &node;
  ASSERT_NE(reduce, nullptr);
  EXPECT_EQ(reduce->op(), "IdentityN");
  EXPECT_EQ(reduce->attr().at("T").list().type_size(), 1);
  EXPECT_EQ(reduce->attr().count("N"), 0u);
}

} // namespace
