//===- GraphDefExporter.cpp - kiln IR -> TensorFlow GraphDef --------------===//

#include "frontends/TFGraph/GraphDefExporter.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "frontends/GraphAPI/TensorFlowGradients.h"
#include "frontends/TFGraph/TensorConversion.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace kiln::tfgraph {
namespace {

class Exporter {
public:
  FailureOr<tensorflow::GraphDef> run(func::FuncOp func);

private:
  LogicalResult exportOp(Operation *op);
  LogicalResult exportGeneric(Operation *op, StringRef tfOp,
                              ArrayRef<std::string> extraInputs = {});
  /// Whether a KilnGradients node was written (and must be rewritten).
  bool hasGradients = false;

  std::string uniqueName(StringRef base) {
    std::string name = base.str();
    for (int i = 1; !usedNames.insert(name).second; ++i)
      name = (base + "_" + Twine(i)).str();
    return name;
  }
  std::string baseName(Operation *op, StringRef fallback) {
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      return loc.getName().str();
    return fallback.str();
  }
  tensorflow::NodeDef *addNode(StringRef name, StringRef op,
                               ArrayRef<std::string> inputs) {
    tensorflow::NodeDef *node = graph.add_node();
    node->set_name(name.str());
    node->set_op(op.str());
    for (const std::string &input : inputs)
      node->add_input(input);
    return node;
  }
  tensorflow::AttrValue &attr(tensorflow::NodeDef *node, StringRef key) {
    return (*node->mutable_attr())[key.str()];
  }
  void setType(tensorflow::NodeDef *node, StringRef key, Type type) {
    if (auto tensor = dyn_cast<ShapedType>(type))
      type = tensor.getElementType();
    attr(node, key).set_type(convertElementType(type));
  }
  void setShape(tensorflow::NodeDef *node, StringRef key, Type type) {
    auto *shape = attr(node, key).mutable_shape();
    for (int64_t dim : cast<RankedTensorType>(type).getShape())
      shape->add_dim()->set_size(ShapedType::isDynamic(dim) ? -1 : dim);
  }
  void setIntList(tensorflow::NodeDef *node, StringRef key,
                  ArrayRef<int64_t> values) {
    auto *list = attr(node, key).mutable_list();
    for (int64_t v : values)
      list->add_i(v);
  }
  /// A Const node holding `values` as int32 (TensorFlow's default index
  /// type); returns its name.
  std::string constInts(StringRef base, ArrayRef<int64_t> values,
                        bool asScalar = false) {
    std::string name = uniqueName(base);
    tensorflow::NodeDef *node = addNode(name, "Const", {});
    attr(node, "dtype").set_type(tensorflow::DT_INT32);
    tensorflow::TensorProto *tensor = attr(node, "value").mutable_tensor();
    tensor->set_dtype(tensorflow::DT_INT32);
    auto *shape = tensor->mutable_tensor_shape();
    if (!asScalar)
      shape->add_dim()->set_size(values.size());
    for (int64_t v : values)
      tensor->add_int_val(static_cast<int32_t>(v));
    return name;
  }
  std::string nameOf(Value value) { return tensorNames.lookup(value); }
  std::string readVariable(Operation *op, StringRef symbol);

