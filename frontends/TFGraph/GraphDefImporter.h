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

#include "frontends/Registry/Frontend.h"
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

/// Feeds, fetches and feed shapes, as every frontend takes them.
using GraphImportOptions = ImportOptions;

/// Parses a binary GraphDef, or a text one when the name ends in ".pbtxt"
/// or the bytes do not parse as binary. Errors name `buffer`'s identifier.
mlir::FailureOr<tensorflow::GraphDef>
parseGraphDef(const llvm::MemoryBuffer &buffer, mlir::MLIRContext *ctx);

/// Imports `graph`; `fileName` appears in error locations and messages.
/// Unfed Placeholders the fetches need become feeds when `options.feeds`
/// is empty.
mlir::OwningOpRef<mlir::ModuleOp>
importGraphDef(const tensorflow::GraphDef &graph,
               const GraphImportOptions &options, llvm::StringRef fileName,
               mlir::MLIRContext *ctx);

/// Registers the `tensorflow-graphdef` frontend (binary and text
/// GraphDefs) with the frontend registry.
void registerGraphDefFrontend();

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_GRAPHDEFIMPORTER_H
