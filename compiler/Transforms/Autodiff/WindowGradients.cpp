//===- WindowGradients.cpp - gradients of convolution and pooling ---------===//
//
// Written with forward ops only. The filter gradient of a convolution is
// itself a convolution of the input with the output gradient, batch and
// channels swapped, the forward strides and dilations trading places; the
// input gradient (stride 1) convolves the padded output gradient with the
// spatially flipped filter, input and output channels swapped. Pools whose
// windows tile the input (window = stride, no padding) route each output
// gradient back over its window: to the maximum (shared among ties) or
// spread evenly for the average.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Autodiff/GradientRules.h"

#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;

namespace kiln::autodiff {
namespace {


LogicalResult conv2dRule(Conv2DOp op, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  auto x = tensorTypeOf(op.getInput()), w = tensorTypeOf(op.getFilter()), y = tensorTypeOf(dy);
  ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
  std::optional<ArrayRef<int64_t>> explicitPads;
  if (auto pads = op.getExplicitPaddings())
    explicitPads = *pads;
  WindowPads pads[2];
  int64_t extra[2];
  for (int dim = 0; dim < 2; ++dim) {
    pads[dim] = windowPadding(x.getDimSize(1 + dim), w.getDimSize(dim), s[dim],
                              d[dim], op.getPadding(), explicitPads, dim);
    // Padded rows or columns past the last window the forward op reads.
    extra[dim] = x.getDimSize(1 + dim) + pads[dim].before + pads[dim].after -
                 ((y.getDimSize(1 + dim) - 1) * s[dim] +
                  (w.getDimSize(dim) - 1) * d[dim] + 1);
    if (extra[dim] > pads[dim].after)
      return op.emitOpError("has no gradient in kiln yet for windows that "
                            "leave input rows or columns unread");
  }

  // dW[kh,kw,c,f] = sum over n,oh,ow of xpad[n, oh*s + kh*d, ow*s + kw*d, c]
  // * dy[n,oh,ow,f]: a conv of x^T [C,H,W,N] with dy^T [OH,OW,N,F].
  Value filterGrad = g.conv2d(
      g.transpose(op.getInput(), {3, 1, 2, 0}), g.transpose(dy, {1, 2, 0, 3}),
      d, s,
      {pads[0].before, pads[0].after - extra[0], pads[1].before,
       pads[1].after - extra[1]});
  accumulate(1, g.transpose(filterGrad, {1, 2, 0, 3}));

  if (s[0] != 1 || s[1] != 1)
    return op.emitOpError("has no input gradient in kiln yet for strides "
                          "other than 1");
  int64_t full[2] = {(w.getDimSize(0) - 1) * d[0], (w.getDimSize(1) - 1) * d[1]};
  SmallVector<int64_t> backPads = {full[0] - pads[0].before, full[0] - pads[0].after,
                                   full[1] - pads[1].before, full[1] - pads[1].after};
  if (llvm::any_of(backPads, [](int64_t p) { return p < 0; }))
    return op.emitOpError("has no input gradient in kiln yet for padding "
                          "wider than the window");
  Value flipped = g.transpose(g.reverse(op.getFilter(), {0, 1}), {0, 1, 3, 2});
  accumulate(0, g.conv2d(dy, flipped, {1, 1}, d, backPads));
  return success();
}

/// Window = stride and no padding: the windows tile the input exactly.
bool tiles(RankedTensorType input, ArrayRef<int64_t> ksize,
           ArrayRef<int64_t> strides) {
  return ksize == strides && input.getDimSize(1) % ksize[0] == 0 &&
         input.getDimSize(2) % ksize[1] == 0;
}

} // namespace

LogicalResult windowRule(Operation *op, GradientBuilder &g, Value dy,
                         AccumulateOperand accumulate) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return conv2dRule(conv, g, dy, accumulate);
  if (auto pool = dyn_cast<MaxPoolOp>(op)) {
    Value x = pool.getInput();
    if (!tiles(tensorTypeOf(x), pool.getKsize(), pool.getStrides()))
      return op->emitOpError("has no gradient in kiln yet for windows that "
                             "overlap, skip or pad the input");
    Type element = tensorTypeOf(x).getElementType();
    ArrayRef<int64_t> k = pool.getKsize();
    Value mask = g.indicator(g.equal(x, g.upsample(pool.getResult(), k)), element);
    Value ties = g.mul(g.avgPool(mask, k), g.scalar(element, double(k[0] * k[1])));
    accumulate(0, g.mul(mask, g.upsample(g.div(dy, ties), k)));
    return success();
  }
  if (auto pool = dyn_cast<AvgPoolOp>(op)) {
    Value x = pool.getInput();
    if (!tiles(tensorTypeOf(x), pool.getKsize(), pool.getStrides()))
      return op->emitOpError("has no gradient in kiln yet for windows that "
                             "overlap, skip or pad the input");
    ArrayRef<int64_t> k = pool.getKsize();
    Type element = tensorTypeOf(x).getElementType();
    accumulate(0, g.upsample(g.div(dy, g.scalar(element, double(k[0] * k[1]))), k));
    return success();
  }
  return failure();
}

} // namespace kiln::autodiff
