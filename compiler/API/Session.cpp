//===- Session.cpp - tf.Session-style JIT over a graph --------------------===//

#include "compiler/API/Session.h"

#include "compiler/API/ErrorCollector.h"
#include "compiler/API/ReductionThread.h"
#include "compiler/API/SessionSplitPlan.h"
#include "frontends/TFGraph/GraphDefImporter.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace kiln {

/// One compiled signature: the executable and where each fed tensor goes.
struct Session::Compiled {
  MLIRContext context;
  std::unique_ptr<JitExecutable> executable;
  std::vector<size_t> feedOrder; // executable input i <- feeds[feedOrder[i]]
  /// Executable input i <- variableStorage[i] for variable inputs (bound on
  /// the first run), null for feeds.
  std::vector<void *> variableStorage;
  /// Set once bound, under the exclusive cache lock; runs read it under
  /// the shared one.
  bool variablesBound = false;
};

Session::Session(tensorflow::GraphDef graph, SessionOptions options)
    : options_(std::move(options)) {
  auto shared = std::make_shared<const tensorflow::GraphDef>(std::move(graph));
  graph_ = shared;
  splits_ = options_.communicator && options_.communicator->size() > 1;
  import_ = [shared](const ImportOptions &options,
                     MLIRContext &ctx) -> StatusOr<OwningOpRef<ModuleOp>> {
    prepareContext(ctx);
    ErrorCollector errors(&ctx);
    auto module = tfgraph::importGraphDef(*shared, options, "session graph", &ctx);
    if (!module)
      return invalidArgument(errors.message("cannot import the session graph"));
    return std::move(module);
  };
}

Session::Session(std::unique_ptr<llvm::MemoryBuffer> model,
                 SessionOptions options)
    : options_(std::move(options)) {
  std::shared_ptr<const llvm::MemoryBuffer> shared = std::move(model);
  import_ = [shared](const ImportOptions &options, MLIRContext &ctx) {
    return importModelBuffer(*shared, options, ctx);
  };
}

Session::Session(ModuleOp module, SessionOptions options)
    : options_(std::move(options)) {
  // Each signature compiles in its own context, so the session keeps the
  // module as text (with locations, which name ops in diagnostics and
  // placement logs) and parses it anew.
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, OpPrintingFlags().enableDebugInfo());
  std::shared_ptr<const llvm::MemoryBuffer> shared =
      llvm::MemoryBuffer::getMemBufferCopy(text, "session module");
  import_ = [shared](const ImportOptions &options, MLIRContext &ctx) {
    return importModelBuffer(*shared, options, ctx);
  };
}

StatusOr<std::unique_ptr<Session>> Session::open(const std::string &path,
                                                 SessionOptions options) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return notFound(path + ": cannot open the file");
  return std::make_unique<Session>(std::move(*buffer), std::move(options));
}
Session::~Session() = default;

namespace {

// What a run needs of a feed, for owned tensors and views alike.
const std::string &nameOf(const NamedTensor &feed) { return feed.name; }
const std::string &nameOf(const TensorView &feed) { return feed.name; }
runtime::DType dtypeOf(const NamedTensor &feed) { return feed.tensor.dtype; }
runtime::DType dtypeOf(const TensorView &feed) { return feed.dtype; }
const std::vector<int64_t> &shapeOf(const NamedTensor &feed) {
  return feed.tensor.shape;
}
const std::vector<int64_t> &shapeOf(const TensorView &feed) {
  return feed.shape;
}
const void *dataOf(const NamedTensor &feed) { return feed.tensor.data.data(); }
const void *dataOf(const TensorView &feed) { return feed.data; }

/// Feeds (names, dtypes, shapes) and fetches, in call order.
template <typename Feed>
std::string signatureKey(const std::vector<Feed> &feeds,
                         const std::vector<std::string> &fetches) {
  std::string key;
  for (const Feed &feed : feeds) {
    key += nameOf(feed) + "|" + runtime::dtypeName(dtypeOf(feed));
    for (int64_t dim : shapeOf(feed))
      key += "," + std::to_string(dim);
    key += ";";
  }
  key += "->";
  for (const std::string &fetch : fetches)
    key += fetch + ";";
  return key;
}

} // namespace

std::string feedSignatureKey(const std::vector<TensorView> &feeds) {
  return signatureKey(feeds, {});
}

Status Session::run(const std::vector<NamedTensor> &feeds,
                    const std::vector<std::string> &fetches,
                    std::vector<runtime::HostTensor> &outputs) {
  return runFeeds(feeds, fetches, outputs);
}

Status Session::runViews(const std::vector<TensorView> &feeds,
                         const std::vector<std::string> &fetches,
                         std::vector<runtime::HostTensor> &outputs) {
  return runFeeds(feeds, fetches, outputs);
}

