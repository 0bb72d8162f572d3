//===- CheckpointStateTest.cpp - the `checkpoint` text file ---------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/checkpoint/naming.h"

namespace kiln::runtime::checkpoint {
namespace {

using testing::TempDir;

TEST(CheckpointStateTest, FormatIsTensorFlowsTextFormat) {
  CheckpointState state;
  state.modelCheckpointPath = "model.ckpt-200";
  state.allModelCheckpointPaths = {"model.ckpt-100", "model.ckpt-200"};
  EXPECT_EQ(formatCheckpointState(state),
            "model_checkpoint_path: \"model.ckpt-200\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-100\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-200\"\n");
  state.allModelCheckpointTimestamps = {1700000000.5, 1700000100.25};
  state.lastPreservedTimestamp = 1699999990;
  CheckpointState parsed;
  ASSERT_TRUE(parseCheckpointState(formatCheckpointState(state), "c", parsed).ok());
  EXPECT_EQ(parsed.modelCheckpointPath, state.modelCheckpointPath);
  EXPECT_EQ(parsed.allModelCheckpointPaths, state.allModelCheckpointPaths);
  EXPECT_EQ(parsed.allModelCheckpointTimestamps, state.allModelCheckpointTimestamps);
  EXPECT_EQ(parsed.lastPreservedTimestamp, 1699999990);
}

TEST(CheckpointStateTest, EscapesRoundTrip) {
  CheckpointState state;
  state.modelCheckpointPath = "dir with \"quotes\"\\and\nnewline\x01\xc3\xa9";
  CheckpointState parsed;
  std::string text = formatCheckpointState(state);
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  ASSERT_TRUE(parseCheckpointState(text, "c", parsed).ok());
  EXPECT_EQ(parsed.modelCheckpointPath, state.modelCheckpointPath);
}

TEST(CheckpointStateTest, LenientParsingAndClearErrors) {
  CheckpointState parsed;
  ASSERT_TRUE(parseCheckpointState("# comment\n  model_checkpoint_path :'a'\n"
                                   "future_field: 3\nother: \"x\"\n",
                                   "c", parsed)
                  .ok());
  EXPECT_EQ(parsed.modelCheckpointPath, "a");
  io::Status status =
      parseCheckpointState("model_checkpoint_path: \"a\"\nall_model_checkpoint_paths: b\n",
                           "dir/checkpoint", parsed);
  EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
  EXPECT_NE(status.message().find("dir/checkpoint:2"), std::string::npos)
      << status.message();
  EXPECT_FALSE(parseCheckpointState("model_checkpoint_path: \"unterminated", "c", parsed).ok());
}

TEST(CheckpointStateTest, ReadsTheFileTensorFlowWrote) {
  std::string dir =
      testing::testdataDir() + "/tf-graphs/onnx__tensorflow-onnx/tests/models/regression/checkpoint";
  if (!std::filesystem::exists(dir + "/checkpoint"))
    GTEST_SKIP() << "shared test data not found under " << testing::testdataDir();
  CheckpointState state;
  ASSERT_TRUE(readCheckpointState(dir, state).ok());
  EXPECT_EQ(state.modelCheckpointPath, "model");
  EXPECT_EQ(state.allModelCheckpointPaths, std::vector<std::string>{"model"});
  std::string latest;
  ASSERT_TRUE(latestCheckpoint(dir, latest).ok());
  EXPECT_EQ(latest, dir + "/model");
}

TEST(CheckpointStateTest, LatestCheckpointResolvesAndChecks) {
  TempDir dir;
  std::string latest;
  EXPECT_EQ(latestCheckpoint(dir.path(), latest).code(), io::StatusCode::NotFound);
  CheckpointState state;
  state.modelCheckpointPath = "model.ckpt-5";
  state.allModelCheckpointPaths = {"model.ckpt-5"};
  ASSERT_TRUE(writeCheckpointState(dir.path(), state).ok());
  io::Status status = latestCheckpoint(dir.path(), latest);
  EXPECT_EQ(status.code(), io::StatusCode::NotFound); // no index yet
  EXPECT_NE(status.message().find("model.ckpt-5"), std::string::npos);
  ASSERT_TRUE(writeCheckpoint(dir / "model.ckpt-5",
                              {{"x", testing::makeTensor<float>(DType::F32, {}, {1})}})
                  .ok());
  ASSERT_TRUE(latestCheckpoint(dir.path(), latest).ok());
  EXPECT_EQ(latest, dir / "model.ckpt-5");
  EXPECT_EQ(resolveCheckpointPath("d", "/abs/p"), "/abs/p");
  EXPECT_EQ(resolveCheckpointPath("d/", "p"), "d/p");
}

} // namespace
} // namespace kiln::runtime::checkpoint
