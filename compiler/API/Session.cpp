//===- Session.cpp - tf.Session-style JIT over a graph --------------------===//

#include "compiler/API/Session.h"

#include "compiler/API/ErrorCollector.h"
#include "frontends/TFGraph/GraphDefImporter.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace kiln {

/// One compiled signature: the executable and where each fed tensor goes.
struct Session::Compiled {
  MLIRContext context;
  std::unique_ptr<JitExecutable> executable;
  std::vector<size_t> feedOrder; // executable input i <- feeds[feedOrder[i]]
  /// Executable input i <- variableStorage[i] for variable inputs (bound on
  /// the first run), null for feeds.
  std::vector<runtime::HostTensor *> variableStorage;
  bool variablesBound = false;
};

Session::Session(tensorflow::GraphDef graph) : graph_(std::move(graph)) {}
Session::~Session() = default;

namespace {

/// Feeds (names, dtypes, shapes) and fetches, in call order.
std::string signatureKey(const std::vector<NamedTensor> &feeds,
                         const std::vector<std::string> &fetches) {
  std::string key;
  for (const NamedTensor &feed : feeds) {
    key += feed.name + "|" + runtime::dtypeName(feed.tensor.dtype);
    for (int64_t dim : feed.tensor.shape)
      key += "," + std::to_string(dim);
    key += ";";
  }
  key += "->";
  for (const std::string &fetch : fetches)
    key += fetch + ";";
  return key;
}

} // namespace

bool Session::run(const std::vector<NamedTensor> &feeds,
                  const std::vector<std::string> &fetches,
                  std::vector<runtime::HostTensor> &outputs,
                  std::string &error) {
  std::string key = signatureKey(feeds, fetches);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    auto compiled = std::make_unique<Compiled>();
    MLIRContext &ctx = compiled->context;
    prepareContext(ctx);
    tfgraph::GraphImportOptions options;
    for (const NamedTensor &feed : feeds) {
      options.feeds.push_back(feed.name);
      options.feedShapes[feed.name] = feed.tensor.shape;
    }
    options.fetches = fetches;
    OwningOpRef<ModuleOp> module;
    {
      ErrorCollector errors(&ctx);
      module = tfgraph::importGraphDef(graph_, options, "session graph", &ctx);
      if (!module) {
        error = errors.message("cannot import the session graph");
        return false;
      }
    }
    if (!specializeToFeeds(*module, feeds, error))
      return false;
    compiled->executable = compileModel(*module, error);
    if (!compiled->executable)
      return false;
    for (const TensorSignature &input : compiled->executable->inputs()) {
      size_t position = 0;
      while (!input.variable && position < feeds.size() &&
             feeds[position].name != input.name)
        ++position;
      compiled->feedOrder.push_back(position);
    }
    compiled->variableStorage.assign(compiled->executable->inputs().size(),
                                     nullptr);
    it = cache_.emplace(key, std::move(compiled)).first;
  }
  // The cached path: no MLIR, only buffer plumbing and the call.
  Compiled &compiled = *it->second;
  if (!compiled.variablesBound && !bindVariables(compiled, error))
    return false;
  last_ = compiled.executable.get();
  std::vector<const void *> inputs;
  for (size_t i = 0; i < compiled.feedOrder.size(); ++i)
    inputs.push_back(compiled.variableStorage[i]
                         ? compiled.variableStorage[i]->data.data()
                         : feeds[compiled.feedOrder[i]].tensor.data.data());
  return compiled.executable->run(inputs, outputs, error);
}

bool Session::bindVariables(Compiled &compiled, std::string &error) {
  const std::vector<TensorSignature> &inputs = compiled.executable->inputs();
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].variable &&
        !(compiled.variableStorage[i] = variables_.bind(inputs[i], error)))
      return false;
  compiled.variablesBound = true;
  return true;
}

const runtime::HostTensor *Session::variable(const std::string &name) const {
  return variables_.find(name);
}

} // namespace kiln
