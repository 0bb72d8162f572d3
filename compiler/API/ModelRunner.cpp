//===- ModelRunner.cpp - load, specialize, JIT-compile and run a model ----===//

#include "compiler/API/ModelRunner.h"

#include "compiler/API/ErrorCollector.h"
#include "compiler/API/Registration.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln {

namespace {

func::FuncOp entryFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  func::FuncOp only;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (only)
      return nullptr;
    only = func;
  }
  return only;
}

std::string describe(const runtime::HostTensor &tensor) {
  std::string text = runtime::dtypeName(tensor.dtype);
  text += "[";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    text += (i ? "," : "") + std::to_string(tensor.shape[i]);
  return text + "]";
}

} // namespace

std::string entryFunctionName(ModuleOp module) {
  func::FuncOp func = entryFunction(module);
  return func ? func.getSymName().str() : "";
}

void prepareContext(MLIRContext &ctx) {
  DialectRegistry registry;
  registerAllKilnDialects(registry);
  ctx.appendDialectRegistry(registry);
}

StatusOr<OwningOpRef<ModuleOp>>
importModelBuffer(const llvm::MemoryBuffer &buffer,
                  const ImportOptions &options, MLIRContext &ctx) {
  prepareContext(ctx);
  registerAllKilnFrontends();
  llvm::StringRef name = buffer.getBufferIdentifier();
  ErrorCollector errors(&ctx, /*withFileLocations=*/true);
  OwningOpRef<ModuleOp> module = importModel(buffer, options, &ctx);
  if (!module)
    return invalidArgument(errors.messages.empty()
                               ? name.str() + ": cannot load the model"
                               : errors.messages);
  if (!entryFunction(*module))
    return invalidArgument(name.str() +
                           ": no function \"main\" and not exactly one "
                           "function");
  return std::move(module);
}

StatusOr<OwningOpRef<ModuleOp>> loadModel(const std::string &path,
                                          const ImportOptions &options,
                                          MLIRContext &ctx) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return notFound(path + ": cannot open the file");
  return importModelBuffer(**buffer, options, ctx);
}

StatusOr<OwningOpRef<ModuleOp>>
loadModel(const std::string &path, const std::vector<std::string> &feeds,
          const std::vector<std::string> &fetches, MLIRContext &ctx,
          const std::map<std::string, std::vector<int64_t>> &feedShapes) {
  ImportOptions options;
  options.feeds = feeds;
  options.fetches = fetches;
  options.feedShapes = feedShapes;
  return loadModel(path, options, ctx);
}

Status specializeToFeeds(ModuleOp module,
                         const std::vector<NamedTensor> &feeds) {
  func::FuncOp func = entryFunction(module);
  MLIRContext *ctx = module.getContext();
  SmallVector<Type> argTypes(func.getArgumentTypes());
  std::vector<bool> fed(feeds.size(), false);
  for (auto [index, type] : llvm::enumerate(argTypes)) {
    std::string name = "arg" + std::to_string(index);
    if (auto feed = getFeedName(func, index))
      name = feed.str();
    auto match = llvm::find_if(feeds, [&](const NamedTensor &f) {
      return f.name == name || f.name + ":0" == name;
    });
    if (match == feeds.end())
      return invalidArgument("no value fed for '" + name + "'");
    fed[match - feeds.begin()] = true;
    auto declared = cast<RankedTensorType>(type);
    auto actual = RankedTensorType::get(match->tensor.shape,
                                        fromRuntimeDType(match->tensor.dtype, ctx));
    if (std::optional<std::string> tooLarge = tensorSizeError(actual))
      return invalidArgument("feed '" + name + "' is a tensor " + *tooLarge);
    bool compatible = declared.getElementType() == actual.getElementType() &&
                      declared.getRank() == actual.getRank();
    for (int64_t d = 0; compatible && d < declared.getRank(); ++d)
      compatible = declared.isDynamicDim(d) ||
                   declared.getDimSize(d) == actual.getDimSize(d);
    if (!compatible) {
      std::string expected;
      llvm::raw_string_ostream os(expected);
      os << declared;
      return invalidArgument("feed '" + name + "' expects " + expected +
                             ", got " + describe(match->tensor));
    }
    argTypes[index] = actual;
  }
  for (size_t i = 0; i < feeds.size(); ++i)
    if (!fed[i])
      return invalidArgument("'" + feeds[i].name +
                             "' is not an input of the model");
  Block &entry = func.getBody().front();
  for (auto [arg, type] : llvm::zip(entry.getArguments(), argTypes))
    arg.setType(type);
  func.setFunctionType(FunctionType::get(ctx, argTypes, func.getResultTypes()));

  ErrorCollector errors(ctx, /*withFileLocations=*/true);
  PassManager pm(ctx);
  // Shapes first: until they are refined, ops whose result must equal
  // their operand's type (relu, softmax) do not verify.
  pm.addPass(createInferShapesPass());
  buildImportCleanupPipeline(pm);
  // Shapes the feeds fixed can make tensors no machine holds (a reshape
  // of two huge dimensions into one).
  if (failed(pm.run(module)) || failed(checkTensorSizes(module)))
    return invalidArgument(errors.messages.empty() ? "shape inference failed"
                                                   : errors.messages);
  return Status();
}

std::vector<std::string>
resultFetches(const std::vector<std::string> &fetches) {
  std::vector<std::string> results;
  for (const std::string &fetch : fetches)
    if (fetch.empty() || fetch[0] != '^')
      results.push_back(fetch);
  return results;
}

StatusOr<std::unique_ptr<JitExecutable>>
compileModel(ModuleOp module, const CompileOptions &options,
             const std::vector<std::string> &resultNames) {
  return JitExecutable::compile(module, entryFunctionName(module), options,
                                resultNames);
}

Status runModel(JitExecutable &executable,
                const std::vector<NamedTensor> &feeds,
                std::vector<runtime::HostTensor> &outputs,
                VariableStore *variables) {
  std::vector<const void *> inputs;
  if (variables &&
      llvm::any_of(executable.inputs(),
                   [](const TensorSignature &input) { return input.variable; }))
    KILN_RETURN_IF_ERROR(variables->useDevice(executable.device()));
  for (const TensorSignature &signature : executable.inputs()) {
    if (signature.variable) {
      if (!variables)
        return Status(StatusCode::FailedPrecondition,
                      "the step uses variable '" + signature.name +
                          "', which needs a variable store (kiln-run --init "
                          "NODE)");
      StatusOr<void *> storage = variables->bind(signature);
      if (!storage.ok())
        return storage.status();
      inputs.push_back(*storage);
      continue;
    }
    auto match = llvm::find_if(feeds, [&](const NamedTensor &f) {
      return f.name == signature.name || f.name + ":0" == signature.name;
    });
    if (match == feeds.end())
      return invalidArgument("no value fed for '" + signature.name + "'");
    if (match->tensor.dtype != signature.dtype ||
        match->tensor.shape != signature.shape)
      return invalidArgument("feed '" + signature.name +
                             "' changed shape or dtype");
    inputs.push_back(match->tensor.data.data());
  }
  return executable.run(inputs, outputs);
}

} // namespace kiln
