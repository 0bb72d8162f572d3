//===- OpDTypes.cpp - where TensorFlow ops keep their dtypes --------------===//
//
// A GraphDef states dtypes per op, not per tensor, and each op keeps them
// in its own attributes. The importer asks here instead of knowing ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;

namespace kiln::tfgraph {

namespace {

/// How an op names the dtype of its outputs.
struct OutputDType {
  enum Kind { Bool, Attr } kind;
  /// The attribute (Attr) and the type when it is absent (null: required).
  const char *attr = nullptr;
  Type (*absent)(Builder &) = nullptr;
};

Type i64(Builder &b) { return b.getI64Type(); }
Type i32(Builder &b) { return b.getI32Type(); }

const llvm::StringMap<OutputDType> &outputDTypes() {
  static const llvm::StringMap<OutputDType> table = {
      {"Equal", {OutputDType::Bool}},
      {"Less", {OutputDType::Bool}},
      {"Greater", {OutputDType::Bool}},
      {"InTopK", {OutputDType::Bool}},
      {"InTopKV2", {OutputDType::Bool}},
      {"NotEqual", {OutputDType::Bool}},
      {"GreaterEqual", {OutputDType::Bool}},
      {"LessEqual", {OutputDType::Bool}},
      {"LogicalAnd", {OutputDType::Bool}},
      {"LogicalOr", {OutputDType::Bool}},
      {"LogicalNot", {OutputDType::Bool}},
      {"ArgMin", {OutputDType::Attr, "output_type", i64}},
      {"Size", {OutputDType::Attr, "out_type", i32}},
      {"Rank", {OutputDType::Attr, "out_type", i32}},
      {"ArgMax", {OutputDType::Attr, "output_type", i64}},
      {"Shape", {OutputDType::Attr, "out_type", i32}},
      {"ShapeN", {OutputDType::Attr, "out_type", i32}},
      {"Cast", {OutputDType::Attr, "DstT"}},
      {"GatherV2", {OutputDType::Attr, "Tparams"}},
      {"Gather", {OutputDType::Attr, "Tparams"}},
      {"GatherNd", {OutputDType::Attr, "Tparams"}},
      {"SparseSoftmaxCrossEntropyWithLogits", {OutputDType::Attr, "T"}},
  };
  return table;
}

/// Ops whose `T` attribute types an input other than the first.
const llvm::StringMap<unsigned> &typedInputs() {
  static const llvm::StringMap<unsigned> table = {
      {"Select", 1},      {"SelectV2", 1},
      {"InTopK", 1},      {"InTopKV2", 1},
      {"Fill", 1},        {"Conv2DBackpropInput", 1},
      {"AvgPoolGrad", 1}, {"Split", 1},
      {"OneHot", 2},      {"StridedSliceGrad", 4},
      {"ScatterNd", 1},   {"DepthwiseConv2dNativeBackpropInput", 1},
  };
  return table;
}

} // namespace

FailureOr<Type> outputElementType(NodeContext &node) {
  auto it = outputDTypes().find(node.node.op());
  if (it != outputDTypes().end()) {
    const OutputDType &rule = it->second;
    if (rule.kind == OutputDType::Bool)
      return Type(node.builder.getI1Type());
    if (rule.absent && !node.attr(rule.attr))
      return rule.absent(node.builder);
    return node.typeAttr(rule.attr);
  }
  // Most ops say `dtype` when their outputs' type is not their inputs'.
  return node.typeAttr(node.attr("dtype") ? "dtype" : "T");
}

unsigned typedInput(llvm::StringRef op) {
  auto it = typedInputs().find(op);
  return it == typedInputs().end() ? 0 : it->second;
}

} // namespace kiln::tfgraph
