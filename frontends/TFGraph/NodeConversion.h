//===- NodeConversion.h - one NodeDef -> kiln ops ---------------*- C++ -*-===//
//
// Private to the GraphDef importer. A NodeContext hands a converter the
// node, its resolved data inputs and helpers that read attributes and
// report errors in the importer's format ("node 'x' (op 'Y'): ...").
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_NODECONVERSION_H
#define KILN_FRONTENDS_TFGRAPH_NODECONVERSION_H

#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "frontends/Emit/OpEmitter.h"
#include "frontends/TFGraph/proto/graph.pb.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace kiln::tfgraph {

/// A data input as the importer resolved it: an SSA value, or a TF1 ref /
/// resource handle naming a kiln.variable (read at the point of use).
struct InputRef {
  InputRef(mlir::Value value = {}, std::string variable = {},
           mlir::Type variableType = {})
      : value(value), variable(std::move(variable)),
        variableType(variableType) {}

  mlir::Value value;
  std::string variable;      // symbol name when the input is a variable
  mlir::Type variableType;   // its tensor type
  /// Set on Unique's unique values and what is computed from them: their
  /// count depends on the data, so kiln gives them the input's size and
  /// pads the tail (UniqueConverter.cpp); names the Unique node.
  std::string paddedByUnique;
};

/// What a node produced: one entry per output (same shape as InputRef).
using NodeOutputs = llvm::SmallVector<InputRef, 1>;

class NodeContext : public frontend::OpEmitter {
public:
  NodeContext(const tensorflow::NodeDef &node,
              llvm::SmallVector<InputRef> inputs, mlir::OpBuilder &builder,
              mlir::ModuleOp module, mlir::Location loc)
      : OpEmitter(builder, loc), node(node), inputs(std::move(inputs)),
        module(module) {}

  const tensorflow::NodeDef &node;
  llvm::SmallVector<InputRef> inputs;
  mlir::ModuleOp module;

  /// Emits "node '<name>' (op '<op>'): <message>" at the node and fails.
  mlir::LogicalResult fail(const llvm::Twine &message) const override;

  /// Data input `i` as a value, reading the variable if it is one.
  mlir::Value input(unsigned i);
  mlir::FailureOr<mlir::RankedTensorType> inputType(unsigned i);
  /// Checks the node has exactly `count` data inputs.
  mlir::LogicalResult expectInputs(unsigned count) const;
  /// Checks that an integer attribute counting some inputs (ConcatV2's,
  /// AddN's `N`), when present, says `count`.
  mlir::LogicalResult expectCountAttr(llvm::StringRef name, size_t count) const;
  /// Values of a constant integer input (axes, shapes, perms), also when
  /// it folds to one from constants. `what` names the input in the error
  /// (e.g. "input_sizes").
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  constantInts(unsigned i, llvm::StringRef what = "");
  /// The one value of such an input (a scalar or one-element tensor).
  mlir::FailureOr<int64_t> constantInt(unsigned i, llvm::StringRef what);
  /// A constant axis input `i` (one value) normalized to [0, rank); fails
  /// naming it as `what`.
  mlir::FailureOr<int64_t> axisInput(unsigned i, int64_t rank,
                                     llvm::StringRef what = "axis");
  /// Fails unless the node's data_format is NHWC (its default), the only
  /// layout kiln's window ops take.
  mlir::LogicalResult expectNHWC() const;

  const tensorflow::AttrValue *attr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t fallback) const;
  float floatAttr(llvm::StringRef name, float fallback) const;
  bool boolAttr(llvm::StringRef name, bool fallback) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef fallback) const;
  llvm::SmallVector<int64_t> intListAttr(llvm::StringRef name) const;
  /// The kiln element type of a `type` attribute; fails naming the attr.
  mlir::FailureOr<mlir::Type> typeAttr(llvm::StringRef name) const;
  /// The same, `absent` when the node has no such attribute.
  mlir::FailureOr<mlir::Type> typeAttr(llvm::StringRef name,
                                       mlir::Type absent) const;
};

