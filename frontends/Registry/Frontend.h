//===- Frontend.h - model formats that import into kiln IR ------*- C++ -*-===//
//
// A frontend turns one model format (TensorFlow GraphDef, kiln's own MLIR,
// ONNX next) into a kiln module with one step function: its arguments are
// the feeds, its results the fetches. Frontends register once at start-up
// (`registerAllKilnFrontends()` in compiler/API/Registration.h); tools and
// sessions then import any model file through `importModel`, which asks
// every frontend how surely it recognizes the file's bytes and lets the
// surest one import it. The content decides; the file name is only a hint
// for files too short or too damaged to recognize.
//
// Register before any thread imports; imports are thread-safe afterwards
// (each into its own MLIRContext).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_REGISTRY_FRONTEND_H
#define KILN_FRONTENDS_REGISTRY_FRONTEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace kiln {

/// What to import: which tensors are fed and fetched, and the feeds'
/// concrete shapes when they are known at import.
struct ImportOptions {
  /// Tensors that become function arguments ("node" or "node:k"). Empty
  /// means every input the fetches depend on.
  std::vector<std::string> feeds;
  /// Tensors that become function results. "^node" names a target that
  /// runs for its effects and returns nothing. Empty means every output no
  /// node consumes.
  std::vector<std::string> fetches;
  /// Name of the generated function.
  std::string functionName = "main";
  /// Concrete shapes for feeds (by feed name), refining declared ones so
  /// shape computations on fed tensors fold at import. A frontend may
  /// ignore them (feed specialization applies them later).
  std::map<std::string, std::vector<int64_t>> feedShapes;
  /// Import the weights a model stores as constants (ONNX's float
  /// initializers of rank 1 or more that the graph computes with) as
  /// trainable variables, each carrying its stored value as
  /// `kiln.initial_value`, so the model can be fine-tuned. Frontends
  /// whose models declare variables themselves ignore it.
  bool weightsAsVariables = false;
};

class Frontend {
public:
  virtual ~Frontend();

  /// A short name ("tensorflow-graphdef").
  virtual llvm::StringRef name() const = 0;

  /// How surely `contents` (read from `path`) is this frontend's format:
  /// 0 not at all; kRecognizedByContent when the bytes say so;
  /// kSuggestedByName when only the file name does.
  virtual int claim(llvm::StringRef path, llvm::StringRef contents) const = 0;
  static constexpr int kRecognizedByContent = 100;
  static constexpr int kSuggestedByName = 10;

  /// Imports `buffer` (named by its identifier in errors). Reports every
  /// failure as an error diagnostic in `ctx` naming the file (and node)
  /// and returns null.
  virtual mlir::OwningOpRef<mlir::ModuleOp>
  import(const llvm::MemoryBuffer &buffer, const ImportOptions &options,
         mlir::MLIRContext *ctx) const = 0;
};

/// Adds a frontend; one with a name already registered is dropped.
void registerFrontend(std::unique_ptr<Frontend> frontend);

/// The frontend that claims `buffer` most surely, or null with a
/// diagnostic naming the file and the registered formats.
const Frontend *selectFrontend(const llvm::MemoryBuffer &buffer,
                               mlir::MLIRContext *ctx);

/// Imports `buffer` with the frontend that claims it. Errors are
/// diagnostics in `ctx`; null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importModel(const llvm::MemoryBuffer &buffer,
                                              const ImportOptions &options,
                                              mlir::MLIRContext *ctx);

/// Why a value of `type` cannot exist (a ranked tensor whose byte size
/// exceeds kMaxTensorBytes of kiln/runtime/checked_size.h, or wraps), or
/// nothing. Dynamic dimensions count as 1.
std::optional<std::string> tensorSizeError(mlir::Type type);

/// Fails with an error at the first op or block argument of `module` whose
/// tensor type tensorSizeError refuses. importModel runs it on every model.
mlir::LogicalResult checkTensorSizes(mlir::ModuleOp module);

/// Verifies the ops of `block` after `after` (all of them when null), so
/// that a frontend reports a violated rule against the node that made the
/// ops rather than from the module verifier at the end; a result tensor
/// too large to hold (tensorSizeError) counts as a violation. Returns the
/// first message, or nothing when they verify.
std::optional<std::string> verifyOpsAfter(mlir::Block &block,
                                          mlir::Operation *after);

/// Whether `contents` looks like text (no NUL or other control bytes
/// outside whitespace in its first kilobytes), for frontends that tell
/// their text and binary forms apart.
bool looksLikeText(llvm::StringRef contents);

/// The first line of text `contents` that is neither blank nor a comment
/// starting with `commentPrefix`, trimmed; empty when there is none. What
/// a frontend recognizes a text format by.
llvm::StringRef firstStatement(llvm::StringRef contents,
                               llvm::StringRef commentPrefix);

} // namespace kiln

#endif // KILN_FRONTENDS_REGISTRY_FRONTEND_H
