//===- WindowGradientOps.cpp - backward conv and pooling verifiers --------===//
//
// Every window gradient op is checked against its forward op: running the
// forward shape rule on the gradient's result (or on the given forward
// operand) must give the incoming gradient's type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;
using namespace kiln;

/// Fails unless `forward` (a forward rule's result) is `incoming`'s type.
static LogicalResult checkForward(Operation *op, FailureOr<Type> forward,
                                  Type incoming, StringRef incomingName) {
  if (failed(forward))
    return failure();
  if (!areCompatibleTensorTypes(*forward, incoming))
    return op->emitOpError("expects ")
           << incomingName << " of type " << *forward
           << " (the forward op's output), got " << incoming;
  return success();
}

LogicalResult Conv2DBackpropInputOp::verify() {
  InferenceDiag diag(getLoc(), getOperationName());
  return checkForward(*this,
                      inferConv2D(diag, getType(), getFilter().getType(),
                                  getStrides(), getDilations(), getPadding(),
                                  getExplicitPaddings()),
                      getOutBackprop().getType(), "out_backprop");
}

LogicalResult Conv2DBackpropFilterOp::verify() {
  InferenceDiag diag(getLoc(), getOperationName());
  return checkForward(*this,
                      inferConv2D(diag, getInput().getType(), getType(),
                                  getStrides(), getDilations(), getPadding(),
                                  getExplicitPaddings()),
                      getOutBackprop().getType(), "out_backprop");
}

LogicalResult MaxPoolGradOp::verify() {
  InferenceDiag diag(getLoc(), getOperationName());
  FailureOr<Type> forward = inferPool(diag, getInput().getType(), getKsize(),
                                      getStrides(), getPadding());
  if (failed(checkForward(*this, forward, getOutput().getType(), "output")))
    return failure();
  return checkForward(*this, forward, getGrad().getType(), "grad");
}

LogicalResult AvgPoolGradOp::verify() {
  InferenceDiag diag(getLoc(), getOperationName());
  if (getType().getElementType() != getGrad().getType().getElementType())
    return emitOpError("expects the result's element type to be grad's, got ")
           << getType();
  return checkForward(*this,
                      inferPool(diag, getType(), getKsize(), getStrides(),
                                getPadding()),
                      getGrad().getType(), "grad");
}
