//===- KilnTypeInference.h - shape and dtype rules of kiln ops --*- C++ -*-===//
//
// The single source of truth for what each kiln op accepts and produces.
// Verifiers, the ops' inferReturnTypes hooks, kiln-infer-shapes and the
// frontends all call these functions, so import-time and verify-time checks
// cannot drift apart.
//
// Every rule takes plain types and attribute values, reports a failure
// through an InferenceDiag (which may carry no location, e.g. when a
// frontend probes a candidate op) and returns the result type. Dynamic
// dimensions (ShapedType::kDynamic) are accepted everywhere and propagate.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_IR_KILNTYPEINFERENCE_H
#define KILN_DIALECTS_KILN_IR_KILNTYPEINFERENCE_H

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeRange.h"

#include <optional>

namespace kiln {

/// Reports shape-rule violations as "'<op>' op <message>" at an optional
/// location. Without a location the failure is silent.
class InferenceDiag {
public:
  InferenceDiag(std::optional<mlir::Location> loc, llvm::StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  mlir::LogicalResult fail(Args &&...args) const {
    return mlir::emitOptionalError(loc, "'", opName, "' op ",
                                   std::forward<Args>(args)...);
  }

private:
  std::optional<mlir::Location> loc;
  llvm::StringRef opName;
};

/// Most elements a folder materializes as a new constant; beyond this,
/// folding would bloat the IR for little gain.
constexpr int64_t kMaxFoldedElements = 4096;

/// True when both ranges have pairwise equal element types and ranks, and
/// dimensions that are equal or dynamic on either side.
bool areCompatibleTensorTypes(mlir::TypeRange lhs, mlir::TypeRange rhs);

/// Whether `type` is an element type of kiln's index tensors (TensorFlow's
/// int32 and int64 index dtypes): gather indices, segment ids, labels.
bool isIndexElement(mlir::Type type);

/// Maps `axis` in [-rank, rank) to [0, rank); nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// For builders that infer their result type: the type `rule` inferred,
/// or `fallback` when a rule is broken, so that the op is still built and
/// its verifier reports the broken rule at the op's location (frontends
/// verify the ops they build and name the node in the error).
inline mlir::Type inferredOr(mlir::FailureOr<mlir::Type> inferred,
                             mlir::Type fallback) {
  return mlir::succeeded(inferred) ? *inferred : fallback;
}

/// `type`'s shape with i1 elements (a comparison's fallback result type).
inline mlir::Type boolTensorLike(mlir::Type type) {
  auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(type);
  return tensor ? tensor.clone(mlir::IntegerType::get(type.getContext(), 1))
                : type;
}

/// Unary element-wise ops and softmax: the result has the operand's type.
mlir::FailureOr<mlir::Type> inferSameAsOperand(const InferenceDiag &diag,
                                               mlir::Type operand);

/// NumPy broadcast of two shapes; fails naming both shapes.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(const InferenceDiag &diag, llvm::ArrayRef<int64_t> lhs,
                llvm::ArrayRef<int64_t> rhs);

mlir::FailureOr<mlir::Type> inferBinaryElementwise(const InferenceDiag &diag,
                                                   mlir::Type lhs,
                                                   mlir::Type rhs);
mlir::FailureOr<mlir::Type> inferCompare(const InferenceDiag &diag,
                                         mlir::Type lhs, mlir::Type rhs);
mlir::FailureOr<mlir::Type> inferSelect(const InferenceDiag &diag,
                                        mlir::Type condition,
                                        mlir::Type onTrue,
                                        mlir::Type onFalse);

/// TensorFlow's padding before and after one spatial dimension (`dim` 0
/// for height, 1 for width) of a window op: SAME splits the total with the
/// extra element after, VALID pads nothing, EXPLICIT reads the pairs.
struct WindowPads {
  int64_t before = 0, after = 0;
};
WindowPads windowPadding(int64_t in, int64_t window, int64_t stride,
                         int64_t dilation, Padding padding,
                         std::optional<llvm::ArrayRef<int64_t>> explicitPads,
                         int dim);

mlir::FailureOr<mlir::Type> inferMatMul(const InferenceDiag &diag,
                                        mlir::Type a, mlir::Type b,
                                        bool transposeA, bool transposeB);
mlir::FailureOr<mlir::Type> inferBiasAdd(const InferenceDiag &diag,
                                         mlir::Type value, mlir::Type bias);
mlir::FailureOr<mlir::Type>
inferConv2D(const InferenceDiag &diag, mlir::Type input, mlir::Type filter,
            llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
            Padding padding,
            std::optional<llvm::ArrayRef<int64_t>> explicitPaddings);
mlir::FailureOr<mlir::Type> inferPool(const InferenceDiag &diag,
                                      mlir::Type input,
                                      llvm::ArrayRef<int64_t> ksize,
                                      llvm::ArrayRef<int64_t> strides,
                                      Padding padding);
mlir::LogicalResult
inferSparseSoftmaxCrossEntropy(const InferenceDiag &diag, mlir::Type features,
                               mlir::Type labels,
                               llvm::SmallVectorImpl<mlir::Type> &results);

mlir::FailureOr<mlir::Type> inferReduce(const InferenceDiag &diag,
                                        mlir::Type input,
                                        llvm::ArrayRef<int64_t> axes,
                                        bool keepDims);
/// argmax's index type is not a function of its operand; the caller passes
/// the element type it wants (the declared one when verifying).
mlir::FailureOr<mlir::Type> inferArgMax(const InferenceDiag &diag,
                                        mlir::Type input, int64_t axis,
                                        mlir::Type indexType);
mlir::FailureOr<mlir::Type> inferInTopK(const InferenceDiag &diag,
                                        mlir::Type predictions,
                                        mlir::Type targets, int64_t k);

/// params[:axis] + indices + params[axis+1:].
mlir::FailureOr<mlir::Type> inferGather(const InferenceDiag &diag,
                                        mlir::Type params, mlir::Type indices,
                                        int64_t axis);
/// [numSegments] + data[rank(segmentIds):], segmentIds a prefix of data.
mlir::FailureOr<mlir::Type> inferUnsortedSegmentSum(const InferenceDiag &diag,
                                                    mlir::Type data,
                                                    mlir::Type segmentIds,
                                                    int64_t numSegments);

mlir::FailureOr<mlir::Type> inferTranspose(const InferenceDiag &diag,
                                           mlir::Type input,
                                           llvm::ArrayRef<int64_t> perm);
mlir::FailureOr<mlir::Type> inferConcat(const InferenceDiag &diag,
                                        mlir::TypeRange inputs, int64_t axis);

/// `result` with its one dynamic dimension computed from the element count
/// when `input` is static (TensorFlow's -1); `result` unchanged otherwise.
mlir::RankedTensorType refineReshapeResult(mlir::RankedTensorType input,
                                           mlir::RankedTensorType result);

/// Checks a reshape from `input` to `result`: same element type, at most one
/// dynamic result dimension, equal element counts when both are static.
mlir::LogicalResult verifyReshape(const InferenceDiag &diag, mlir::Type input,
                                  mlir::Type result);

} // namespace kiln

#endif // KILN_DIALECTS_KILN_IR_KILNTYPEINFERENCE_H
