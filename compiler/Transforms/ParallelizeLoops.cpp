//===- ParallelizeLoops.cpp - large linalg ops to parallel loops ----------===//
//
// A linalg op with enough iterations, whose outermost loop is parallel,
// becomes a loop nest whose outermost loop is an scf.parallel; every other
// loop stays sequential, so the innermost loop LLVM vectorizes is the same
// as before. convert-scf-to-openmp then makes each such loop one OpenMP
// worksharing loop, which the CPU kernel library runs on its threads.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_PARALLELIZELOOPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The number of iterations of every loop of `op`, or nullopt when one is
/// not static.
std::optional<SmallVector<int64_t>> staticTrips(linalg::LinalgOp op) {
  SmallVector<int64_t> trips = op.getStaticLoopRanges();
  if (llvm::any_of(trips, ShapedType::isDynamic))
    return std::nullopt;
  return trips;
}

/// Replaces `loop` (no iteration arguments) by an scf.parallel with the
/// same bounds and body.
void makeParallel(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = parallel.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(loop.getBody(), body, body->end(),
                             body->getArguments());
  // The for loop's yield becomes the parallel loop's (empty) reduce.
  Operation *yield = body->getTerminator();
  rewriter.setInsertionPoint(yield);
  scf::ReduceOp::create(rewriter, yield->getLoc());
  rewriter.eraseOp(yield);
  rewriter.eraseOp(loop);
}

struct ParallelizeLoopsPass
    : public kiln::impl::ParallelizeLoopsPassBase<ParallelizeLoopsPass> {
  using ParallelizeLoopsPassBase::ParallelizeLoopsPassBase;

  void runOnOperation() override {
    // A copy into or out of a strided view would become a call to the
    // runtime's generic element-by-element copy; as linalg.copy it is a
    // loop nest like any other op (vectorized, and split when large).
    // Contiguous copies stay memcpy.
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](memref::CopyOp copy) {
      auto source = cast<MemRefType>(copy.getSource().getType());
      auto target = cast<MemRefType>(copy.getTarget().getType());
      if (source.getLayout().isIdentity() && target.getLayout().isIdentity())
        return;
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    });

    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureBufferSemantics() || op->getParentOfType<scf::ForOp>() ||
          op->getParentOfType<scf::ParallelOp>())
        return;
      std::optional<SmallVector<int64_t>> trips = staticTrips(op);
      if (!trips || trips->empty() || (*trips)[0] < 2 ||
          op.getIteratorTypesArray()[0] != utils::IteratorType::parallel)
        return;
      int64_t total = 1;
      for (int64_t trip : *trips)
        total *= trip;
      if (total >= minIterations)
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops = linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops) || loops->empty())
        continue;
      rewriter.eraseOp(op);
      if (auto outer = dyn_cast<scf::ForOp>(loops->front());
          outer && outer.getInitArgs().empty())
        makeParallel(rewriter, outer);
    }
  }
};

} // namespace
