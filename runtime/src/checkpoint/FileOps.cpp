//===- FileOps.cpp - temporary names and deletions for checkpoints --------===//

#include "FileOps.h"

#include "kiln/runtime/io/file_system.h"

#include <atomic>
#include <chrono>
#include <unistd.h>

namespace kiln::runtime::checkpoint::detail {

io::Status deleteIfExists(const std::string &path) {
  io::Status status = io::deleteFile(path);
  return status.code() == io::StatusCode::NotFound ? io::Status() : status;
}

std::string temporaryPathFor(const std::string &path) {
  // TensorFlow's writers use "<file>.tempstate<random>"; the pid, a clock and
  // a counter keep concurrent savers (threads or processes) apart.
  static std::atomic<uint64_t> counter{0};
  uint64_t ticks = static_cast<uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  return path + ".tempstate" + std::to_string(::getpid()) + "_" +
         std::to_string(ticks % 1000000007u) + "_" +
         std::to_string(counter.fetch_add(1));
}

} // namespace kiln::runtime::checkpoint::detail
