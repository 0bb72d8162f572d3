//===- OnnxImporter.cpp - ONNX ModelProto -> kiln IR ----------------------===//
//
// Import runs in three steps: index the graph (initializers, which node
// produces each value, declared value types); walk back from the fetches
// to find the nodes they need; convert those nodes, in the graph's order
// (ONNX requires it topological), into one func.func. The per-op work is
// in the *Converters.cpp files.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/OnnxImporter.h"

#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/OnnxTensor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

class Importer {
public:
  Importer(const onnx::ModelProto &model, const ImportOptions &options,
           llvm::StringRef fileName, MLIRContext *ctx)
      : model(model), graph(model.graph()), options(options),
        fileName(fileName.str()),
        directory(llvm::sys::path::parent_path(fileName).str()), ctx(ctx),
        builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult readOpset();
  LogicalResult indexGraph();
  LogicalResult resolveFeedsAndFetches();
  void markNeededNodes();
  FailureOr<func::FuncOp> createFunction(ModuleOp module);
  FailureOr<RankedTensorType> declaredType(const onnx::ValueInfoProto &info,
                                           StringRef what);
  LogicalResult convertNodes();
  LogicalResult convertNode(int index);
  void makeWeightsVariables(ModuleOp module);
  FailureOr<Value> lookup(const std::string &name, int consumer);
  LogicalResult verifyNewOps(int node, Operation *after);
  LogicalResult checkDeclaredType(int node, const std::string &name,
                                  Value value);

  std::string nodeName(int index) const {
    const auto &node = graph.node(index);
    return node.name().empty() ? "#" + std::to_string(index) : node.name();
  }
  Location fileLoc() const { return FileLineColLoc::get(ctx, fileName, 0, 0); }
  Location nodeLoc(int index) const {
    return NameLoc::get(StringAttr::get(ctx, nodeName(index)), fileLoc());
  }
  LogicalResult fileError(const Twine &message) const {
    return emitError(fileLoc()) << fileName << ": " << message;
  }
  LogicalResult nodeError(int index, const Twine &message) const {
    return emitError(nodeLoc(index))
           << fileName << ": node '" << nodeName(index) << "' ("
           << graph.node(index).op_type() << ", opset " << opset
           << "): " << message;
  }

  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  const ImportOptions &options;
  std::string fileName, directory;
  MLIRContext *ctx;
  OpBuilder builder;
  int64_t opset = 0;

  llvm::StringMap<const onnx::TensorProto *> initializers;
  llvm::StringMap<const onnx::ValueInfoProto *> graphInputs;
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  llvm::StringMap<int> producers;
  std::vector<std::string> feeds, fetches;
  std::vector<char> needed;
  /// Converted values; a null Value is a node output kiln does not make.
  llvm::StringMap<Value> values;
  /// With ImportOptions::weightsAsVariables: the initializers that may
  /// become variables, by name.
  SmallVector<std::pair<std::string, ConstantOp>> weights;
  func::FuncOp function;
};

LogicalResult Importer::readOpset() {
  bool found = false;
  for (const auto &entry : model.opset_import())
    if (entry.domain().empty() || entry.domain() == "ai.onnx") {
      opset = entry.version();
      found = true;
    }
  if (!found)
    return fileError("the model imports no opset of the default ONNX domain");
  if (opset < kMinOpset || opset > kMaxOpset)
    return fileError("opset " + Twine(opset) +
                     " is not supported; kiln "
                     "imports opsets " +
                     Twine(kMinOpset) + " to " + Twine(kMaxOpset));
  return success();
}

