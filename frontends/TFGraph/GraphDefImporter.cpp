//===- GraphDefImporter.cpp - TensorFlow GraphDef -> kiln IR --------------===//
//
// Import runs in three steps: index the nodes and parse their input lists;
// walk back from the fetches to the feeds (pruning, cycle detection, a
// topological order); convert the surviving nodes in that order into one
// func.func. The per-op work is in OpConverters.cpp.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/GraphDefImporter.h"

#include "frontends/Registry/Frontend.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "frontends/TFGraph/NodeConversion.h"
#include "frontends/TFGraph/TensorConversion.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

using namespace mlir;

namespace kiln::tfgraph {
namespace {

/// "node", "node:k" or "^node" split into its parts.
struct TensorName {
  std::string node;
  int index = 0;
  bool isControl = false;
};

std::optional<TensorName> parseTensorName(llvm::StringRef text) {
  TensorName name;
  if (text.consume_front("^"))
    name.isControl = true;
  auto [node, index] = text.rsplit(':');
  if (!index.empty() && node != text) {
    if (index.getAsInteger(10, name.index) || name.index < 0)
      return std::nullopt;
    text = node;
  }
  if (text.empty())
    return std::nullopt;
  name.node = text.str();
  return name;
}

class TextErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, int column, const std::string &message) override {
    if (first.empty())
      first = "line " + std::to_string(line + 1) + ", column " +
              std::to_string(column + 1) + ": " + message;
  }
  std::string first;
};

class Importer {
public:
  Importer(const tensorflow::GraphDef &graph,
           const GraphImportOptions &options, llvm::StringRef fileName,
           MLIRContext *ctx)
      : graph(graph), options(options), fileName(fileName.str()), ctx(ctx),
        builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult indexNodes();
  LogicalResult checkAcyclic();
  FailureOr<Type> feedElementType(int node, const TensorName &feed);
  LogicalResult checkTypeAttr(int node, const SmallVectorImpl<InputRef> &inputs);
  LogicalResult verifyNewOps(int node, Operation *after);
  /// The Unique whose padded values (UniqueConverter.cpp) the node's
  /// outputs carry on (empty: none); fails naming the Unique when the
  /// node may not use them.
  FailureOr<std::string>
  paddingCarried(int node, const SmallVectorImpl<InputRef> &inputs);
  static std::string paddedMessage(StringRef unique);
  LogicalResult resolveFeedsAndFetches();
  LogicalResult orderNodes();
  LogicalResult visit(int root);
  FailureOr<func::FuncOp> createFunction(ModuleOp module);
  LogicalResult convertNodes(ModuleOp module, func::FuncOp func);
  FailureOr<InputRef> lookup(const TensorName &name, int consumer,
                             StringRef what = "input");

  Location nodeLoc(int node) const {
    return NameLoc::get(StringAttr::get(ctx, graph.node(node).name()),
                        FileLineColLoc::get(ctx, fileName, 0, 0));
  }
  LogicalResult fileError(const Twine &message) const {
    return emitError(FileLineColLoc::get(ctx, fileName, 0, 0))
           << fileName << ": " << message;
  }
  LogicalResult nodeError(int node, const Twine &message) const {
    const auto &def = graph.node(node);
    return emitError(nodeLoc(node)) << fileName << ": node '" << def.name()
                                    << "' (op '" << def.op() << "'): "
                                    << message;
  }

  const tensorflow::GraphDef &graph;
  const GraphImportOptions &options;
  std::string fileName;
  MLIRContext *ctx;
  OpBuilder builder;

  llvm::StringMap<int> nodeIndex;
  std::vector<std::vector<TensorName>> dataInputs, controlInputs;
  std::vector<TensorName> feeds, fetches;
  llvm::StringMap<int> fedNodes; // node name -> position in feeds
  std::vector<int> order;        // topological, pruned
  std::vector<char> state;       // 0 unvisited, 1 on stack, 2 done
  llvm::DenseMap<int, NodeOutputs> outputs;
};

