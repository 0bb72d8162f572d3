//===- TensorFlowGradientsTest.cpp - TF gradient ops train like kiln's ----===//
//
// The graph API writes tf.gradients as TensorFlow's own backward ops
// (toGraphDef) or as KilnGradients for kiln's autodiff (toKilnGraphDef).
// Both forms of one model, compiled by kiln, must take the same steps:
// TensorFlow's ops are an independent derivation of the same gradients.
//
//===----------------------------------------------------------------------===//

#include "frontends/GraphAPI/TensorFlowGradients.h"
#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Optimizers.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>

using namespace kiln;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

constexpr int kBatch = 6, kClasses = 4;

NamedTensor tensorOf(const std::string &name, runtime::DType dtype,
                     std::vector<int64_t> shape, const void *data,
                     size_t bytes) {
  NamedTensor tensor{name, {dtype, std::move(shape), {}}};
  tensor.tensor.data.resize(bytes);
  std::memcpy(tensor.tensor.data.data(), data, bytes);
  return tensor;
}

/// A small CNN touching the ops the rewrite differentiates: conv, max and
/// average pooling, bias, relu, tanh, sigmoid, concat, transpose, reshape,
/// matmul, broadcasting arithmetic, reductions, softmax and the
/// cross-entropy.
struct Network {
  graph::Graph g;
  explicit Network(graph::Optimizer &optimizer) {
    auto images = g.placeholder(DT_FLOAT, {-1, 8, 8, 2}, "images");
    auto labels = g.placeholder(DT_INT64, {-1}, "labels");
    auto filter =
        g.getVariable("conv/weights", {3, 3, 2, 4},
                      graph::Initializer::truncatedNormal(0.3, 0.0, 1));
    auto bias =
        g.getVariable("conv/biases", {4}, graph::Initializer::constant(0.05));
    auto conv = g.relu(
        g.biasAdd(g.conv2d(images, filter.value, {1, 1}, graph::Padding::Same),
                  bias.value));
    auto pooled = g.concat(
        {g.maxPool(conv, {2, 2}, {2, 2}, graph::Padding::Valid),
         g.tanh(g.avgPool(conv, {2, 2}, {2, 2}, graph::Padding::Valid))},
        3);
    auto flat = g.reshape(g.transpose(pooled, {0, 3, 1, 2}), {-1, 128});
    auto dense =
        g.getVariable("dense/weights", {128, kClasses},
                      graph::Initializer::truncatedNormal(0.1, 0.0, 2));
    auto scale =
        g.getVariable("dense/scale", {kClasses}, graph::Initializer::ones());
    auto logits =
        g.mul(g.sigmoid(g.matmul(flat, dense.value)), scale.value, "logits");
    auto xent = g.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
    auto spread =
        g.reduceSum(g.square(g.sub(g.softmax(logits), g.constant(0.25f))), {1});
    auto loss =
        g.add(g.reduceMean(xent.first, {0}),
              g.mul(g.constant(0.1f), g.reduceMean(spread, {0})), "loss");
    optimizer.minimize(g, loss, nullptr, "train");
    g.globalVariablesInitializer();
    EXPECT_TRUE(g.ok()) << g.error();
  }
};

/// Runs the initializer and `steps` train steps on fixed random batches;
/// returns the losses and leaves the variables in `session`.
std::vector<float> train(Session &session, int steps) {
  std::vector<runtime::HostTensor> out;
  KILN_EXPECT_OK(session.run({}, {"^init"}, out));
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> pixel(0, 1);
  std::vector<float> losses;
  for (int step = 0; step < steps; ++step) {
    std::vector<float> images(kBatch * 8 * 8 * 2);
    std::vector<int64_t> labels(kBatch);
    for (float &value : images)
      value = pixel(rng);
    for (int64_t &label : labels)
      label = int64_t(rng() % kClasses);
    KILN_EXPECT_OK(
        session.run({tensorOf("images", runtime::DType::F32, {kBatch, 8, 8, 2},
                              images.data(), images.size() * sizeof(float)),
                     tensorOf("labels", runtime::DType::I64, {kBatch},
                              labels.data(), labels.size() * sizeof(int64_t))},
                    {"loss", "^train"}, out));
    losses.push_back(out.empty() ? 0.0f : out[0].as<float>()[0]);
  }
  return losses;
}