LogicalResult Importer::indexGraph() {
  if (!model.has_graph())
    return fileError("the model has no graph");
  for (const auto &tensor : graph.initializer()) {
    if (tensor.name().empty())
      return fileError("an initializer has no name");
    if (!initializers.try_emplace(tensor.name(), &tensor).second)
      return fileError("initializer '" + tensor.name() + "' is given twice");
  }
  if (graph.sparse_initializer_size() > 0)
    return fileError("sparse initializers are not supported");
  for (const auto &input : graph.input())
    if (!graphInputs.try_emplace(input.name(), &input).second)
      return fileError("graph input '" + input.name() + "' is declared twice");
  for (const auto *infos : {&graph.value_info(), &graph.output()})
    for (const auto &info : *infos)
      declared[info.name()] = &info;
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &node = graph.node(i);
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return nodeError(i, "ops of domain '" + node.domain() +
                              "' are not supported");
    for (const std::string &output : node.output()) {
      if (output.empty())
        continue;
      if (initializers.count(output) || graphInputs.count(output))
        return nodeError(i, "output '" + output +
                                "' is also a graph input or initializer");
      auto [it, inserted] = producers.try_emplace(output, i);
      if (!inserted)
        return nodeError(i, "output '" + output +
                                "' is also produced by "
                                "node '" +
                                nodeName(it->second) + "'");
    }
  }
  return success();
}

LogicalResult Importer::resolveFeedsAndFetches() {
  if (options.feeds.empty()) {
    for (const auto &input : graph.input())
      if (!initializers.count(input.name()))
        feeds.push_back(input.name());
  } else {
    for (const std::string &feed : options.feeds) {
      if (!graphInputs.count(feed) && !initializers.count(feed))
        return fileError("feed '" + feed +
                         "' is neither a graph input nor an initializer");
      if (llvm::is_contained(feeds, feed))
        return fileError("feed '" + feed + "' is given twice");
      feeds.push_back(feed);
    }
  }
  if (options.fetches.empty()) {
    for (const auto &output : graph.output())
      fetches.push_back(output.name());
    if (fetches.empty())
      return fileError("the graph has no outputs and no fetches are given");
  } else {
    for (const std::string &fetch : options.fetches) {
      if (!producers.count(fetch) && !graphInputs.count(fetch) &&
          !initializers.count(fetch))
        return fileError("fetch '" + fetch + "' names no value in the graph");
      fetches.push_back(fetch);
    }
  }
  return success();
}

/// Feeds are graph inputs or initializers, which no node produces, so the
/// walk back from the fetches stops at them by itself.
void Importer::markNeededNodes() {
  needed.assign(graph.node_size(), 0);
  std::vector<const std::string *> work;
  for (const std::string &fetch : fetches)
    work.push_back(&fetch);
  // Iterative, so that graphs of any depth import.
  while (!work.empty()) {
    const std::string &name = *work.back();
    work.pop_back();
    auto producer = producers.find(name);
    if (producer == producers.end() || needed[producer->second])
      continue;
    needed[producer->second] = 1;
    for (const std::string &input : graph.node(producer->second).input())
      if (!input.empty())
        work.push_back(&input);
  }
}

FailureOr<RankedTensorType>
Importer::declaredType(const onnx::ValueInfoProto &info, StringRef what) {
  const auto &type = info.type();
  if (!type.has_tensor_type())
    return fileError(what + " '" + info.name() +
                     "' is not a tensor (kiln "
                     "imports tensors only, not sequences, maps or "
                     "optionals)");
  std::string why;
  Type element = convertDataType(type.tensor_type().elem_type(), ctx, &why);
  if (!element)
    return fileError(what + " '" + info.name() + "': " + why);
  if (!type.tensor_type().has_shape())
    return fileError(what + " '" + info.name() +
                     "' has no shape (unknown rank is not supported)");
  SmallVector<int64_t> dims;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() < 0)
      return fileError(what + " '" + info.name() + "' has dimension " +
                       Twine(dim.dim_value()));
    dims.push_back(dim.has_dim_value() ? dim.dim_value()
                                       : ShapedType::kDynamic);
  }
  return RankedTensorType::get(dims, element);
}

