//===- graph_def.h - a minimal GraphDef for the graph dashboard -----------===//
//
// FileWriter::addGraph takes serialized GraphDef bytes, whoever produced them
// (the frontend's exporter, a file on disk). Runtime-only programs (an AOT
// model with no frontend linked, tools, tests) can describe their graph with
// this encoder instead: TensorBoard's graph view needs only each node's name,
// op, inputs and device (FACTS.md section 3.7), and it groups nodes into
// scopes by the "/" in their names ("layer1/MatMul" sits in "layer1").
//
// The decoder reads those four fields back from any GraphDef and skips the
// rest (attrs, library, versions), for tools that print graphs.
//
// Thread-safety: plain values and pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_GRAPH_DEF_H
#define KILN_RUNTIME_SUMMARY_GRAPH_DEF_H

#include "kiln/runtime/io/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::summary {

using io::Status;

/// One NodeDef: inputs are "node", "node:k" or "^node" (control edge).
struct GraphNode {
  std::string name;
  std::string op;
  std::vector<std::string> inputs;
  std::string device;
};

/// Serializes a GraphDef holding `nodes`, in order.
std::string encodeGraphDef(const std::vector<GraphNode> &nodes);

/// Reads the nodes of a serialized GraphDef; DataLoss naming the offset on
/// malformed bytes.
Status parseGraphDefNodes(std::string_view bytes,
                          std::vector<GraphNode> &out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_GRAPH_DEF_H
