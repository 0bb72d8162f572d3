//===- GraphDefImporter.h - TensorFlow GraphDef -> kiln IR ------*- C++ -*-===//
//
// Turns a GraphDef into a module with one function: its arguments are the
// feeds, its results the fetches, and it holds only the nodes the fetches
// need (as a TensorFlow session prunes). Variables become kiln.variable
// symbols. Every failure is one error naming the file and the node (and the
// op, for unknown ops); nothing aborts.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_GRAPHDEFIMPORTER_H
#define KILN_FRONTENDS_TFGRAPH_GRAPHDEFIMPORTER_H

#include "frontends/TFGraph/proto/graph.pb.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace kiln::tfgraph {

struct GraphImportOptions {
  /// Tensors that become function arguments: "node" or "node:k". Empty means
  /// every Placeholder the fetches depend on.
  std::vector<std::string> feeds;
  /// Tensors that become function results. "^node" names a target that runs
  /// for its effects and returns nothing (as does any node without
  /// outputs, e.g. NoOp). Empty means every node output no node consumes.
  std::vector<std::string> fetches;
  /// Name of the generated function.
  std::string functionName = "main";
  /// Concrete shapes for feeds (by feed name), refining the placeholders'
  /// declared ones at import, so shape computations on fed tensors (the
  /// Shape -> BroadcastGradientArgs chains TensorFlow's gradients write)
  /// fold to constants. A shape that contradicts the declared one is left
  /// out (feed specialization reports it).
  std::map<std::string, std::vector<int64_t>> feedShapes;
};

/// Parses a binary GraphDef, or a text one when the name ends in ".pbtxt"
/// or the bytes do not parse as binary. Errors name `buffer`'s identifier.
mlir::FailureOr<tensorflow::GraphDef>
parseGraphDef(const llvm::MemoryBuffer &buffer, mlir::MLIRContext *ctx);

/// Imports `graph`; `fileName` appears in error locations and messages.
mlir::OwningOpRef<mlir::ModuleOp>
importGraphDef(const tensorflow::GraphDef &graph,
               const GraphImportOptions &options, llvm::StringRef fileName,
               mlir::MLIRContext *ctx);

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_GRAPHDEFIMPORTER_H
