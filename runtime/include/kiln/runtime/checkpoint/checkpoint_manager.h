//===- checkpoint_manager.h - numbered checkpoints with max_to_keep -------===//
//
// What tf.compat.v1.train.Saver does around the bundle: save(tensors,
// "model.ckpt", step) writes `<dir>/model.ckpt-<step>` (and, when given a
// MetaGraphDef, `<dir>/model.ckpt-<step>.meta`), records it in the
// `checkpoint` state file, and deletes the oldest checkpoints beyond
// maxToKeep. The order makes every crash point safe: the bundle is complete
// before the state file names it, and the state file stops naming a
// checkpoint before its files are deleted.
//
// A manager opened on a directory that already has a state file continues
// its list (as TF2's CheckpointManager does), so a resumed trainer keeps
// deleting the old checkpoints of the earlier run. Paths in the state file
// are written relative to the directory, so it can be moved.
//
// Usage:
//   CheckpointManager manager("train_dir", {/*maxToKeep=*/5});
//   std::string prefix;
//   KILN_IO_RETURN_IF_ERROR(manager.save(tensors, "model.ckpt", step, prefix));
//   ...
//   KILN_IO_RETURN_IF_ERROR(latestCheckpoint("train_dir", prefix));
//
// Thread-safety: one thread at a time per manager, one manager per
// directory.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_CHECKPOINT_MANAGER_H
#define KILN_RUNTIME_CHECKPOINT_CHECKPOINT_MANAGER_H

#include "kiln/runtime/checkpoint/bundle_writer.h"
#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::checkpoint {

struct CheckpointManagerOptions {
  /// Checkpoints kept; older ones are deleted. 0 or less keeps all (TF's
  /// max_to_keep=None/0).
  int maxToKeep = 5;
  std::string stateFileName = "checkpoint";
};

class CheckpointManager {
public:
  explicit CheckpointManager(std::string directory,
                             CheckpointManagerOptions options = {});

  /// Saves `tensors` as `<directory>/<basename>-<step>`; `prefix` receives
  /// that path. Creates the directory when missing. `metaGraphDef`, when not
  /// empty, is written as the serialized MetaGraphDef in `<prefix>.meta`.
  io::Status save(const std::vector<NamedTensor> &tensors,
                  const std::string &basename, int64_t step, std::string &prefix,
                  std::string_view metaGraphDef = {});

  /// The kept checkpoints' prefixes, oldest first (after a save or, before
  /// the first one, as read from an existing state file).
  io::Status checkpoints(std::vector<std::string> &out);

  const std::string &directory() const { return directory_; }

private:
  io::Status loadState();

  std::string directory_;
  CheckpointManagerOptions options_;
  bool loaded_ = false;
  std::vector<std::string> kept_;       // relative or absolute, as recorded
  std::vector<double> keptTimestamps_;  // parallel to kept_ when complete
};

/// Deletes every file of the checkpoint `prefix` (index, data shards, meta).
io::Status deleteCheckpoint(const std::string &prefix);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_CHECKPOINT_MANAGER_H
