//===- OnnxConversion.h - one ONNX node -> kiln ops -------------*- C++ -*-===//
//
// Private to the ONNX importer. An OnnxNode hands a converter the node,
// its inputs (a null Value where an optional input is omitted), the
// model's opset and helpers that read attributes and report errors as
// "<file>: node '<name>' (<OpType>, opset N): <message>".
//
// Converters register per op type and the opset version their semantics
// start at; the importer picks the newest one not above the model's opset.
// One function may serve several versions (reading OnnxNode::opset); its
// entries still list each version where ONNX changed the op, so the op
// table shows them.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_ONNXCONVERSION_H
#define KILN_FRONTENDS_ONNX_ONNXCONVERSION_H

#include "frontends/Emit/OpEmitter.h"
#include "frontends/ONNX/proto/onnx.pb.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/StringMap.h"

#include <string>

namespace kiln::onnximport {

/// The oldest and newest default-domain opsets kiln imports.
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 25;

class OnnxNode : public frontend::OpEmitter {
public:
  OnnxNode(const onnx::NodeProto &node, llvm::StringRef name,
           llvm::SmallVector<mlir::Value> inputs, int64_t opset,
           mlir::OpBuilder &builder, mlir::Location loc,
           llvm::StringRef fileName)
      : OpEmitter(builder, loc), node(node), name(name),
        inputs(std::move(inputs)), opset(opset), fileName(fileName) {}

  const onnx::NodeProto &node;
  /// The node's name, or "#<index>" for an unnamed node.
  llvm::StringRef name;
  llvm::SmallVector<mlir::Value> inputs;
  int64_t opset;
  llvm::StringRef fileName;

  /// Emits the node's error prefix and `message`, and fails.
  mlir::LogicalResult fail(const llvm::Twine &message) const override;

  /// Checks the node has between `min` and `max` inputs (omitted optional
  /// inputs at the end do not count).
  mlir::LogicalResult expectInputs(unsigned min, unsigned max) const;
  mlir::LogicalResult expectInputs(unsigned count) const {
    return expectInputs(count, count);
  }
  /// Input `i`, or null when it is omitted or absent.
  mlir::Value input(unsigned i) const {
    return i < inputs.size() ? inputs[i] : mlir::Value();
  }
  mlir::RankedTensorType inputType(unsigned i) const {
    return llvm::cast<mlir::RankedTensorType>(inputs[i].getType());
  }
  /// Values of integer input `i` known at compile time (a constant, or
  /// folded from constants); fails naming it as `what` otherwise.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  constantInts(unsigned i, llvm::StringRef what) const;
  /// The one value of such an input (a scalar or one-element tensor).
  mlir::FailureOr<int64_t> constantInt(unsigned i, llvm::StringRef what) const;
  /// Element `0` of a scalar (or one-element) constant float input.
  mlir::FailureOr<double> constantScalar(unsigned i,
                                         llvm::StringRef what) const;

  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t fallback) const;
  float floatAttr(llvm::StringRef name, float fallback) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef fallback) const;
  /// Null when the attribute is absent.
  std::optional<llvm::SmallVector<int64_t>>
  intsAttr(llvm::StringRef name) const;
};

using NodeResults = llvm::SmallVector<mlir::Value, 1>;

/// The results of a node with one output.
inline NodeResults one(mlir::Value value) { return NodeResults{value}; }

using frontend::axisInnermost;
using frontend::inversePermutation;
using frontend::productOf;
using frontend::typeOf;

using OnnxConverter = mlir::FailureOr<NodeResults> (*)(OnnxNode &);

/// One entry of the converter registry.
struct ConverterEntry {
  const char *opType;
  int64_t sinceVersion;
  OnnxConverter convert;
};

/// The tables of each converter file.
llvm::ArrayRef<ConverterEntry> elementwiseConverters();
llvm::ArrayRef<ConverterEntry> tensorConverters();
llvm::ArrayRef<ConverterEntry> nnConverters();
llvm::ArrayRef<ConverterEntry> reductionConverters();
llvm::ArrayRef<ConverterEntry> activationConverters();
llvm::ArrayRef<ConverterEntry> spatialConverters();
llvm::ArrayRef<ConverterEntry> recurrentConverters();
llvm::ArrayRef<ConverterEntry> poolConverters();

/// The converter for `opType` at `opset`, or null. When the op is known
/// only from a newer opset, `firstVersion` tells which.
OnnxConverter findConverter(llvm::StringRef opType, int64_t opset,
                            int64_t *firstVersion = nullptr);

/// Every op type kiln converts, with the opset versions it has converters
/// for, sorted by op type (the README's op table).
std::vector<std::pair<std::string, std::vector<int64_t>>> supportedOps();

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_ONNXCONVERSION_H
