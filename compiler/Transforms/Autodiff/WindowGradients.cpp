//===- WindowGradients.cpp - gradients of convolution and pooling ---------===//
//
// Each window op's gradient is its TensorFlow gradient op (the ops a
// TF-written training graph holds), with the forward op's attributes:
// kiln.conv2d_backprop_input/filter, kiln.max_pool_grad (the gradient goes
// to each window's first maximum) and kiln.avg_pool_grad.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Autodiff/GradientRules.h"

using namespace mlir;

namespace kiln::autodiff {

LogicalResult windowRule(Operation *op, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    DenseI64ArrayAttr pads = conv.getExplicitPaddingsAttr();
    accumulate(0, g.create<Conv2DBackpropInputOp>(
                      conv.getInput().getType(), conv.getFilter(), dy,
                      conv.getStrides(), conv.getDilations(), conv.getPadding(),
                      pads));
    accumulate(1, g.create<Conv2DBackpropFilterOp>(
                      conv.getFilter().getType(), conv.getInput(), dy,
                      conv.getStrides(), conv.getDilations(), conv.getPadding(),
                      pads));
    return success();
  }
  if (auto pool = dyn_cast<MaxPoolOp>(op)) {
    accumulate(0, g.create<MaxPoolGradOp>(
                      pool.getInput().getType(), pool.getInput(),
                      pool.getResult(), dy, pool.getKsize(), pool.getStrides(),
                      pool.getPadding()));
    return success();
  }
  if (auto pool = dyn_cast<AvgPoolOp>(op)) {
    accumulate(0, g.create<AvgPoolGradOp>(pool.getInput().getType(), dy,
                                          pool.getKsize(), pool.getStrides(),
                                          pool.getPadding()));
    return success();
  }
  return failure();
}

} // namespace kiln::autodiff
