//===- FuseElementwise.cpp - merge element-wise loop nests, no recompute --===//
//
// linalg's element-wise fusion folds a producer into any consumer, even one
// that reads each produced element many times: a bias + relu fused into the
// next matmul was recomputed once per output column, and a matmul that was
// not a plain GEMM any more could not be handed to the kernel library. Here
// a producer only merges into a consumer that reads each of its elements
// exactly once.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "kiln-fuse-elementwise"

namespace kiln {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// How large a fused loop nest may grow. Each fusion copies both bodies,
/// so without a bound a chain of N element-wise ops (an AddN over 20,000
/// tensors: operands repeat, so their count stays small while the body
/// grows) costs O(N^2) to fuse into one nest. Real chains (softmax, an
/// Adam update) stay far below; a longer one becomes several nests.
constexpr unsigned kMaxFusedOperands = 64;
constexpr size_t kMaxFusedBodyOps = 1024;

size_t bodyOps(Operation *op) {
  size_t count = 0;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      count += block.getOperations().size();
  return count;
}

/// The consumer reads each element of the fused operand in exactly one
/// iteration, the producer has no other user that would keep it alive, and
/// the fused nest stays within the bounds above.
bool fusesWithoutRecompute(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  if (!producer || !producer->hasOneUse())
    return false;
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  if (!consumer || !consumer.getMatchingIndexingMap(fused).isPermutation())
    return false;
  return producer->getNumOperands() + consumer->getNumOperands() <=
             kMaxFusedOperands + 1 &&
         bodyOps(producer) + bodyOps(consumer) <= kMaxFusedBodyOps;
}

struct FuseElementwisePass
    : public kiln::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, fusesWithoutRecompute);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      fusesWithoutRecompute);
    linalg::populateEraseUnnecessaryInputsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