LogicalResult Importer::indexNodes() {
  if (graph.node_size() == 0)
    return fileError("the graph has no nodes");
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &node = graph.node(i);
    if (node.name().empty())
      return fileError("node #" + Twine(i) + " (op '" + node.op() +
                       "') has no name");
    if (!nodeIndex.try_emplace(node.name(), i).second)
      return nodeError(i, "the name is used by another node too");
  }
  dataInputs.resize(graph.node_size());
  controlInputs.resize(graph.node_size());
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const std::string &input : graph.node(i).input()) {
      std::optional<TensorName> name = parseTensorName(input);
      if (!name)
        return nodeError(i, "malformed input '" + input + "'");
      if (!nodeIndex.count(name->node))
        return nodeError(i, "input '" + input + "' names no node in the graph");
      (name->isControl ? controlInputs : dataInputs)[i].push_back(*name);
    }
  }
  return checkAcyclic();
}

LogicalResult Importer::checkAcyclic() {
  // Kahn's algorithm over data and control edges: whatever never becomes
  // ready lies on (or behind) a cycle. TensorFlow refuses such graphs even
  // when the cycle is not needed by any fetch.
  std::vector<int> pending(graph.node_size(), 0);
  std::vector<std::vector<int>> consumers(graph.node_size());
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto *inputs : {&dataInputs[i], &controlInputs[i]})
      for (const TensorName &input : *inputs) {
        ++pending[i];
        consumers[nodeIndex.lookup(input.node)].push_back(i);
      }
  std::vector<int> ready;
  for (int i = 0; i < graph.node_size(); ++i)
    if (pending[i] == 0)
      ready.push_back(i);
  int done = 0;
  while (!ready.empty()) {
    int node = ready.back();
    ready.pop_back();
    ++done;
    for (int consumer : consumers[node])
      if (--pending[consumer] == 0)
        ready.push_back(consumer);
  }
  if (done == graph.node_size())
    return success();
  // Report a node that is on the cycle itself: follow unfinished inputs
  // until one repeats.
  int node = 0;
  while (pending[node] == 0)
    ++node;
  std::vector<char> seen(graph.node_size(), 0);
  while (!seen[node]) {
    seen[node] = 1;
    for (const auto *inputs : {&dataInputs[node], &controlInputs[node]})
      for (const TensorName &input : *inputs)
        if (int producer = nodeIndex.lookup(input.node); pending[producer]) {
          node = producer;
          goto next;
        }
  next:;
  }
  return nodeError(node, "the graph has a cycle through this node");
}

LogicalResult Importer::resolveFeedsAndFetches() {
  auto parseList = [&](const std::vector<std::string> &names, StringRef what,
                       std::vector<TensorName> &out) -> LogicalResult {
    for (const std::string &text : names) {
      std::optional<TensorName> name = parseTensorName(text);
      // "^node" names a target: run for its effects, return nothing.
      if (!name || (name->isControl && what != "fetch"))
        return fileError("malformed " + what + " '" + text + "'");
      if (!nodeIndex.count(name->node))
        return fileError(what + " '" + text + "' names no node in the graph");
      out.push_back(*name);
    }
    return success();
  };
  if (failed(parseList(options.feeds, "feed", feeds)) ||
      failed(parseList(options.fetches, "fetch", fetches)))
    return failure();
  if (fetches.empty()) {
    // Default fetches: the outputs nobody consumes, like the graph's sinks.
    std::vector<bool> consumed(graph.node_size(), false);
    for (const auto &inputs : dataInputs)
      for (const TensorName &input : inputs)
        consumed[nodeIndex.lookup(input.node)] = true;
    for (int i = 0; i < graph.node_size(); ++i)
      if (!consumed[i] && graph.node(i).op() != "NoOp")
        fetches.push_back({graph.node(i).name(), 0, false});
    if (fetches.empty())
      return fileError("no fetches given and the graph has no sink nodes");
  }
  for (auto [position, feed] : llvm::enumerate(feeds)) {
    for (const TensorName &earlier : ArrayRef(feeds).take_front(position))
      if (earlier.node == feed.node && earlier.index == feed.index)
        return fileError("feed '" + options.feeds[position] +
                         "' is given twice");
    const auto &def = graph.node(nodeIndex.lookup(feed.node));
    if (feed.index != 0 && (def.op() == "Placeholder" ||
                            def.op() == "PlaceholderWithDefault"))
      return fileError("feed '" + options.feeds[position] + "' does not "
                       "exist: placeholder '" + feed.node +
                       "' has one output");
    fedNodes.try_emplace(feed.node, position);
  }
  return success();
}

