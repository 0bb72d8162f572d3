//===- ModelRunner.h - load, specialize, JIT-compile and run a model -*- C++ -*-===//
//
// What kiln-run does, as a library: load a GraphDef (.pb/.pbtxt) or a kiln
// module (.mlir), give the feeds the shapes of the actual inputs, infer
// every shape from them, compile the step with the JIT and run it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_MODELRUNNER_H
#define KILN_COMPILER_API_MODELRUNNER_H

#include "compiler/API/JitExecutable.h"
#include "compiler/API/VariableStore.h"
#include "frontends/Registry/Frontend.h"
#include "kiln/runtime/npy.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

struct NamedTensor {
  std::string name;
  runtime::HostTensor tensor;
};

/// Makes kiln's dialects and their external interface models available in
/// `ctx` (what every compile needs before importing or parsing).
void prepareContext(mlir::MLIRContext &ctx);

/// Imports `buffer` with the registered frontend that recognizes it
/// (frontends/Registry/Frontend.h): a GraphDef imported with the options'
/// feeds and fetches, or a kiln .mlir module whose function "main" (or only
/// function) is used as is. Errors name the buffer's identifier.
StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
importModelBuffer(const llvm::MemoryBuffer &buffer,
                  const ImportOptions &options, mlir::MLIRContext &ctx);

/// Reads `path` and imports it as importModelBuffer does.
StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
loadModel(const std::string &path, const ImportOptions &options,
          mlir::MLIRContext &ctx);
StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
loadModel(const std::string &path, const std::vector<std::string> &feeds,
          const std::vector<std::string> &fetches, mlir::MLIRContext &ctx,
          const std::map<std::string, std::vector<int64_t>> &feedShapes = {});

/// Sets the entry function's argument types to the feeds' concrete shapes
/// (matched by the arguments' kiln.feed names, or argN) and infers every
/// other shape. A dtype or rank mismatch is an error naming the feed.
Status specializeToFeeds(mlir::ModuleOp module,
                         const std::vector<NamedTensor> &feeds);

/// The fetches that name results: all but the "^target"s, in order.
std::vector<std::string> resultFetches(const std::vector<std::string> &fetches);

/// Compiles the specialized module; `resultNames` name its results, as
/// JitExecutable::compile takes them.
StatusOr<std::unique_ptr<JitExecutable>>
compileModel(mlir::ModuleOp module, const CompileOptions &options = {},
             const std::vector<std::string> &resultNames = {});

/// Runs once; `outputs` receive one tensor per result (storage from an
/// earlier run is reused). Variables the step uses come from `variables`
/// (a step with variables needs one).
Status runModel(JitExecutable &executable,
                const std::vector<NamedTensor> &feeds,
                std::vector<runtime::HostTensor> &outputs,
                VariableStore *variables = nullptr);

/// The name of the only (or "main") function.
std::string entryFunctionName(mlir::ModuleOp module);

} // namespace kiln

#endif // KILN_COMPILER_API_MODELRUNNER_H
