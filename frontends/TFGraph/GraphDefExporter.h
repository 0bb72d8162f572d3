//===- GraphDefExporter.h - kiln IR -> TensorFlow GraphDef ------*- C++ -*-===//
//
// Writes one function of a kiln module as a TF1-style GraphDef that
// TensorFlow's tf.import_graph_def and TensorBoard's graph view accept:
// arguments become Placeholders, kiln.variable symbols VariableV2 nodes
// (read through Identity "<name>/read" nodes, as TF1 does), and attribute
// operands TensorFlow takes as tensors (axes, shapes, perms) Const nodes.
// Node names come from the ops' NameLoc locations when the module was
// imported, so import -> export keeps TensorFlow's names.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_GRAPHDEFEXPORTER_H
#define KILN_FRONTENDS_TFGRAPH_GRAPHDEFEXPORTER_H

#include "frontends/TFGraph/proto/graph.pb.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln::tfgraph {

/// Exports the function named `functionName` (or the only function) of
/// `module`. Fails with an error at the offending op.
mlir::FailureOr<tensorflow::GraphDef>
exportGraphDef(mlir::ModuleOp module, llvm::StringRef functionName = "");

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_GRAPHDEFEXPORTER_H