LogicalResult Importer::visit(int root) {
  // Depth-first with an explicit stack: a chain of 100,000s of nodes must
  // not overflow the C++ stack. Post-order, inputs before their consumer,
  // data inputs before control inputs.
  struct Frame {
    int node;
    size_t nextInput;
  };
  SmallVector<Frame> frames;
  auto enter = [&](int node) -> LogicalResult {
    if (state[node] == 2)
      return success();
    if (state[node] == 1)
      return nodeError(node, "the graph has a cycle through this node");
    state[node] = 1;
    frames.push_back({node, 0});
    return success();
  };
  if (failed(enter(root)))
    return failure();
  while (!frames.empty()) {
    int node = frames.back().node;
    const auto &def = graph.node(node);
    // A fed node's inputs are never evaluated, as in a TensorFlow session.
    bool isFed = fedNodes.count(def.name());
    bool isImplicitFeed = options.feeds.empty() && def.op() == "Placeholder";
    size_t dataCount = dataInputs[node].size();
    size_t inputCount =
        isFed || isImplicitFeed ? 0 : dataCount + controlInputs[node].size();
    size_t next = frames.back().nextInput++;
    if (next < inputCount) {
      const TensorName &input = next < dataCount
                                    ? dataInputs[node][next]
                                    : controlInputs[node][next - dataCount];
      if (failed(enter(nodeIndex.lookup(input.node))))
        return failure();
      continue;
    }
    if (isImplicitFeed && !isFed) {
      fedNodes.try_emplace(def.name(), feeds.size());
      feeds.push_back({def.name(), 0, false});
    }
    state[node] = 2;
    order.push_back(node);
    frames.pop_back();
  }
  return success();
}

LogicalResult Importer::orderNodes() {
  state.assign(graph.node_size(), 0);
  for (const TensorName &fetch : fetches)
    if (failed(visit(nodeIndex.lookup(fetch.node))))
      return failure();
  return success();
}

FailureOr<func::FuncOp> Importer::createFunction(ModuleOp module) {
  SmallVector<Type> argTypes;
  for (const TensorName &feed : feeds) {
    int node = nodeIndex.lookup(feed.node);
    NodeContext attrs(graph.node(node), {}, builder, module, nodeLoc(node));
    FailureOr<Type> element = feedElementType(node, feed);
    if (failed(element))
      return failure();
    const tensorflow::TensorShapeProto *shapeProto = nullptr;
    if (const auto *s = attrs.attr("shape"))
      shapeProto = &s->shape();
    else if (const auto *list = attrs.attr("_output_shapes");
             list && feed.index < list->list().shape_size())
      shapeProto = &list->list().shape(feed.index);
    if (!shapeProto)
      return nodeError(node, "cannot feed it: the node has no 'shape' attr");
    for (auto [index, dim] : llvm::enumerate(shapeProto->dim()))
      if (dim.size() < -1)
        return nodeError(node, "dimension " + Twine(index) +
                                   " of its shape is " + Twine(dim.size()) +
                                   "; only -1 means unknown");
    auto dims = convertShape(*shapeProto);
    std::string feedName =
        feed.index == 0 ? feed.node : feed.node + ":" + std::to_string(feed.index);
    auto concrete = options.feedShapes.find(feedName);
    if (concrete != options.feedShapes.end()) {
      const std::vector<int64_t> &shape = concrete->second;
      bool fits = failed(dims) || dims->size() == shape.size();
      for (size_t d = 0; fits && succeeded(dims) && d < shape.size(); ++d)
        fits = (*dims)[d] == ShapedType::kDynamic || (*dims)[d] == shape[d];
      // A shape that does not fit stays unrefined here; specializing to
      // the feeds then reports it with both shapes.
      if (fits)
        dims = SmallVector<int64_t>(shape.begin(), shape.end());
    }
    if (failed(dims))
      return nodeError(node, "cannot feed it: its shape has unknown rank");
    auto type = RankedTensorType::get(*dims, *element);
    if (std::optional<std::string> tooLarge = tensorSizeError(type))
      return nodeError(node, "cannot feed it: a tensor " + *tooLarge);
    argTypes.push_back(type);
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, FileLineColLoc::get(ctx, fileName, 0, 0),
                                   options.functionName,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [position, feed] : llvm::enumerate(feeds))
    setFeedName(func, position,
                feed.index == 0 ? feed.node
                                : feed.node + ":" + std::to_string(feed.index));
  builder.setInsertionPointToStart(entry);
  return func;
}

