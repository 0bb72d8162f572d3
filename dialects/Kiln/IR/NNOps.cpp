//===- NNOps.cpp - matmul, bias_add, conv2d, pooling, softmax, xent -------===//

#include "dialects/Kiln/IR/KilnOpHelpers.h"
#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

KILN_DEFINE_TYPE_INFERENCE(MatMulOp, inferMatMul, getA().getType(),
                           getB().getType(), getTransposeA(),
                           getTransposeB())

KILN_DEFINE_TYPE_INFERENCE(BiasAddOp, inferBiasAdd,
                           getValue().getType(),
                           getBias().getType())

KILN_DEFINE_TYPE_INFERENCE(Conv2DOp, inferConv2D,
                           getInput().getType(),
                           getFilter().getType(), getStrides(),
                           getDilations(), getPadding(),
                           getExplicitPaddings())

KILN_DEFINE_TYPE_INFERENCE(MaxPoolOp, inferPool, getInput().getType(),
                           getKsize(), getStrides(),
                           getPadding())

KILN_DEFINE_TYPE_INFERENCE(AvgPoolOp, inferPool, getInput().getType(),
                           getKsize(), getStrides(),
                           getPadding())

LogicalResult SparseSoftmaxCrossEntropyWithLogitsOp::inferResultTypes(
    std::optional<Location> loc, SmallVectorImpl<Type> &inferred) {
  return inferSparseSoftmaxCrossEntropy(InferenceDiag(loc, getOperationName()),
                                        getFeatures().getType(),
                                        getLabels().getType(), inferred);
}

KILN_DEFINE_TYPE_INFERENCE(SoftmaxOp, inferSameAsOperand, getLogits().getType())
KILN_DEFINE_TYPE_INFERENCE(LogSoftmaxOp, inferSameAsOperand,
                           getLogits().getType())

static LogicalResult verifySoftmaxLike(Operation *op, Type logits) {
  if (cast<RankedTensorType>(logits).getRank() < 1)
    return op->emitOpError("expected logits of rank at least 1, got ")
           << logits;
  return success();
}

LogicalResult SoftmaxOp::verify() {
  return verifySoftmaxLike(*this, getLogits().getType());
}

LogicalResult LogSoftmaxOp::verify() {
  return verifySoftmaxLike(*this, getLogits().getType());
}
