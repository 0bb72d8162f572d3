//===- checkpoint_state.h - the `checkpoint` file of a checkpoint dir -----===//
//
// TensorFlow finds the newest checkpoint of a directory through a text-format
// CheckpointState in `<dir>/checkpoint` (FACTS.md section 2.7):
//
//   model_checkpoint_path: "model.ckpt-200"
//   all_model_checkpoint_paths: "model.ckpt-100"
//   all_model_checkpoint_paths: "model.ckpt-200"
//   all_model_checkpoint_timestamps: 1700000000.5
//   all_model_checkpoint_timestamps: 1700000100.25
//   last_preserved_timestamp: 1699999990
//
// kiln writes it atomically (write aside, sync, rename) and reads the text
// format leniently (either quote style, C escapes, comments, unknown fields
// skipped), as tf.train.latest_checkpoint does. Relative paths are resolved
// against the directory.
//
// Thread-safety: pure functions; concurrent writers of one directory must be
// serialized by the caller (the last rename wins).
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_CHECKPOINT_STATE_H
#define KILN_RUNTIME_CHECKPOINT_CHECKPOINT_STATE_H

#include "kiln/runtime/io/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::checkpoint {

/// The state file's default name.
constexpr const char *kCheckpointStateFile = "checkpoint";

struct CheckpointState {
  /// The newest checkpoint's prefix.
  std::string modelCheckpointPath;
  /// Kept prefixes, oldest first; the last is the newest.
  std::vector<std::string> allModelCheckpointPaths;
  /// Seconds since the epoch, one per kept path (may be empty).
  std::vector<double> allModelCheckpointTimestamps;
  double lastPreservedTimestamp = 0;
};

/// The text format TensorFlow's text_format.MessageToString produces.
std::string formatCheckpointState(const CheckpointState &state);
/// Parses the text; `fileName` is what errors mention.
io::Status parseCheckpointState(std::string_view text, const std::string &fileName,
                                CheckpointState &out);

/// Writes `<directory>/<fileName>` atomically.
io::Status writeCheckpointState(const std::string &directory,
                                const CheckpointState &state,
                                const std::string &fileName = kCheckpointStateFile);
/// Reads `<directory>/<fileName>`; NotFound when there is none.
io::Status readCheckpointState(const std::string &directory, CheckpointState &out,
                               const std::string &fileName = kCheckpointStateFile);

/// `path` joined to `directory` unless it is absolute or has a scheme.
std::string resolveCheckpointPath(const std::string &directory,
                                  const std::string &path);

/// The newest checkpoint prefix of `directory` (resolved), as
/// tf.train.latest_checkpoint: NotFound when there is no state file, or
/// when the checkpoint it names has no index file.
io::Status latestCheckpoint(const std::string &directory, std::string &prefix,
                            const std::string &fileName = kCheckpointStateFile);

/// What Saver.restore takes: `path` itself when it is a prefix, or the
/// latest checkpoint when it is a directory; NotFound "no checkpoint in
/// DIR" when the directory has none.
io::Status checkpointToRestore(const std::string &path, std::string &prefix);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_CHECKPOINT_STATE_H