FailureOr<Type> Importer::feedElementType(int node, const TensorName &feed) {
  NodeContext attrs(graph.node(node), {}, builder, nullptr, nodeLoc(node));
  (void)feed; // every output of the ops kiln feeds has the one dtype
  return outputElementType(attrs);
}

FailureOr<InputRef> Importer::lookup(const TensorName &name, int consumer,
                                     StringRef what) {
  auto it = fedNodes.find(name.node);
  if (it != fedNodes.end()) {
    for (auto [position, feed] : llvm::enumerate(feeds))
      if (feed.node == name.node && feed.index == name.index)
        return InputRef{builder.getBlock()->getParent()->getArgument(position),
                        "", nullptr};
    const auto &def = graph.node(nodeIndex.lookup(name.node));
    if (def.op() == "Placeholder" || def.op() == "PlaceholderWithDefault")
      return nodeError(consumer, what + " '" + name.node + ":" +
                                     Twine(name.index) + "' does not exist: '" +
                                     name.node + "' has one output");
    return nodeError(consumer, "uses output " + Twine(name.index) + " of '" +
                                   name.node + "', which is fed only in part");
  }
  int producer = nodeIndex.lookup(name.node);
  const NodeOutputs &produced = outputs[producer];
  if (name.index >= static_cast<int>(produced.size()))
    return nodeError(consumer, what + " '" + name.node + ":" +
                                   Twine(name.index) + "' does not exist: '" +
                                   name.node + "' has " +
                                   Twine(produced.size()) +
                                   (produced.size() == 1 ? " output" : " outputs"));
  return produced[name.index];
}

LogicalResult Importer::convertNodes(ModuleOp module, func::FuncOp func) {
  for (int node : order) {
    const auto &def = graph.node(node);
    if (fedNodes.count(def.name()))
      continue;
    SmallVector<InputRef> inputs;
    for (const TensorName &input : dataInputs[node]) {
      FailureOr<InputRef> ref = lookup(input, node);
      if (failed(ref))
        return failure();
      inputs.push_back(*ref);
    }
    // An op kiln does not know is reported as such, not by its dtypes.
    if (isKnownOp(def.op()) && failed(checkTypeAttr(node, inputs)))
      return failure();
    FailureOr<std::string> paddedBy = paddingCarried(node, inputs);
    if (failed(paddedBy))
      return failure();
    Block *block = builder.getBlock();
    Operation *last = block->empty() ? nullptr : &block->back();
    NodeContext context(def, std::move(inputs), builder, module, nodeLoc(node));
    FailureOr<NodeOutputs> produced = convertNode(context);
    if (failed(produced) || failed(verifyNewOps(node, last)))
      return failure();
    outputs[node] = std::move(*produced);
    if (!paddedBy->empty())
      for (InputRef &output : outputs[node])
        output.paddedByUnique = *paddedBy;
    // Keep the requested device on every op the node became, for placement.
    if (!def.device().empty() && !block->empty()) {
      auto device = builder.getStringAttr(def.device());
      for (Operation *op = last ? last->getNextNode() : &block->front(); op;
           op = op->getNextNode())
        op->setAttr(kDeviceAttrName, device);
    }
  }
  SmallVector<Value> results;
  for (const TensorName &fetch : fetches) {
    int node = nodeIndex.lookup(fetch.node);
    if (fetch.isControl ||
        (!fedNodes.count(fetch.node) && outputs[node].empty() && fetch.index == 0))
      continue; // a target such as NoOp or an update: run, return nothing
    FailureOr<InputRef> ref = lookup(fetch, node, "fetch");
    if (failed(ref))
      return failure();
    if (!ref->paddedByUnique.empty())
      return nodeError(node, "cannot fetch it: " +
                                 paddedMessage(ref->paddedByUnique));
    NodeContext reader(graph.node(node), {*ref}, builder, module, nodeLoc(node));
    results.push_back(reader.input(0));
  }
  func::ReturnOp::create(builder, func.getLoc(), results);
  func.setFunctionType(builder.getFunctionType(
      func.getArgumentTypes(), ValueRange(results).getTypes()));
  return success();
}