template <typename Feed>
Status Session::runFeeds(const std::vector<Feed> &feeds,
                         const std::vector<std::string> &fetches,
                         std::vector<runtime::HostTensor> &outputs) {
  // Only sessions of a data-parallel job pay for the plan lookup.
  if (splits_) {
    std::lock_guard<std::mutex> lock(splitMutex_);
    if (SplitPlan *plan = splitPlanFor(fetches))
      return runSplit(*plan, feeds, outputs);
  }
  return runCompiled(feeds, fetches, outputs);
}

template <typename Feed>
Status Session::runCompiled(const std::vector<Feed> &feeds,
                            const std::vector<std::string> &fetches,
                            std::vector<runtime::HostTensor> &outputs) {
  std::string key = signatureKey(feeds, fetches);
  Compiled *compiled = nullptr;
  {
    std::shared_lock<std::shared_mutex> lock(cacheMutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->variablesBound)
      compiled = it->second.get();
  }
  if (!compiled)
    KILN_RETURN_IF_ERROR(compileSignature(key, feeds, fetches, compiled));
  // The cached path: no MLIR, only buffer plumbing and the call.
  last_.store(compiled->executable.get(), std::memory_order_relaxed);
  std::vector<const void *> inputs;
  for (size_t i = 0; i < compiled->feedOrder.size(); ++i)
    inputs.push_back(compiled->variableStorage[i]
                         ? compiled->variableStorage[i]
                         : dataOf(feeds[compiled->feedOrder[i]]));
  return compiled->executable->run(inputs, outputs);
}

template <typename Feed>
Status Session::compileSignature(const std::string &key,
                                 const std::vector<Feed> &feeds,
                                 const std::vector<std::string> &fetches,
                                 Compiled *&out) {
  std::unique_lock<std::shared_mutex> lock(cacheMutex_);
  // Another thread may have compiled the signature since the lookup.
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    auto compiled = std::make_unique<Compiled>();
    MLIRContext &ctx = compiled->context;
    ImportOptions options;
    // Compiling needs the feeds' names, dtypes and shapes, not their data.
    std::vector<NamedTensor> signatures;
    for (const Feed &feed : feeds) {
      options.feeds.push_back(nameOf(feed));
      options.feedShapes[nameOf(feed)] = shapeOf(feed);
      signatures.push_back({nameOf(feed), {dtypeOf(feed), shapeOf(feed), {}}});
    }
    options.fetches = fetches;
    StatusOr<OwningOpRef<ModuleOp>> module = import_(options, ctx);
    if (!module.ok())
      return module.status();
    KILN_RETURN_IF_ERROR(specializeToFeeds(**module, signatures));
    StatusOr<std::unique_ptr<JitExecutable>> executable =
        compileModel(**module, options_.compile, resultFetches(fetches));
    if (!executable.ok())
      return executable.status();
    compiled->executable = std::move(*executable);
    for (const TensorSignature &input : compiled->executable->inputs()) {
      size_t position = 0;
      while (!input.variable && position < feeds.size() &&
             nameOf(feeds[position]) != input.name)
        ++position;
      compiled->feedOrder.push_back(position);
    }
    compiled->variableStorage.assign(compiled->executable->inputs().size(),
                                     nullptr);
    it = cache_.emplace(key, std::move(compiled)).first;
  }
  // Binding waits for the variables: a step that reads one no step has
  // assigned yet fails until an initializer ran.
  if (!it->second->variablesBound)
    KILN_RETURN_IF_ERROR(bindVariables(*it->second));
  out = it->second.get();
  return Status();
}

// The split steps of SessionAllReduce.cpp run their halves on views.
template Status Session::runCompiled(const std::vector<TensorView> &,
                                     const std::vector<std::string> &,
                                     std::vector<runtime::HostTensor> &);

Status Session::bindVariables(Compiled &compiled) {
  KILN_RETURN_IF_ERROR(
      bindVariableInputs(*compiled.executable, compiled.variableStorage));
  compiled.variablesBound = true;
  return Status();
}

Status Session::bindVariableInputs(const JitExecutable &executable,
                                   std::vector<void *> &storage) {
  const std::vector<TensorSignature> &inputs = executable.inputs();
  if (llvm::any_of(inputs,
                   [](const TensorSignature &input) { return input.variable; }))
    KILN_RETURN_IF_ERROR(variables_.useDevice(executable.device()));
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].variable)
      continue;
    StatusOr<void *> bound = variables_.bind(inputs[i]);
    if (!bound.ok())
      return bound.status();
    storage[i] = *bound;
  }
  return Status();
}

size_t Session::compiledSignatures() const {
  std::shared_lock<std::shared_mutex> lock(cacheMutex_);
  return cache_.size();
}

const runtime::HostTensor *Session::variable(const std::string &name) const {
  return variables_.find(name);
}

} // namespace kiln
