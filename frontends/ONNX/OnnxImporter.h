//===- OnnxImporter.h - ONNX ModelProto -> kiln IR --------------*- C++ -*-===//
//
// Imports an ONNX model into a kiln module with one step function. The
// graph's inputs that no initializer backs become the feeds (an input an
// initializer also backs is a constant unless fed by name), its outputs
// the fetches; initializers become kiln.constant ops where they are
// used. `dim_param` dimensions stay dynamic until a feed fixes them, and
// value_info shapes are checked against kiln's inference. Nodes of the
// default domain convert by op type and the model's opset (7 to 25).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
#define KILN_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "frontends/ONNX/proto/onnx.pb.h"
#include "frontends/Registry/Frontend.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class MemoryBuffer;
class raw_ostream;
} // namespace llvm

namespace kiln::onnximport {

/// Parses a binary ModelProto; an error diagnostic in `ctx` naming the
/// file when it is not one.
mlir::FailureOr<onnx::ModelProto> parseModel(const llvm::MemoryBuffer &buffer,
                                             mlir::MLIRContext *ctx);

/// Imports `model`, read from `fileName` (which names it in errors and
/// locates external data). Null after an error diagnostic.
mlir::OwningOpRef<mlir::ModuleOp> importModel(const onnx::ModelProto &model,
                                              const ImportOptions &options,
                                              llvm::StringRef fileName,
                                              mlir::MLIRContext *ctx);

/// Registers the "onnx" frontend (frontends/Registry/Frontend.h).
void registerOnnxFrontend();

/// Registers `kiln-translate --import-onnx`.
void registerOnnxTranslations();

/// Writes the ONNX op types kiln converts, one Markdown list item each
/// with the opset versions its converters start at (the README's table).
void printOnnxOpTable(llvm::raw_ostream &os);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
