//===- DirectoryLockTest.cpp - one writer per checkpoint directory --------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/directory_lock.h"

#include <fstream>

namespace kiln::runtime::checkpoint {
namespace {

using testing::TempDir;

TEST(DirectoryLockTest, ASecondWriterIsRefusedUntilTheFirstLetsGo) {
  TempDir dir;
  std::string directory = dir / "train/ckpt"; // created, parents included
  std::unique_ptr<DirectoryLock> first, second;
  ASSERT_TRUE(DirectoryLock::acquire(directory, first).ok());
  // flock locks belong to open files, so a second claim from this very
  // process conflicts as one from another process would.
  io::Status refused = DirectoryLock::acquire(directory, second);
  EXPECT_EQ(refused.code(), io::StatusCode::FailedPrecondition);
  EXPECT_NE(refused.message().find("checkpoint directory " + directory +
                                   " is in use by another process (its lock "
                                   "was last taken by pid " +
                                   std::to_string(::getpid())),
            std::string::npos)
      << refused.message();
  first.reset();
  EXPECT_TRUE(DirectoryLock::acquire(directory, second).ok());
}

TEST(DirectoryLockTest, TemporariesOfAStoppedSaveAreDeleted) {
  TempDir dir;
  std::ofstream(dir / "model.ckpt-3.index.tempstate42_7_0") << "partial";
  std::ofstream(dir / "model.ckpt-3.data-00000-of-00001.tempstate42_7_1")
      << "x";
  std::ofstream(dir / "model.ckpt-2.index") << "kept";
  std::unique_ptr<DirectoryLock> lock;
  int removed = -1;
  ASSERT_TRUE(DirectoryLock::acquire(dir.path(), lock, &removed).ok());
  EXPECT_EQ(removed, 2);
  EXPECT_FALSE(
      std::ifstream(dir / "model.ckpt-3.index.tempstate42_7_0").good());
  EXPECT_TRUE(std::ifstream(dir / "model.ckpt-2.index").good());
}

} // namespace
} // namespace kiln::runtime::checkpoint
