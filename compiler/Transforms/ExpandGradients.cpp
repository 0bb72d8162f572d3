//===- ExpandGradients.cpp - reverse-mode differentiation of kiln ops -----===//
//
// Each kiln.gradients op becomes the backward pass of the ops between its
// values and its loss: adjoints start at d loss / d loss = 1 and flow
// from each op's results to its operands, in reverse program order,
// through the rules in Autodiff/GradientRules.cpp. Only ops that depend on
// one of the values and that the loss depends on are differentiated; a
// value the loss does not depend on gets zeros. The backward ops are plain
// kiln ops inserted before the gradients op, so canonicalization, fusion
// and memory planning handle them like the forward ones.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Autodiff/GradientRules.h"
#include "compiler/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#define DEBUG_TYPE "kiln-expand-gradients"

namespace kiln {
#define GEN_PASS_DEF_EXPANDGRADIENTSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;
using namespace kiln::autodiff;

namespace {

LogicalResult expand(GradientsOp gradients) {
  Block *block = gradients->getBlock();
  // Values that depend on one of the xs (forward), in program order.
  llvm::SmallPtrSet<Value, 32> dependsOnX(gradients.getXs().begin(),
                                          gradients.getXs().end());
  SmallVector<Operation *> before;
  for (Operation &op : *block) {
    if (&op == gradients.getOperation())
      break;
    before.push_back(&op);
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return dependsOnX.contains(v); }))
      dependsOnX.insert(op.getResults().begin(), op.getResults().end());
  }

  OpBuilder builder(gradients);
  GradientBuilder g(builder, gradients.getLoc());
  llvm::DenseMap<Value, Value> adjoint;
  Value loss = gradients.getLoss();
  adjoint[loss] = g.scalar(cast<RankedTensorType>(loss.getType()).getElementType(), 1.0);

  for (Operation *op : llvm::reverse(before)) {
    bool reached = llvm::any_of(op->getResults(),
                                [&](Value r) { return adjoint.count(r); });
    if (auto stop = dyn_cast<StopGradientOp>(op);
        reached && stop && stop.getPreventMessage())
      return stop.emitOpError("is differentiated through, which the graph "
                              "forbids: ")
             << *stop.getPreventMessage();
    if (!reached || !isDifferentiable(op))
      continue;
    if (llvm::none_of(op->getOperands(),
                      [&](Value v) { return dependsOnX.contains(v); }))
      continue;
    auto resultAdjoint = [&](unsigned index) -> Value {
      return adjoint.lookup(op->getResult(index));
    };
    auto accumulate = [&](unsigned index, Value contribution) {
      Value operand = op->getOperand(index);
      if (!dependsOnX.contains(operand))
        return; // nothing upstream needs it; CSE/DCE drop the dead ops
      auto [it, inserted] = adjoint.try_emplace(operand, contribution);
      if (!inserted)
        it->second = g.add(it->second, contribution);
    };
    if (failed(backpropagate(op, g, resultAdjoint, accumulate)))
      return failure();
  }

  SmallVector<Value> results;
  for (Value x : gradients.getXs()) {
    Value dx = adjoint.lookup(x);
    results.push_back(dx ? dx : g.splat(cast<RankedTensorType>(x.getType()), 0.0));
  }
  gradients.replaceAllUsesWith(results);
  gradients.erase();
  return success();
}

struct ExpandGradientsPass
    : public kiln::impl::ExpandGradientsPassBase<ExpandGradientsPass> {
  void runOnOperation() override {
    SmallVector<GradientsOp> all;
    getOperation().walk([&](GradientsOp op) { all.push_back(op); });
    for (GradientsOp op : all)
      if (failed(expand(op)))
        return signalPassFailure();
    // With every gradient built, a stop is its operand again.
    getOperation().walk([](StopGradientOp stop) {
      stop.replaceAllUsesWith(stop.getX());
      stop.erase();
    });
  }
};

} // namespace