FailureOr<func::FuncOp> Importer::createFunction(ModuleOp module) {
  SmallVector<Type> argTypes;
  for (const std::string &feed : feeds) {
    RankedTensorType type;
    if (auto input = graphInputs.find(feed); input != graphInputs.end()) {
      FailureOr<RankedTensorType> declaredInput =
          declaredType(*input->second, "graph input");
      if (failed(declaredInput))
        return failure();
      type = *declaredInput;
    } else {
      const onnx::TensorProto &tensor = *initializers.lookup(feed);
      std::string why;
      Type element = convertDataType(tensor.data_type(), ctx, &why);
      if (!element)
        return fileError("initializer '" + feed + "': " + why);
      type = RankedTensorType::get(
          SmallVector<int64_t>(tensor.dims().begin(), tensor.dims().end()),
          element);
    }
    auto concrete = options.feedShapes.find(feed);
    if (concrete != options.feedShapes.end() &&
        concrete->second.size() == static_cast<size_t>(type.getRank())) {
      bool fits = true;
      for (auto [dim, given] : llvm::zip(type.getShape(), concrete->second))
        fits &= ShapedType::isDynamic(dim) || dim == given;
      // A shape that does not fit stays unrefined; specializing to the
      // feeds then reports it with both shapes.
      if (fits)
        type = type.clone(concrete->second);
    }
    argTypes.push_back(type);
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc(), options.functionName,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [position, feed] : llvm::enumerate(feeds)) {
    setFeedName(func, position, feed);
    values[feed] = entry->getArgument(position);
  }
  builder.setInsertionPointToStart(entry);
  return func;
}

FailureOr<Value> Importer::lookup(const std::string &name, int consumer) {
  auto found = values.find(name);
  if (found != values.end()) {
    if (found->second)
      return found->second;
    int producer = producers.lookup(name);
    return nodeError(consumer, "uses '" + name + "', an output of node '" +
                                   nodeName(producer) + "' (" +
                                   graph.node(producer).op_type() +
                                   ") that kiln does not compute");
  }
  if (const onnx::TensorProto *tensor = initializers.lookup(name)) {
    StatusOr<DecodedTensor> decoded = decodeTensor(*tensor, directory);
    if (!decoded.ok())
      return fileError("initializer " + decoded.status().message());
    StatusOr<DenseElementsAttr> attr = toElementsAttr(*decoded, ctx);
    if (!attr.ok())
      return fileError("initializer '" + name +
                       "': " + attr.status().message());
    auto constant = ConstantOp::create(
        builder, NameLoc::get(StringAttr::get(ctx, name), fileLoc()), *attr);
    if (options.weightsAsVariables && isa<FloatType>(attr->getElementType()) &&
        attr->getType().getRank() > 0)
      weights.emplace_back(name, constant);
    values[name] = constant;
    return Value(constant);
  }
  if (graphInputs.count(name))
    return fileError("graph input '" + name + "' is needed but not fed");
  if (consumer < 0)
    return fileError("fetch '" + name + "' is not computed");
  if (auto producer = producers.find(name); producer != producers.end())
    return nodeError(consumer, "input '" + name + "' is produced by node '" +
                                   nodeName(producer->second) +
                                   "', which comes later: the graph is not "
                                   "topologically sorted");
  return nodeError(consumer, "input '" + name +
                                 "' is not produced by any "
                                 "node, initializer or graph input");
}

LogicalResult Importer::verifyNewOps(int node, Operation *after) {
  if (std::optional<std::string> message =
          verifyOpsAfter(*builder.getBlock(), after))
    return nodeError(node, *message);
  return success();
}

LogicalResult Importer::checkDeclaredType(int node, const std::string &name,
                                          Value value) {
  const onnx::ValueInfoProto *info = declared.lookup(name);
  if (!info || !info->type().has_tensor_type())
    return success();
  const auto &tensorType = info->type().tensor_type();
  auto actual = cast<RankedTensorType>(value.getType());
  if (tensorType.elem_type() != 0 &&
      tensorType.elem_type() != dataTypeOf(actual.getElementType()))
    return nodeError(
        node, "output '" + name + "' is declared " +
                  dataTypeName(tensorType.elem_type()) + " but computes " +
                  dataTypeName(dataTypeOf(actual.getElementType())));
  if (!tensorType.has_shape())
    return success();
  const auto &dims = tensorType.shape().dim();
  bool matches = dims.size() == actual.getRank();
  for (int d = 0; matches && d < dims.size(); ++d)
    matches = !dims[d].has_dim_value() ||
              ShapedType::isDynamic(actual.getDimSize(d)) ||
              dims[d].dim_value() == actual.getDimSize(d);
  if (matches)
    return success();
  std::string shape;
  for (const auto &dim : dims)
    shape += (shape.empty() ? "" : "x") +
             (dim.has_dim_value() ? std::to_string(dim.dim_value()) : "?");
  return nodeError(node, "output '" + name + "' is declared with shape [" +
                             shape + "] but kiln infers " +
                             llvm::formatv("{0}", actual).str());
}