  tensorflow::GraphDef graph;
  llvm::DenseMap<Value, std::string> tensorNames;
  llvm::StringSet<> usedNames;
  llvm::StringMap<std::string> lastAssign; // variable -> its latest writer
};

std::string Exporter::readVariable(Operation *op, StringRef symbol) {
  std::string name = uniqueName(symbol.str() + "/read");
  SmallVector<std::string> inputs{symbol.str()};
  // TF1 orders a read after an earlier assign only through a control edge.
  auto it = lastAssign.find(symbol);
  if (it != lastAssign.end())
    inputs.push_back("^" + it->second);
  tensorflow::NodeDef *node = addNode(name, "Identity", inputs);
  setType(node, "T", op->getResult(0).getType());
  return name;
}

LogicalResult Exporter::exportGeneric(Operation *op, StringRef tfOp,
                                      ArrayRef<std::string> extraInputs) {
  SmallVector<std::string> inputs;
  for (Value operand : op->getOperands())
    inputs.push_back(nameOf(operand));
  llvm::append_range(inputs, extraInputs);
  std::string name = uniqueName(baseName(op, tfOp));
  tensorflow::NodeDef *node = addNode(name, tfOp, inputs);
  if (op->getNumOperands() > 0)
    setType(node, "T", op->getOperand(0).getType());
  if (auto device = op->getAttrOfType<StringAttr>(kDeviceAttrName))
    node->set_device(device.str());
  else if (DeviceAttr placed = getPlacedDevice(op))
    node->set_device(placed.getTensorFlowName());
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    tensorNames[result] = index == 0 ? name : name + ":" + std::to_string(index);
  return success();
}

LogicalResult Exporter::exportOp(Operation *op) {
  auto nodeOf = [&](Value v) { return &graph.mutable_node()->at(graph.node_size() - 1); (void)v; };
  auto named = [&](StringRef tfOp) { return exportGeneric(op, tfOp); };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ConstantOp c) -> LogicalResult {
        std::string name = uniqueName(baseName(op, "Const"));
        tensorflow::NodeDef *node = addNode(name, "Const", {});
        setType(node, "dtype", c.getType());
        auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
        if (!dense || failed(exportTensorProto(
                          dense, *attr(node, "value").mutable_tensor())))
          return op->emitError("cannot export this constant to a TensorProto");
        tensorNames[c.getResult()] = name;
        return success();
      })
      .Case([&](MatMulOp m) -> LogicalResult {
        if (failed(named("MatMul")))
          return failure();
        attr(nodeOf({}), "transpose_a").set_b(m.getTransposeA());
        attr(nodeOf({}), "transpose_b").set_b(m.getTransposeB());
        return success();
      })
      .Case([&](BiasAddOp) -> LogicalResult {
        if (failed(named("BiasAdd")))
          return failure();
        attr(nodeOf({}), "data_format").set_s("NHWC");
        return success();
      })
      .Case([&](AddOp) { return named("AddV2"); })
      .Case([&](SubOp) { return named("Sub"); })
      .Case([&](MulOp) { return named("Mul"); })
      .Case([&](DivOp d) {
        return named(isa<FloatType>(d.getType().getElementType()) ? "RealDiv"
                                                                   : "Div");
      })
      .Case([&](MaximumOp) { return named("Maximum"); })
      .Case([&](MinimumOp) { return named("Minimum"); })
      .Case([&](PowOp) { return named("Pow"); })
      .Case([&](ReluOp) { return named("Relu"); })
      .Case([&](SigmoidOp) { return named("Sigmoid"); })
      .Case([&](TanhOp) { return named("Tanh"); })
      .Case([&](ExpOp) { return named("Exp"); })
      .Case([&](LogOp) { return named("Log"); })
      .Case([&](NegOp) { return named("Neg"); })
      .Case([&](AbsOp) { return named("Abs"); })
      .Case([&](SqrtOp) { return named("Sqrt"); })
      .Case([&](RsqrtOp) { return named("Rsqrt"); })
      .Case([&](SquareOp) { return named("Square"); })
      .Case([&](FloorOp) { return named("Floor"); })
      .Case([&](CeilOp) { return named("Ceil"); })
      .Case([&](RoundOp) { return named("Round"); })
      .Case([&](SignOp) { return named("Sign"); })
      .Case([&](SinOp) { return named("Sin"); })
      .Case([&](CosOp) { return named("Cos"); })
      .Case([&](SoftmaxOp) { return named("Softmax"); })
      .Case([&](LogSoftmaxOp) { return named("LogSoftmax"); })
      .Case([&](EqualOp) { return named("Equal"); })
      .Case([&](LessOp) { return named("Less"); })
      .Case([&](GreaterOp) { return named("Greater"); })
      .Case([&](SelectOp s) -> LogicalResult {
        if (failed(named("SelectV2")))
          return failure();
        setType(nodeOf({}), "T", s.getType());
        return success();
      })
      .Case([&](CastOp c) -> LogicalResult {
        if (failed(named("Cast")))
          return failure();
        tensorflow::NodeDef *node = nodeOf({});
        node->mutable_attr()->erase("T");
        setType(node, "SrcT", c.getX().getType());
        setType(node, "DstT", c.getType());
        return success();
      })
      .Case([&](SparseSoftmaxCrossEntropyWithLogitsOp x) -> LogicalResult {
        if (failed(named("SparseSoftmaxCrossEntropyWithLogits")))
          return failure();
        setType(nodeOf({}), "Tlabels", x.getLabels().getType());
        return success();
      })
      .Case([&](Conv2DOp c) -> LogicalResult {
        if (failed(named("Conv2D")))
          return failure();
        tensorflow::NodeDef *node = nodeOf({});
        ArrayRef<int64_t> s = c.getStrides(), d = c.getDilations();
        setIntList(node, "strides", {1, s[0], s[1], 1});
        setIntList(node, "dilations", {1, d[0], d[1], 1});
        attr(node, "padding").set_s(stringifyPadding(c.getPadding()).str());
        attr(node, "data_format").set_s("NHWC");
        if (auto pads = c.getExplicitPaddings())
          setIntList(node, "explicit_paddings",
                     {0, 0, (*pads)[0], (*pads)[1], (*pads)[2], (*pads)[3], 0, 0});
        return success();
      })
      .Case<MaxPoolOp, AvgPoolOp>([&](auto p) -> LogicalResult {
        if (failed(named(isa<MaxPoolOp>(op) ? "MaxPool" : "AvgPool")))
          return failure();
        tensorflow::NodeDef *node = nodeOf({});
        ArrayRef<int64_t> k = p.getKsize(), s = p.getStrides();
        setIntList(node, "ksize", {1, k[0], k[1], 1});
        setIntList(node, "strides", {1, s[0], s[1], 1});
        attr(node, "padding").set_s(stringifyPadding(p.getPadding()).str());
        attr(node, "data_format").set_s("NHWC");
        return success();
      })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceProdOp>(
          [&](auto r) -> LogicalResult {
            StringRef tfOp = isa<ReduceSumOp>(op)    ? "Sum"
                             : isa<ReduceMeanOp>(op) ? "Mean"
                             : isa<ReduceProdOp>(op) ? "Prod"
                                                     : "Max";
            std::string axes = constInts(
                baseName(op, tfOp) + "/reduction_indices", r.getAxes());
            if (failed(exportGeneric(op, tfOp, {axes})))
              return failure();
            attr(nodeOf({}), "keep_dims").set_b(r.getKeepDims());
            attr(nodeOf({}), "Tidx").set_type(tensorflow::DT_INT32);
            return success();
          })
      .Case([&](GatherOp g) -> LogicalResult {
        if (g.getWrapNegativeIndices())
          return op->emitError("export of a gather whose negative indices "
                               "count from the end (ONNX's) is not "
                               "supported: GatherV2 rejects them");
        std::string axis = constInts(baseName(op, "GatherV2") + "/axis",
                                     {int64_t(g.getAxis())}, /*asScalar=*/true);
        if (failed(exportGeneric(op, "GatherV2", {axis})))
          return failure();
        tensorflow::NodeDef *node = nodeOf({});
        node->mutable_attr()->erase("T");
        setType(node, "Tparams", g.getParams().getType());
        setType(node, "Tindices", g.getIndices().getType());
        attr(node, "Taxis").set_type(tensorflow::DT_INT32);
        attr(node, "batch_dims").set_i(0);
        return success();
      })
      .Case([&](UnsortedSegmentSumOp u) -> LogicalResult {
        std::string count =
            constInts(baseName(op, "UnsortedSegmentSum") + "/num_segments",
                      {int64_t(u.getNumSegments())}, /*asScalar=*/true);
        if (failed(exportGeneric(op, "UnsortedSegmentSum", {count})))
          return failure();
        setType(nodeOf({}), "Tindices", u.getSegmentIds().getType());
        attr(nodeOf({}), "Tnumsegments").set_type(tensorflow::DT_INT32);
        return success();
      })
      .Case([&](CheckNumericsOp c) -> LogicalResult {
        if (failed(exportGeneric(op, "CheckNumerics")))
          return failure();
        attr(nodeOf({}), "message").set_s(c.getMessage().str());
        return success();
      })
      .Case([&](StopGradientOp s) -> LogicalResult {
        std::optional<StringRef> message = s.getPreventMessage();
        if (failed(exportGeneric(op, message ? "PreventGradient"
                                             : "StopGradient")))
          return failure();
        if (message)
          attr(nodeOf({}), "message").set_s(message->str());
        return success();
      })
      .Case([&](ArgMaxOp a) -> LogicalResult {
        std::string axis = constInts(baseName(op, "ArgMax") + "/dimension",
                                     {int64_t(a.getAxis())}, /*asScalar=*/true);
        if (failed(exportGeneric(op, "ArgMax", {axis})))
          return failure();
        attr(nodeOf({}), "Tidx").set_type(tensorflow::DT_INT32);
        setType(nodeOf({}), "output_type", a.getType());
        return success();
      })
      .Case([&](InTopKOp t) -> LogicalResult {
        std::string k =
            constInts(baseName(op, "InTopKV2") + "/k", {int64_t(t.getK())},
                      /*asScalar=*/true);
        if (failed(exportGeneric(op, "InTopKV2", {k})))
          return failure();
        setType(nodeOf({}), "T", t.getTargets().getType());
        return success();
      })
      .Case([&](ReshapeOp r) -> LogicalResult {
        SmallVector<int64_t> dims;
        for (int64_t d : r.getType().getShape())
          dims.push_back(ShapedType::isDynamic(d) ? -1 : d);
        std::string shape = constInts(baseName(op, "Reshape") + "/shape", dims);
        if (failed(exportGeneric(op, "Reshape", {shape})))
          return failure();
        attr(nodeOf({}), "Tshape").set_type(tensorflow::DT_INT32);
        return success();
      })
      .Case([&](TransposeOp t) -> LogicalResult {
        std::string perm = constInts(baseName(op, "Transpose") + "/perm",
                                     t.getPerm());
        if (failed(exportGeneric(op, "Transpose", {perm})))
          return failure();
        attr(nodeOf({}), "Tperm").set_type(tensorflow::DT_INT32);
        return success();
      })
      .Case([&](ConcatOp c) -> LogicalResult {
        std::string axis = constInts(baseName(op, "concat") + "/axis",
                                     {int64_t(c.getAxis())}, /*asScalar=*/true);
        if (failed(exportGeneric(op, "ConcatV2", {axis})))
          return failure();
        attr(nodeOf({}), "N").set_i(c.getInputs().size());
        attr(nodeOf({}), "Tidx").set_type(tensorflow::DT_INT32);
        return success();
      })
      .Case<RandomNormalOp, TruncatedNormalOp, RandomUniformOp>(
          [&](auto r) -> LogicalResult {
            bool isUniform = isa<RandomUniformOp>(op);
            double scale, shift;
            if constexpr (std::is_same_v<decltype(r), RandomUniformOp>) {
              shift = r.getMinval().convertToDouble();
              scale = r.getMaxval().convertToDouble() - shift;
            } else {
              shift = r.getMean().convertToDouble();
              scale = r.getStddev().convertToDouble();
            }
            if (scale != 1.0 || shift != 0.0)
              return op->emitError("export of a scaled or shifted random op "
                                   "is not supported yet");
            StringRef tfOp = isUniform                    ? "RandomUniform"
                             : isa<TruncatedNormalOp>(op) ? "TruncatedNormal"
                                                          : "RandomStandardNormal";
            auto type = cast<RankedTensorType>(r.getType());
            std::string shape =
                constInts(baseName(op, tfOp) + "/shape", type.getShape());
            if (failed(exportGeneric(op, tfOp, {shape})))
              return failure();
            tensorflow::NodeDef *node = nodeOf({});
            attr(node, "T").set_type(tensorflow::DT_INT32);
            setType(node, "dtype", type);
            attr(node, "seed").set_i(r.getSeed());
            attr(node, "seed2").set_i(r.getSeed2());
            return success();
          })
      .Case([&](ReadVariableOp r) -> LogicalResult {
        tensorNames[r.getResult()] = readVariable(op, r.getVariable());
        return success();
      })
      .Case<AssignVariableOp, AssignAddVariableOp>([&](auto a)
                                                       -> LogicalResult {
        StringRef tfOp = isa<AssignVariableOp>(op) ? "Assign" : "AssignAdd";
        std::string name = uniqueName(baseName(op, tfOp));
        tensorflow::NodeDef *node =
            addNode(name, tfOp, {a.getVariable().str(), nameOf(op->getOperand(0))});
        setType(node, "T", op->getOperand(0).getType());
        attr(node, "use_locking").set_b(false);
        lastAssign[a.getVariable()] = name;
        return success();
      })
      .Case([&](GradientsOp g) -> LogicalResult {
        // Written as KilnGradients, then as TensorFlow's own gradient ops
        // once the whole graph is there (run()).
        if (failed(named("KilnGradients")))
          return failure();
        attr(nodeOf({}), "N").set_i(int64_t(g->getNumResults()));
        hasGradients = true;
        return success();
      })
      .Default([&](Operation *) {
        return op->emitError("cannot export '")
               << op->getName() << "' to a GraphDef";
      });
}

