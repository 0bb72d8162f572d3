//===- NNOps.cpp - matmul, bias_add, conv2d, pooling, softmax, xent -------===//

#include "dialects/Kiln/IR/KilnOpHelpers.h"
#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

KILN_DEFINE_TYPE_INFERENCE(MatMulOp, inferMatMul, adaptor.getA().getType(),
                           adaptor.getB().getType(), adaptor.getTransposeA(),
                           adaptor.getTransposeB())

KILN_DEFINE_TYPE_INFERENCE(BiasAddOp, inferBiasAdd,
                           adaptor.getValue().getType(),
                           adaptor.getBias().getType())

KILN_DEFINE_TYPE_INFERENCE(Conv2DOp, inferConv2D,
                           adaptor.getInput().getType(),
                           adaptor.getFilter().getType(), adaptor.getStrides(),
                           adaptor.getDilations(), adaptor.getPadding(),
                           adaptor.getExplicitPaddings())

KILN_DEFINE_TYPE_INFERENCE(MaxPoolOp, inferPool, adaptor.getInput().getType(),
                           adaptor.getKsize(), adaptor.getStrides(),
                           adaptor.getPadding())

KILN_DEFINE_TYPE_INFERENCE(AvgPoolOp, inferPool, adaptor.getInput().getType(),
                           adaptor.getKsize(), adaptor.getStrides(),
                           adaptor.getPadding())

LogicalResult SparseSoftmaxCrossEntropyWithLogitsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferSparseSoftmaxCrossEntropy(
      InferenceDiag(loc, getOperationName()), adaptor.getFeatures().getType(),
      adaptor.getLabels().getType(), inferred);
}

bool SparseSoftmaxCrossEntropyWithLogitsOp::isCompatibleReturnTypes(
    TypeRange l, TypeRange r) {
  return areCompatibleTensorTypes(l, r);
}

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
