//===- meta_graph.h - the `.meta` MetaGraphDef beside a checkpoint --------===//
//
// A TF1 Saver writes `<prefix>.meta`: a serialized MetaGraphDef (no framing)
// that tf.compat.v1.train.import_meta_graph loads to rebuild the graph and
// a Saver for it (FACTS.md section 1.8). kiln writes the minimal valid one:
//
//   meta_info_def (1) { meta_graph_version (1), tags (4),
//                       tensorflow_version (5), tensorflow_git_version (6) }
//   graph_def (2)     the caller's serialized GraphDef, embedded unchanged
//   saver_def (3)     { filename_tensor_name (1), save_tensor_name (2),
//                       restore_op_name (3), max_to_keep (4),
//                       keep_checkpoint_every_n_hours (6), version (7) = V2 }
//
// The SaverDef's names must name nodes of the graph (a TF1 Saver builds them
// under scope "save"); restoring through them is then Saver.restore.
// collection_def, signature_def and any_info are not written.
//
// Thread-safe: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_META_GRAPH_H
#define KILN_RUNTIME_CHECKPOINT_META_GRAPH_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::checkpoint {

/// SaverDef with TF1 tf.train.Saver's defaults.
struct SaverDefSpec {
  std::string filenameTensorName = "save/Const:0";
  std::string saveTensorName = "save/control_dependency:0";
  std::string restoreOpName = "save/restore_all";
  int32_t maxToKeep = 5;
  float keepCheckpointEveryNHours = 10000.0f;
  /// CheckpointFormatVersion: 2 = V2.
  int32_t version = 2;
};

struct MetaGraphSpec {
  std::string metaGraphVersion;
  std::vector<std::string> tags;
  std::string tensorflowVersion;
  std::string tensorflowGitVersion;
  SaverDefSpec saver;
  /// False writes no saver_def (a graph that is only to be imported).
  bool hasSaver = true;
};

/// The serialized MetaGraphDef wrapping `graphDef` (serialized GraphDef).
std::string encodeMetaGraphDef(std::string_view graphDef,
                               const MetaGraphSpec &spec);

/// Writes `<prefix>.meta` atomically.
io::Status writeMetaGraph(const std::string &prefix, std::string_view graphDef,
                          const MetaGraphSpec &spec);

/// The GraphDef and SaverDef of a serialized MetaGraphDef (e.g. one
/// TensorFlow wrote); errors name `fileName`.
io::Status decodeMetaGraphDef(std::string_view bytes, const std::string &fileName,
                              std::string &graphDef, SaverDefSpec &saver,
                              bool &hasSaver);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_META_GRAPH_H
