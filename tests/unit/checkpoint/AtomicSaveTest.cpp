//===- AtomicSaveTest.cpp - a failed or crashed save harms nothing --------===//
//
// Saves that fail part way (the file-size limit makes write(2) fail with
// EFBIG, a real I/O error) and saves that crash part way (a child process
// killed by SIGXFSZ in the middle of writing) must leave the previous
// checkpoint with the same prefix readable and unchanged.
//===----------------------------------------------------------------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/naming.h"

#include <csignal>
#include <functional>
#include <filesystem>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kiln::runtime::checkpoint {
namespace {

using testing::makeTensor;
using testing::TempDir;

/// `count` tensors of `bytesEach` bytes with long names, values from `seed`.
std::vector<NamedTensor> tensorsFor(int seed, int count, size_t bytesEach) {
  std::vector<NamedTensor> out;
  for (int i = 0; i < count; ++i) {
    std::vector<uint8_t> values(bytesEach, uint8_t(seed + i));
    out.push_back({"some/rather/long/variable/scope/name/" + std::to_string(i),
                   makeTensor<uint8_t>(DType::U8, {int64_t(bytesEach)}, values)});
  }
  return out;
}

void expectCheckpointHolds(const std::string &prefix,
                           const std::vector<NamedTensor> &tensors) {
  std::unique_ptr<BundleReader> reader;
  io::Status status = BundleReader::open(prefix, reader);
  ASSERT_TRUE(status.ok()) << status.toString();
  ASSERT_EQ(reader->tensors().size(), tensors.size());
  for (const NamedTensor &named : tensors) {
    HostTensor read;
    ASSERT_TRUE(reader->read(named.name, read).ok());
    EXPECT_EQ(read.data, named.tensor.data);
  }
}

/// Only the two files of the checkpoint: no temporaries left behind.
void expectOnlyCheckpointFiles(const std::string &dir) {
  for (const auto &file : std::filesystem::directory_iterator(dir)) {
    std::string name = file.path().filename().string();
    EXPECT_TRUE(name == "ckpt.index" || name == "ckpt.data-00000-of-00001")
        << "left behind: " << name;
  }
}

/// Runs `save` with the file-size limit `limit`, EFBIG instead of a signal.
io::Status saveWithFileSizeLimit(rlim_t limit,
                                 const std::function<io::Status()> &save) {
  struct rlimit old;
  ::getrlimit(RLIMIT_FSIZE, &old);
  auto previous = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limited = old;
  limited.rlim_cur = limit;
  ::setrlimit(RLIMIT_FSIZE, &limited);
  io::Status status = save();
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  return status;
}

TEST(AtomicSaveTest, FailureWhileWritingDataKeepsThePreviousCheckpoint) {
  TempDir dir;
  std::string prefix = dir / "ckpt";
  std::vector<NamedTensor> before = tensorsFor(1, 4, 100000);
  ASSERT_TRUE(writeCheckpoint(prefix, before).ok());
  // 250 kB in: the third tensor's write fails.
  io::Status status = saveWithFileSizeLimit(
      250000, [&] { return writeCheckpoint(prefix, tensorsFor(50, 4, 100000)); });
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(prefix), std::string::npos) << status.message();
  expectCheckpointHolds(prefix, before);
  expectOnlyCheckpointFiles(dir.path());
}

TEST(AtomicSaveTest, FailureWhileWritingTheIndexKeepsThePreviousCheckpoint) {
  TempDir dir;
  std::string prefix = dir / "ckpt";
  // Tiny data, large index: the data file fits under the limit, the index
  // (about 60 bytes per entry) does not.
  std::vector<NamedTensor> before = tensorsFor(1, 300, 1);
  ASSERT_TRUE(writeCheckpoint(prefix, before).ok());
  io::Status status = saveWithFileSizeLimit(
      2000, [&] { return writeCheckpoint(prefix, tensorsFor(7, 300, 1)); });
  ASSERT_FALSE(status.ok());
  expectCheckpointHolds(prefix, before);
  expectOnlyCheckpointFiles(dir.path());
}

TEST(AtomicSaveTest, CrashMidSaveKeepsThePreviousCheckpoint) {
  TempDir dir;
  std::string prefix = dir / "ckpt";
  std::vector<NamedTensor> before = tensorsFor(1, 4, 100000);
  ASSERT_TRUE(writeCheckpoint(prefix, before).ok());
  for (rlim_t limit : {rlim_t(1000), rlim_t(150000), rlim_t(399999)}) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // The default action of SIGXFSZ kills the process mid-write: a crash.
      std::signal(SIGXFSZ, SIG_DFL);
      struct rlimit limited;
      ::getrlimit(RLIMIT_FSIZE, &limited);
      limited.rlim_cur = limit;
      ::setrlimit(RLIMIT_FSIZE, &limited);
      (void)writeCheckpoint(prefix, tensorsFor(90, 4, 100000));
      ::_exit(0);
    }
    int wstatus = 0;
    ::waitpid(child, &wstatus, 0);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the save was expected to crash";
    EXPECT_EQ(WTERMSIG(wstatus), SIGXFSZ);
    expectCheckpointHolds(prefix, before);
  }
  // A crashed save leaves its temporaries (no one deletes them), but never
  // under the checkpoint's own names; a later save succeeds.
  std::vector<NamedTensor> after = tensorsFor(3, 2, 10);
  ASSERT_TRUE(writeCheckpoint(prefix, after).ok());
  expectCheckpointHolds(prefix, after);
}

} // namespace
} // namespace kiln::runtime::checkpoint
