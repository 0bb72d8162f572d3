//===- directory_lock.h - one writer per checkpoint directory -------------===//
//
// Two trainers saving into one directory would interleave their
// checkpoints and overwrite each other's `checkpoint` state file. A
// DirectoryLock is the writer's claim: an flock(2) on
// `<directory>/.kiln-checkpoint.lock`, which the kernel releases when the
// process ends however it ends, so a crash never leaves a stale lock.
// While holding it, the writer deletes the `*.tempstate*` files a crashed
// writer left behind: nobody else can be writing them.
//
// Local directories only: WebHDFS has no advisory locks, so on other file
// systems acquire() succeeds without locking or cleaning.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_DIRECTORY_LOCK_H
#define KILN_RUNTIME_CHECKPOINT_DIRECTORY_LOCK_H

#include "kiln/runtime/io/status.h"

#include <memory>
#include <string>

namespace kiln::runtime::checkpoint {

class DirectoryLock {
public:
  /// Creates `directory` when missing and takes its lock; FailedPrecondition
  /// naming the directory and the holder's pid when another process holds
  /// it. `removedTemporaries` (optional) receives how many leftover
  /// temporary files were deleted.
  static io::Status acquire(const std::string &directory,
                            std::unique_ptr<DirectoryLock> &out,
                            int *removedTemporaries = nullptr);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock &) = delete;
  DirectoryLock &operator=(const DirectoryLock &) = delete;

private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_DIRECTORY_LOCK_H
