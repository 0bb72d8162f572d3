//===- SessionTest.cpp - the JIT session: compile once per signature ------===//

#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Graph.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace kiln;
using tensorflow::DT_FLOAT;

namespace {

NamedTensor floats(const std::string &name, std::vector<int64_t> shape,
                   std::vector<float> values) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(tensor.tensor.data.data(), values.data(), tensor.tensor.data.size());
  return tensor;
}

/// y = relu(x * 2 - 1) and s = sum over rows of y, for x of shape [?, 3].
tensorflow::GraphDef smallGraph() {
  graph::Graph g;
  graph::Output x = g.placeholder(DT_FLOAT, {-1, 3}, "x");
  graph::Output y = g.relu(g.sub(g.mul(x, g.constant(2.0f)), g.constant(1.0f)), "y");
  g.reduceSum(y, {0}, false, "s");
  EXPECT_TRUE(g.ok()) << g.error();
  return g.toGraphDef();
}

TEST(Session, CompilesOncePerSignatureAndRunsCorrectly) {
  Session session(smallGraph());
  std::vector<runtime::HostTensor> outputs;
  std::string error;
  auto x = floats("x", {2, 3}, {0, 1, 2, -1, 0.5, 3});
  ASSERT_TRUE(session.run({x}, {"y", "s"}, outputs, error)) << error;
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].shape, (std::vector<int64_t>{2, 3}));
  const float *y = outputs[0].as<float>();
  float expected[6] = {0, 1, 3, 0, 0, 5};
  for (int i = 0; i < 6; ++i)
    EXPECT_FLOAT_EQ(y[i], expected[i]) << i;
  EXPECT_FLOAT_EQ(outputs[1].as<float>()[2], 8.0f);
  EXPECT_EQ(session.compiledSignatures(), 1u);

  // Same signature, new values: cached.
  auto x2 = floats("x", {2, 3}, {1, 1, 1, 1, 1, 1});
  ASSERT_TRUE(session.run({x2}, {"y", "s"}, outputs, error)) << error;
  EXPECT_FLOAT_EQ(outputs[1].as<float>()[0], 2.0f);
  EXPECT_EQ(session.compiledSignatures(), 1u);

  // A new batch size or another fetch list is a new signature.
  auto x5 = floats("x", {5, 3}, std::vector<float>(15, 1.0f));
  ASSERT_TRUE(session.run({x5}, {"s"}, outputs, error)) << error;
  EXPECT_FLOAT_EQ(outputs[0].as<float>()[1], 5.0f);
  EXPECT_EQ(session.compiledSignatures(), 2u);
}

TEST(Session, RejectsFeedsThatDoNotFitTheGraph) {
  Session session(smallGraph());
  std::vector<runtime::HostTensor> outputs;
  std::string error;
  auto wrongRank = floats("x", {6}, std::vector<float>(6, 0));
  EXPECT_FALSE(session.run({wrongRank}, {"y"}, outputs, error));
  EXPECT_NE(error.find("feed 'x' expects tensor<?x3xf32>, got f32[6]"),
            std::string::npos)
      << error;
  auto unknown = floats("nope", {1, 3}, {0, 0, 0});
  EXPECT_FALSE(session.run({unknown}, {"y"}, outputs, error));
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
  EXPECT_EQ(session.compiledSignatures(), 0u);
}

} // namespace
