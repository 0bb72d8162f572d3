//===- UnshareEmptyTensors.cpp - one tensor.empty per destination ---------===//
//
// CSE merges identical tensor.empty ops, and one-shot bufferization then
// hands two unrelated ops the same buffer whenever the first result is dead
// by the time the second op writes: a GEMM epilogue ended up writing over
// the GEMM's own input. Which buffers share bytes is memory planning's
// decision, made on liveness of the final ops (a library call counts as
// one op), so each destination gets its own empty tensor again.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#define DEBUG_TYPE "kiln-unshare-empty-tensors"

namespace kiln {
#define GEN_PASS_DEF_UNSHAREEMPTYTENSORSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct UnshareEmptyTensorsPass
    : public kiln::impl::UnshareEmptyTensorsPassBase<UnshareEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> shared;
    getOperation().walk([&](tensor::EmptyOp empty) {
      if (!empty->hasOneUse() && !empty->use_empty())
        shared.push_back(empty);
    });
    for (tensor::EmptyOp empty : shared) {
      SmallVector<OpOperand *> uses = llvm::map_to_vector(
          empty->getUses(), [](OpOperand &use) { return &use; });
      // Use lists run newest first; the original stays with the first user
      // in program order.
      llvm::stable_sort(uses, [](OpOperand *a, OpOperand *b) {
        Operation *x = a->getOwner(), *y = b->getOwner();
        return x->getBlock() == y->getBlock() && x != y &&
               x->isBeforeInBlock(y);
      });
      // The first use keeps the original; every other gets a clone placed
      // right before its user, so each clone dominates exactly one use.
      for (OpOperand *use : llvm::drop_begin(uses)) {
        OpBuilder builder(use->getOwner());
        use->set(builder.clone(*empty)->getResult(0));
      }
    }
  }
};

} // namespace
