//===- MetaGraph.h - what tf.train.Saver exports beside a checkpoint -*- C++
//-*-===//
//
// A `.meta` that TensorFlow restores: import_meta_graph(...) then
// saver.restore(sess, prefix), or a fresh tf.compat.v1.train.Saver(). It
// holds the graph with TensorFlow's gradient ops (TensorFlowGradients.h)
// and the save/ subgraph tf.train.Saver builds for V2 checkpoints
// (save/Const the file name, save/SaveV2 with save/control_dependency, one
// save/Assign per variable from save/RestoreV2, save/restore_all), the
// SaverDef naming them, and the `variables`, `trainable_variables` and
// `train_op` collections (VariableDefs as TF1 writes them for VariableV2).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_GRAPHAPI_METAGRAPH_H
#define KILN_FRONTENDS_GRAPHAPI_METAGRAPH_H

#include "frontends/GraphAPI/Graph.h"
#include "frontends/TFGraph/proto/meta_graph.pb.h"

namespace kiln::graph {

struct MetaGraphOptions {
  /// Nodes in the `train_op` collection (what tf.train.Saver users fetch
  /// to train after import_meta_graph).
  std::vector<std::string> trainOps;
  /// The SaverDef's max_to_keep.
  int32_t maxToKeep = 5;
};

/// The MetaGraphDef of `g` with a saver over every global variable.
Status buildMetaGraphDef(const Graph &g, const MetaGraphOptions &options,
                         tensorflow::MetaGraphDef &out);

} // namespace kiln::graph

#endif // KILN_FRONTENDS_GRAPHAPI_METAGRAPH_H