FailureOr<tensorflow::GraphDef> Exporter::run(func::FuncOp func) {
  auto module = func->getParentOfType<ModuleOp>();
  graph.mutable_versions()->set_producer(27);
  for (auto variable : module.getOps<VariableOp>()) {
    usedNames.insert(variable.getSymName());
    tensorflow::NodeDef *node = addNode(variable.getSymName(), "VariableV2", {});
    setType(node, "dtype", variable.getType());
    setShape(node, "shape", variable.getType());
    attr(node, "container").set_s("");
    attr(node, "shared_name").set_s("");
  }
  for (auto [index, arg] : llvm::enumerate(func.getArguments())) {
    std::string base = "arg" + std::to_string(index);
    if (auto feed = getFeedName(func, index))
      base = feed.getValue().split(':').first.str();
    std::string name = uniqueName(base);
    tensorflow::NodeDef *node = addNode(name, "Placeholder", {});
    setType(node, "dtype", arg.getType());
    setShape(node, "shape", arg.getType());
    tensorNames[arg] = name;
  }
  for (Operation &op : func.getBody().front().without_terminator())
    if (failed(exportOp(&op)))
      return failure();
  // TensorFlow has no KilnGradients op.
  if (hasGradients)
    if (Status status = graph::writeTensorFlowGradients(graph); !status.ok())
      return func.emitError("cannot export kiln.gradients: ")
             << status.message();
  return graph;
}

} // namespace

FailureOr<tensorflow::GraphDef> exportGraphDef(ModuleOp module,
                                               StringRef functionName) {
  func::FuncOp func;
  for (auto candidate : module.getOps<func::FuncOp>()) {
    if (!functionName.empty() && candidate.getSymName() != functionName)
      continue;
    if (func)
      return module.emitError("more than one function; name one to export");
    func = candidate;
  }
  if (!func)
    return module.emitError("no function to export");
  if (!func.getBody().hasOneBlock())
    return func.emitError("only single-block functions can be exported");
  return Exporter().run(func);
}

} // namespace kiln::tfgraph