TEST(TensorFlowGradients, TrainLikeKilnsOwnAutodiff) {
  graph::GradientDescentOptimizer sgd(0.5);
  graph::AdamOptimizer adam(0.01);
  for (graph::Optimizer *optimizer : {static_cast<graph::Optimizer *>(&sgd),
                                      static_cast<graph::Optimizer *>(&adam)}) {
    Network network(*optimizer);
    tensorflow::GraphDef tensorflowForm;
    KILN_ASSERT_OK(network.g.toTensorFlowGraphDef(tensorflowForm));
    std::set<std::string> ops;
    for (const tensorflow::NodeDef &node : tensorflowForm.node())
      ops.insert(node.op());
    EXPECT_FALSE(ops.count("KilnGradients"));
    for (const char *op :
         {"Conv2DBackpropFilter", "Conv2DBackpropInput", "MaxPoolGrad",
          "AvgPoolGrad", "BiasAddGrad", "ReluGrad", "TanhGrad", "SigmoidGrad",
          "BroadcastGradientArgs", "ConcatOffset", "DynamicStitch",
          "IdentityN"})
      EXPECT_TRUE(ops.count(op)) << op;

    Session kiln(network.g.toKilnGraphDef()), tensorflow(tensorflowForm);
    // toGraphDef is that TensorFlow form.
    tensorflow::GraphDef byDefault = network.g.toGraphDef();
    ASSERT_EQ(byDefault.node_size(), tensorflowForm.node_size());
    for (int i = 0; i < byDefault.node_size(); ++i)
      EXPECT_EQ(byDefault.node(i).name() + " " + byDefault.node(i).op(),
                tensorflowForm.node(i).name() + " " +
                    tensorflowForm.node(i).op());
    std::vector<float> expected = train(kiln, 4), actual = train(tensorflow, 4);
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_NEAR(actual[i], expected[i], 1e-5 * std::abs(expected[i]))
          << "step " << i;
    for (const char *name :
         {"conv/weights", "conv/biases", "dense/weights", "dense/scale"}) {
      const runtime::HostTensor *a = tensorflow.variable(name),
                                *b = kiln.variable(name);
      ASSERT_TRUE(a && b) << name;
      for (int64_t i = 0; i < b->elementCount(); ++i)
        ASSERT_NEAR(a->as<float>()[i], b->as<float>()[i], 1e-5)
            << name << " " << i;
    }
  }
}

TEST(TensorFlowGradients, MaxSharesTheGradientAmongTies) {
  // d/dw of sum over rows of max(x * w): the row's largest product gets
  // its x, split evenly between ties (row 1 ties columns 0 and 2).
  graph::Graph g;
  auto x = g.placeholder(DT_FLOAT, {-1, 3}, "x");
  auto w = g.getVariable("w", {3}, graph::Initializer::ones());
  auto loss =
      g.reduceSum(g.reduceMax(g.mul(x, w.value), {1}), {0}, false, "loss");
  g.gradients(loss, {w.value}, "grads");
  g.globalVariablesInitializer();
  ASSERT_TRUE(g.ok()) << g.error();
  tensorflow::GraphDef tensorflowForm;
  KILN_ASSERT_OK(g.toTensorFlowGraphDef(tensorflowForm));
  std::vector<float> values = {1, 5, 2, 4, 3, 4};
  auto feed = tensorOf("x", runtime::DType::F32, {2, 3}, values.data(),
                       values.size() * sizeof(float));
  const float expected[3] = {2, 5, 2}; // row 0: x[0][1]; row 1: 4/2 to each tie
  for (tensorflow::GraphDef graph : {g.toKilnGraphDef(), tensorflowForm}) {
    Session session(graph);
    std::vector<runtime::HostTensor> out;
    KILN_ASSERT_OK(session.run({}, {"^init"}, out));
    KILN_ASSERT_OK(session.run({feed}, {"grads"}, out));
    for (int i = 0; i < 3; ++i)
      EXPECT_FLOAT_EQ(out[0].as<float>()[i], expected[i]) << i;
  }
}

TEST(TensorFlowGradients, AnOpWithoutARuleIsAnErrorNamingIt) {
  // A GraphDef from elsewhere, differentiated through Erf (no rule here).
  tensorflow::GraphDef graph;
  auto node = [&](const std::string &name, const std::string &op,
                  std::vector<std::string> inputs) {
    tensorflow::NodeDef *added = graph.add_node();
    added->set_name(name);
    added->set_op(op);
    for (const std::string &input : inputs)
      added->add_input(input);
    (*added->mutable_attr())["T"].set_type(DT_FLOAT);
    return added;
  };
  node("x", "Placeholder", {});
  node("bend", "Erf", {"x"});
  node("grads", "KilnGradients", {"bend", "x"});
  tensorflow::GraphDef unchanged = graph;
  std::string error = errorOf(graph::writeTensorFlowGradients(graph));
  EXPECT_NE(error.find("KilnGradients 'grads': no TensorFlow gradient for node "
                       "'bend' (Erf)"),
            std::string::npos)
      << error;
  EXPECT_EQ(graph.node_size(), unchanged.node_size());
  EXPECT_EQ(graph.node(2).op(), "KilnGradients");
}

} // namespace