LogicalResult Importer::convertNode(int index) {
  const auto &node = graph.node(index);
  int64_t firstVersion = 0;
  OnnxConverter convert = findConverter(node.op_type(), opset, &firstVersion);
  if (!convert) {
    if (firstVersion)
      return nodeError(index, "kiln converts " + node.op_type() +
                                  " from opset " + Twine(firstVersion) +
                                  " on only");
    return nodeError(index,
                     "op type '" + node.op_type() + "' is not supported");
  }
  SmallVector<Value> inputs;
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      inputs.push_back(nullptr); // an omitted optional input
      continue;
    }
    FailureOr<Value> value = lookup(input, index);
    if (failed(value))
      return failure();
    inputs.push_back(*value);
  }
  Block *block = builder.getBlock();
  Operation *last = block->empty() ? nullptr : &block->back();
  std::string name = nodeName(index);
  OnnxNode context(node, name, std::move(inputs), opset, builder,
                   nodeLoc(index), fileName);
  FailureOr<NodeResults> results = convert(context);
  if (failed(results) || failed(verifyNewOps(index, last)))
    return failure();
  for (auto [position, output] : llvm::enumerate(node.output())) {
    if (output.empty())
      continue;
    Value value = position < results->size() ? (*results)[position] : Value();
    if (value && failed(checkDeclaredType(index, output, value)))
      return failure();
    values[output] = value;
  }
  return success();
}

/// Weights the graph computes with become trainable variables read where
/// the constant was; one that a converter only read at import (a Resize's
/// scales, a Pad's value) stays out of the step.
void Importer::makeWeightsVariables(ModuleOp module) {
  OpBuilder declare = OpBuilder::atBlockBegin(module.getBody());
  for (auto &[name, constant] : weights) {
    if (!constant->use_empty()) {
      auto type = cast<RankedTensorType>(constant.getType());
      auto variable = VariableOp::create(declare, constant.getLoc(), name, type,
                                         /*trainable=*/true);
      variable->setAttr(kInitialValueAttrName, constant.getValue());
      builder.setInsertionPoint(constant);
      constant.replaceAllUsesWith(
          ReadVariableOp::create(builder, constant.getLoc(), type,
                                 FlatSymbolRefAttr::get(ctx, name))
              .getResult());
    }
    constant.erase();
  }
}

LogicalResult Importer::convertNodes() {
  for (int i = 0; i < graph.node_size(); ++i)
    if (needed[i] && failed(convertNode(i)))
      return failure();
  SmallVector<Value> results;
  for (const std::string &fetch : fetches) {
    FailureOr<Value> value = lookup(fetch, -1);
    if (failed(value))
      return failure();
    results.push_back(*value);
  }
  func::ReturnOp::create(builder, function.getLoc(), results);
  function.setFunctionType(builder.getFunctionType(
      function.getArgumentTypes(), ValueRange(results).getTypes()));
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  ctx->loadDialect<KilnDialect, func::FuncDialect>();
  if (failed(readOpset()) || failed(indexGraph()) ||
      failed(resolveFeedsAndFetches()))
    return nullptr;
  markNeededNodes();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  FailureOr<func::FuncOp> func = createFunction(*module);
  if (failed(func))
    return nullptr;
  function = *func;
  if (failed(convertNodes()))
    return nullptr;
  makeWeightsVariables(*module);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

FailureOr<onnx::ModelProto> parseModel(const llvm::MemoryBuffer &buffer,
                                       MLIRContext *ctx) {
  onnx::ModelProto model;
  llvm::StringRef bytes = buffer.getBuffer();
  if (model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
      bytes.size() < (size_t(1) << 31))
    return model;
  emitError(FileLineColLoc::get(ctx, buffer.getBufferIdentifier(), 0, 0))
      << buffer.getBufferIdentifier()
      << ": not an ONNX model: not a valid binary ModelProto";
  return failure();
}

OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model,
                                  const ImportOptions &options,
                                  llvm::StringRef fileName, MLIRContext *ctx) {
  return Importer(model, options, fileName, ctx).run();
}

} // namespace kiln::onnximport
