//===- RestoreTest.cpp - Saver.restore for the JIT and C API sessions -----===//

#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/GraphAPI/Graph.h"
#include "kiln/runtime/api.h"
#include "kiln/runtime/checkpoint/checkpoint_manager.h"
#include "kiln/runtime/checkpoint/session_restore.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using namespace kiln;
namespace ckpt = kiln::runtime::checkpoint;

namespace {

/// y = x w + b for x [?, 3], w [3, 2], b [2]; "init" gives w and b random
/// values a checkpoint then replaces.
tensorflow::GraphDef affineGraph() {
  graph::Graph g;
  graph::Output x = g.placeholder(tensorflow::DT_FLOAT, {-1, 3}, "x");
  graph::Variable w = g.getVariable(
      "w", {3, 2}, graph::Initializer::truncatedNormal(0.1, 0.0, 3));
  graph::Variable b =
      g.getVariable("b", {2}, graph::Initializer::constant(9.0));
  g.add(g.matmul(x, w.value), b.value, "y");
  g.globalVariablesInitializer();
  EXPECT_TRUE(g.ok()) << g.error();
  return g.toGraphDef();
}

runtime::HostTensor floatTensor(std::vector<int64_t> shape,
                                std::vector<float> values) {
  runtime::HostTensor tensor{runtime::DType::F32, std::move(shape), {}};
  tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(tensor.data.data(), values.data(), tensor.data.size());
  return tensor;
}

const std::vector<float> kWeights = {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f};
const std::vector<float> kBiases = {0.125f, -3.0f};
const std::vector<float> kInput = {1.0f, 2.0f, 3.0f, -1.0f, 0.5f, 4.0f};

/// y = x w + b in double precision, from the values the checkpoint holds.
std::vector<double> reference() {
  std::vector<double> y(4);
  for (int r = 0; r < 2; ++r)
    for (int j = 0; j < 2; ++j) {
      double sum = kBiases[j];
      for (int k = 0; k < 3; ++k)
        sum += double(kInput[r * 3 + k]) * kWeights[k * 2 + j];
      y[r * 2 + j] = sum;
    }
  return y;
}

class Restore : public ::testing::Test {
protected:
  void SetUp() override {
    directory = ::testing::TempDir() + "/kiln_restore_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(directory);
  }
  void TearDown() override { std::filesystem::remove_all(directory); }

  /// Saves w (of `weightShape`) and b as `directory`/model.ckpt-7.
  std::string save(std::vector<int64_t> weightShape = {3, 2}) {
    ckpt::CheckpointManager manager(directory);
    std::string prefix;
    KILN_EXPECT_OK(manager.save({{"w", floatTensor(weightShape, kWeights)},
                                 {"b", floatTensor({2}, kBiases)}},
                                "model.ckpt", 7, prefix));
    return prefix;
  }

  std::string directory;
};

TEST_F(Restore, SessionRunsOnTheRestoredValuesWithoutAnInitializer) {
  save();
  Session session(affineGraph());
  KILN_ASSERT_OK(session.restore(directory));
  std::vector<runtime::HostTensor> outputs;
  KILN_ASSERT_OK(
      session.run({{"x", floatTensor({2, 3}, kInput)}}, {"y"}, outputs));
  std::vector<double> expected = reference();
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(outputs[0].as<float>()[i], expected[i], 1e-6) << i;

  // Restoring again after the initializer ran puts the checkpoint back.
  KILN_ASSERT_OK(session.run({}, {"^init"}, outputs));
  EXPECT_EQ(session.variable("b")->as<float>()[0], 9.0f);
  KILN_ASSERT_OK(session.restore(directory + "/model.ckpt-7"));
  EXPECT_EQ(session.variable("b")->as<float>()[0], kBiases[0]);
}

TEST_F(Restore, SessionErrorsNameTheCheckpointAndTheVariable) {
  Session session(affineGraph());
  std::string error = errorOf(session.restore(directory + "/model.ckpt-1"));
  EXPECT_NE(error.find("model.ckpt-1.index"), std::string::npos) << error;
  std::filesystem::create_directories(directory);
  error = errorOf(session.restore(directory));
  EXPECT_NE(error.find("no checkpoint in " + directory), std::string::npos)
      << error;

  save(/*weightShape=*/{2, 3});
  KILN_ASSERT_OK(session.restore(directory));
  std::vector<runtime::HostTensor> outputs;
  error = errorOf(
      session.run({{"x", floatTensor({2, 3}, kInput)}}, {"y"}, outputs));
  EXPECT_NE(error.find(
                "variable 'w' holds f32[2,3] but the step uses it as f32[3,2]"),
            std::string::npos)
      << error;
}

TEST_F(Restore, CApiSessionRestoresEveryVariableOfTheStep) {
  save();
  // The step, compiled by the JIT, described as an AOT header would.
  Session jit(affineGraph());
  std::vector<runtime::HostTensor> outputs;
  KILN_ASSERT_OK(jit.run({}, {"^init"}, outputs));
  KILN_ASSERT_OK(jit.run({{"x", floatTensor({2, 3}, kInput)}}, {"y"}, outputs));
  kiln_step_info_t step = jit.lastExecutable()->stepInfo();
  ASSERT_EQ(step.num_variables, 2);

  kiln_session_t *session = nullptr;
  ASSERT_EQ(kiln_session_create(&step, kiln_allocator_system(), &session),
            nullptr);
  ASSERT_EQ(kiln_session_restore(session, directory.c_str()), nullptr);
  const int64_t shape[] = {2, 3};
  ASSERT_EQ(kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2, shape,
                                    kInput.data(),
                                    kInput.size() * sizeof(float)),
            nullptr);
  ASSERT_EQ(kiln_session_run(session), nullptr);
  const float *y =
      static_cast<const float *>(kiln_session_output_data(session, 0));
  std::vector<double> expected = reference();
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(y[i], expected[i], 1e-6) << i;

  // A checkpoint without one of the step's variables.
  std::string other = directory + "/other";
  ckpt::CheckpointManager manager(other);
  std::string prefix;
  KILN_ASSERT_OK(manager.save({{"w", floatTensor({3, 2}, kWeights)}},
                              "model.ckpt", 1, prefix));
  kiln_status_t status = kiln_session_restore(session, other.c_str());
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(kiln_status_code(status), KILN_STATUS_NOT_FOUND);
  EXPECT_NE(std::string(kiln_status_message(status)).find("has no tensor 'b'"),
            std::string::npos)
      << kiln_status_message(status);
  kiln_status_free(status);
  status = kiln_session_restore(session, (directory + "/missing").c_str());
  ASSERT_NE(status, nullptr);
  EXPECT_NE(std::string(kiln_status_message(status)).find("missing.index"),
            std::string::npos)
      << kiln_status_message(status);
  kiln_status_free(status);
  kiln_session_release(session);
}

} // namespace