/// Runs a dialect shape rule (anything returning LogicalResult or
/// FailureOr) and turns the first diagnostic it emits into one error naming
/// the node, so import and verification apply the same rule.
template <typename Rule>
auto checked(NodeContext &ctx, llvm::StringRef opName, Rule &&rule)
    -> decltype(rule(std::declval<const InferenceDiag &>())) {
  std::string message;
  auto captureFirst = [&](mlir::Diagnostic &diag) {
    if (message.empty())
      message = diag.str();
    return mlir::success();
  };
  decltype(rule(std::declval<const InferenceDiag &>())) result =
      mlir::failure();
  {
    mlir::ScopedDiagnosticHandler capture(ctx.builder.getContext(),
                                          captureFirst);
    result = rule(InferenceDiag(ctx.loc, opName));
  }
  if (mlir::failed(result))
    return ctx.fail(message);
  return result;
}

/// `checked` for a rule that gives the result type.
template <typename Rule>
mlir::FailureOr<mlir::Type> infer(NodeContext &ctx, llvm::StringRef opName,
                                  Rule &&rule) {
  return checked(ctx, opName, std::forward<Rule>(rule));
}

/// The outputs of a node with one plain value.
inline NodeOutputs single(mlir::Value value) {
  return NodeOutputs{InputRef{value, "", nullptr}};
}

/// The outputs of a node with several plain values.
inline NodeOutputs several(llvm::ArrayRef<mlir::Value> values) {
  NodeOutputs outputs;
  for (mlir::Value value : values)
    outputs.push_back(InputRef{value, "", nullptr});
  return outputs;
}

/// What an op may do with an input that Unique padded: most ops would
/// compute something TensorFlow does not (the padding shows), so only the
/// uses TensorFlow's optimizers make of deduplicated gradients are taken.
enum class PaddedUse {
  Rejected,   // an error naming the Unique node
  Propagates, // shape, slicing, element-wise: the outputs stay padded
  Consumes,   // the sparse updates, which skip the padding rows
};
/// How `op` may use a padded input of `element` type.
PaddedUse paddedUniqueUse(llvm::StringRef op, mlir::Type element);

/// Converts one node into kiln ops at the builder's insertion point.
using Converter = mlir::FailureOr<NodeOutputs> (*)(NodeContext &);

/// Converters for gradients, assignments and scatters into variables
/// (TrainingOpConverters.cpp).
const llvm::StringMap<Converter> &trainingConverters();
/// The shape arithmetic and backward ops TF's gradients are written with
/// (GradientHelperConverters.cpp).
const llvm::StringMap<Converter> &gradientHelperConverters();
/// The element-wise backward ops of activations, rsqrt, sqrt and
/// reciprocal (ActivationGradConverters.cpp).
const llvm::StringMap<Converter> &activationGradConverters();
/// Convolution and pooling, forward and backward (WindowOpConverters.cpp).
const llvm::StringMap<Converter> &windowConverters();
/// Ops written as formulas over other kiln ops (CompositeOpConverters.cpp).
const llvm::StringMap<Converter> &compositeConverters();
/// Slicing, padding, stacking, splitting and moving elements
/// (ShapeOpConverters.cpp).
const llvm::StringMap<Converter> &shapeConverters();
/// Math, logic and reductions beyond the core table (MathOpConverters.cpp).
const llvm::StringMap<Converter> &mathConverters();
/// Normalization, losses, depthwise convolution and resizing
/// (NNOpConverters.cpp).
const llvm::StringMap<Converter> &nnConverters();
/// GatherV2, ResourceGather, UnsortedSegmentSum, CheckNumerics
/// (IndexingOpConverters.cpp).
const llvm::StringMap<Converter> &indexingConverters();
/// TensorFlow's optimizer updates, dense and sparse
/// (OptimizerConverters.cpp).
const llvm::StringMap<Converter> &optimizerConverters();

/// Unique (UniqueConverter.cpp).
mlir::FailureOr<NodeOutputs> convertUnique(NodeContext &ctx);

/// Converts one node. Returns its outputs, or failure after an error.
mlir::FailureOr<NodeOutputs> convertNode(NodeContext &ctx);

/// True when some converter table converts `op`.
bool isKnownOp(llvm::StringRef op);

/// The element type of the node's outputs, for a node that is fed instead
/// of run (OpDTypes.cpp). Fails naming the attribute when it is missing.
mlir::FailureOr<mlir::Type> outputElementType(NodeContext &node);

/// The data input whose element type the op's `T` attribute states.
unsigned typedInput(llvm::StringRef op);

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_NODECONVERSION_H
