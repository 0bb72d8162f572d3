//===- CheckpointManagerTest.cpp - numbered saves and max_to_keep ---------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/checkpoint_manager.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/checkpoint/naming.h"

#include <filesystem>

namespace kiln::runtime::checkpoint {
namespace {

using testing::makeTensor;
using testing::TempDir;

std::vector<NamedTensor> stepTensors(int64_t step) {
  return {{"global_step", makeTensor<int64_t>(DType::I64, {}, {step})}};
}

bool hasCheckpoint(const std::string &prefix) {
  return std::filesystem::exists(indexFileName(prefix)) &&
         std::filesystem::exists(dataFileName(prefix, 0, 1));
}

TEST(CheckpointManagerTest, KeepsTheNewestMaxToKeep) {
  TempDir dir;
  std::string root = dir / "train";
  CheckpointManager manager(root, {3, "checkpoint"});
  for (int64_t step : {100, 200, 300, 400, 500}) {
    std::string prefix;
    io::Status status = manager.save(stepTensors(step), "model.ckpt", step, prefix);
    ASSERT_TRUE(status.ok()) << status.toString();
    EXPECT_EQ(prefix, root + "/model.ckpt-" + std::to_string(step));
  }
  EXPECT_FALSE(hasCheckpoint(root + "/model.ckpt-100"));
  EXPECT_FALSE(hasCheckpoint(root + "/model.ckpt-200"));
  for (int step : {300, 400, 500})
    EXPECT_TRUE(hasCheckpoint(root + "/model.ckpt-" + std::to_string(step)));
  CheckpointState state;
  ASSERT_TRUE(readCheckpointState(root, state).ok());
  EXPECT_EQ(state.modelCheckpointPath, "model.ckpt-500");
  EXPECT_EQ(state.allModelCheckpointPaths,
            (std::vector<std::string>{"model.ckpt-300", "model.ckpt-400", "model.ckpt-500"}));
  EXPECT_EQ(state.allModelCheckpointTimestamps.size(), 3u);
  std::string latest;
  ASSERT_TRUE(latestCheckpoint(root, latest).ok());
  EXPECT_EQ(latest, root + "/model.ckpt-500");
  std::unique_ptr<BundleReader> reader;
  ASSERT_TRUE(BundleReader::open(latest, reader).ok());
  HostTensor step;
  ASSERT_TRUE(reader->read("global_step", step).ok());
  EXPECT_EQ(step.as<int64_t>()[0], 500);
}

TEST(CheckpointManagerTest, ANewManagerContinuesTheListOfTheStateFile) {
  TempDir dir;
  std::string prefix;
  {
    CheckpointManager first(dir.path(), {2, "checkpoint"});
    ASSERT_TRUE(first.save(stepTensors(1), "model.ckpt", 1, prefix).ok());
    ASSERT_TRUE(first.save(stepTensors(2), "model.ckpt", 2, prefix).ok());
  }
  CheckpointManager resumed(dir.path(), {2, "checkpoint"});
  std::vector<std::string> kept;
  ASSERT_TRUE(resumed.checkpoints(kept).ok());
  EXPECT_EQ(kept.size(), 2u);
  ASSERT_TRUE(resumed.save(stepTensors(3), "model.ckpt", 3, prefix).ok());
  EXPECT_FALSE(hasCheckpoint(dir / "model.ckpt-1"));
  EXPECT_TRUE(hasCheckpoint(dir / "model.ckpt-2"));
  EXPECT_TRUE(hasCheckpoint(dir / "model.ckpt-3"));
}

TEST(CheckpointManagerTest, ZeroKeepsAllAndResavingAStepMovesIt) {
  TempDir dir;
  CheckpointManager manager(dir.path(), {0, "checkpoint"});
  std::string prefix;
  for (int64_t step : {1, 2, 3, 2})
    ASSERT_TRUE(manager.save(stepTensors(step), "m", step, prefix).ok());
  CheckpointState state;
  ASSERT_TRUE(readCheckpointState(dir.path(), state).ok());
  EXPECT_EQ(state.allModelCheckpointPaths, (std::vector<std::string>{"m-1", "m-3", "m-2"}));
  EXPECT_EQ(state.modelCheckpointPath, "m-2");
}

TEST(CheckpointManagerTest, MetaGraphIsWrittenAndDeletedWithItsCheckpoint) {
  TempDir dir;
  CheckpointManager manager(dir.path(), {1, "checkpoint"});
  std::string prefix;
  ASSERT_TRUE(manager.save(stepTensors(1), "model.ckpt", 1, prefix, "meta-bytes").ok());
  EXPECT_EQ(testing::readBytes(metaFileName(prefix)), "meta-bytes");
  ASSERT_TRUE(manager.save(stepTensors(2), "model.ckpt", 2, prefix, "meta-bytes").ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "model.ckpt-1.meta"));
  EXPECT_TRUE(std::filesystem::exists(dir / "model.ckpt-2.meta"));
}

TEST(CheckpointManagerTest, BadBasenameIsRefused) {
  TempDir dir;
  CheckpointManager manager(dir.path());
  std::string prefix;
  EXPECT_EQ(manager.save(stepTensors(1), "a/b", 1, prefix).code(),
            io::StatusCode::InvalidArgument);
}

} // namespace
} // namespace kiln::runtime::checkpoint
