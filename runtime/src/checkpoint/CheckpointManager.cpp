//===- CheckpointManager.cpp - numbered checkpoints with max_to_keep ------===//

#include "kiln/runtime/checkpoint/checkpoint_manager.h"

#include "FileOps.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <chrono>

namespace kiln::runtime::checkpoint {

namespace {

double secondsSinceEpoch() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

} // namespace

CheckpointManager::CheckpointManager(std::string directory,
                                     CheckpointManagerOptions options)
    : directory_(std::move(directory)), options_(std::move(options)) {}

io::Status CheckpointManager::loadState() {
  if (loaded_)
    return io::Status();
  CheckpointState state;
  io::Status status = readCheckpointState(directory_, state, options_.stateFileName);
  if (status.code() == io::StatusCode::NotFound) {
    loaded_ = true;
    return io::Status();
  }
  KILN_IO_RETURN_IF_ERROR(status);
  kept_ = state.allModelCheckpointPaths;
  if (state.allModelCheckpointTimestamps.size() == kept_.size())
    keptTimestamps_ = state.allModelCheckpointTimestamps;
  else
    keptTimestamps_.assign(kept_.size(), 0.0);
  loaded_ = true;
  return io::Status();
}

io::Status CheckpointManager::checkpoints(std::vector<std::string> &out) {
  KILN_IO_RETURN_IF_ERROR(loadState());
  out.clear();
  for (const std::string &path : kept_)
    out.push_back(resolveCheckpointPath(directory_, path));
  return io::Status();
}

io::Status CheckpointManager::save(const std::vector<NamedTensor> &tensors,
                                   const std::string &basename, int64_t step,
                                   std::string &prefix,
                                   std::string_view metaGraphDef) {
  if (basename.empty() || basename.find('/') != std::string::npos)
    return io::invalidArgument("checkpoint basename \"" + basename +
                               "\" must be a non-empty file name");
  KILN_IO_RETURN_IF_ERROR(io::createDirectories(directory_));
  KILN_IO_RETURN_IF_ERROR(loadState());
  std::string relative = basename + "-" + std::to_string(step);
  std::string fullPrefix = resolveCheckpointPath(directory_, relative);

  // 1. The bundle (and meta graph) under their final names, each atomic.
  KILN_IO_RETURN_IF_ERROR(writeCheckpoint(fullPrefix, tensors));
  if (!metaGraphDef.empty())
    KILN_IO_RETURN_IF_ERROR(
        io::writeFileAtomically(metaFileName(fullPrefix), metaGraphDef));

  // 2. The state file names it; re-saving a step moves it to the end.
  std::vector<std::string> kept;
  std::vector<double> timestamps;
  for (size_t i = 0; i < kept_.size(); ++i)
    if (resolveCheckpointPath(directory_, kept_[i]) != fullPrefix) {
      kept.push_back(kept_[i]);
      timestamps.push_back(keptTimestamps_[i]);
    }
  kept.push_back(relative);
  timestamps.push_back(secondsSinceEpoch());
  std::vector<std::string> doomed;
  if (options_.maxToKeep > 0)
    while (kept.size() > size_t(options_.maxToKeep)) {
      doomed.push_back(resolveCheckpointPath(directory_, kept.front()));
      kept.erase(kept.begin());
      timestamps.erase(timestamps.begin());
    }
  CheckpointState state;
  state.modelCheckpointPath = relative;
  state.allModelCheckpointPaths = kept;
  state.allModelCheckpointTimestamps = timestamps;
  KILN_IO_RETURN_IF_ERROR(
      writeCheckpointState(directory_, state, options_.stateFileName));
  kept_ = std::move(kept);
  keptTimestamps_ = std::move(timestamps);

  // 3. Only now, files nothing names any more.
  for (const std::string &old : doomed)
    KILN_IO_RETURN_IF_ERROR(deleteCheckpoint(old));
  prefix = fullPrefix;
  return io::Status();
}

io::Status deleteCheckpoint(const std::string &prefix) {
  KILN_IO_RETURN_IF_ERROR(detail::deleteIfExists(indexFileName(prefix)));
  KILN_IO_RETURN_IF_ERROR(detail::deleteIfExists(metaFileName(prefix)));
  // Any shard count: "<prefix>.data-" 5 digits "-of-" 5 digits.
  const std::string fiveDigits(5, '?');
  std::vector<std::string> shards;
  KILN_IO_RETURN_IF_ERROR(io::getMatchingPaths(
      prefix + ".data-" + fiveDigits + "-of-" + fiveDigits, shards));
  for (const std::string &shard : shards)
    KILN_IO_RETURN_IF_ERROR(detail::deleteIfExists(shard));
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