LogicalResult Importer::checkTypeAttr(int node,
                                      const SmallVectorImpl<InputRef> &inputs) {
  const auto &def = graph.node(node);
  auto it = def.attr().find("T");
  if (it == def.attr().end() ||
      it->second.value_case() != tensorflow::AttrValue::kType)
    return success();
  unsigned index = typedInput(def.op());
  if (index >= inputs.size())
    return success();
  Type actual = inputs[index].value ? inputs[index].value.getType()
                                    : inputs[index].variableType;
  Type expected = convertDataType(it->second.type(), ctx);
  auto tensor = dyn_cast_or_null<RankedTensorType>(actual);
  if (!expected || !tensor || tensor.getElementType() == expected)
    return success();
  return nodeError(node, "attribute T is " + dataTypeName(it->second.type()) +
                             " but input " + Twine(index) + " has element type " +
                             llvm::formatv("{0}", tensor.getElementType()).str());
}

std::string Importer::paddedMessage(StringRef unique) {
  return ("it holds the unique values of '" + unique +
          "' or is computed from them; their count depends on the data, and "
          "kiln pads them to a fixed size, which only the sparse updates of "
          "deduplicated gradients may use (see the README)")
      .str();
}

FailureOr<std::string>
Importer::paddingCarried(int node, const SmallVectorImpl<InputRef> &inputs) {
  for (auto [index, input] : llvm::enumerate(inputs)) {
    if (input.paddedByUnique.empty())
      continue;
    Type type = input.value ? input.value.getType() : input.variableType;
    switch (
        paddedUniqueUse(graph.node(node).op(), getElementTypeOrSelf(type))) {
    case PaddedUse::Rejected:
      return nodeError(node, "cannot take input " + Twine(index) + ": " +
                                 paddedMessage(input.paddedByUnique));
    case PaddedUse::Propagates:
      return input.paddedByUnique;
    case PaddedUse::Consumes:
      return std::string();
    }
  }
  return std::string();
}

LogicalResult Importer::verifyNewOps(int node, Operation *after) {
  if (std::optional<std::string> message =
          verifyOpsAfter(*builder.getBlock(), after))
    return nodeError(node, *message);
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  ctx->loadDialect<KilnDialect, func::FuncDialect>();
  if (failed(indexNodes()) || failed(resolveFeedsAndFetches()) ||
      failed(orderNodes()))
    return nullptr;
  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(ctx, fileName, 0, 0));
  FailureOr<func::FuncOp> func = createFunction(*module);
  if (failed(func) || failed(convertNodes(*module, *func)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

FailureOr<tensorflow::GraphDef> parseGraphDef(const llvm::MemoryBuffer &buffer,
                                              MLIRContext *ctx) {
  llvm::StringRef name = buffer.getBufferIdentifier();
  llvm::StringRef bytes = buffer.getBuffer();
  tensorflow::GraphDef graph;
  bool isText = name.ends_with(".pbtxt") || name.ends_with(".txt");
  if (!isText && graph.ParseFromArray(bytes.data(), bytes.size()))
    return graph;
  google::protobuf::TextFormat::Parser parser;
  TextErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  graph.Clear();
  if (parser.ParseFromString(std::string(bytes), &graph))
    return graph;
  emitError(FileLineColLoc::get(ctx, name, 0, 0))
      << name << ": not a GraphDef: "
      << (isText ? "" : "not valid binary protobuf, and as text: ")
      << errors.first;
  return failure();
}

OwningOpRef<ModuleOp> importGraphDef(const tensorflow::GraphDef &graph,
                                     const GraphImportOptions &options,
                                     llvm::StringRef fileName,
                                     MLIRContext *ctx) {
  return Importer(graph, options, fileName, ctx).run();
}

} // namespace kiln::tfgraph
