//===- MapKernelsToGpu.cpp - GPU kernel functions to gpu.launch -----------===//

#include "compiler/Target/CUDA/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Conversion/SCFToGPU/SCFToGPUPass.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#define DEBUG_TYPE "kiln-map-kernels-to-gpu"

namespace kiln {
#define GEN_PASS_DEF_MAPKERNELSTOGPUPASS
#include "compiler/Target/CUDA/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Splits the innermost dimension of `loop` (constant bounds from 0, step
/// 1) into blocks of `blockSize` lanes: an outer loop over the other
/// dimensions and the blocks, and an inner loop over the lanes, guarded
/// where the last block runs past the end. gpu-map-parallel-loops then
/// maps the outer loop to the grid and the inner one to a block's threads.
LogicalResult splitIntoBlocks(scf::ParallelOp loop, int64_t blockSize) {
  unsigned rank = loop.getNumLoops();
  SmallVector<int64_t> upper;
  for (auto [lower, bound, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    APInt lowerValue, boundValue, stepValue;
    if (!matchPattern(lower, m_ConstantInt(&lowerValue)) ||
        !matchPattern(bound, m_ConstantInt(&boundValue)) ||
        !matchPattern(step, m_ConstantInt(&stepValue)) ||
        !lowerValue.isZero() || !stepValue.isOne())
      return loop.emitOpError("has bounds a GPU kernel cannot take: the "
                              "lowering gives every loop static bounds "
                              "from 0 with step 1");
    upper.push_back(boundValue.getSExtValue());
  }
  int64_t inner = upper.back();
  int64_t lanes = std::min(blockSize, inner);
  int64_t blocks = (inner + lanes - 1) / lanes;

  OpBuilder b(loop);
  Location loc = loop.getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  SmallVector<Value> outerLower(rank, index(0)), outerStep(rank, index(1));
  SmallVector<Value> outerUpper;
  for (unsigned d = 0; d + 1 < rank; ++d)
    outerUpper.push_back(index(upper[d]));
  outerUpper.push_back(index(blocks));
  auto outer =
      scf::ParallelOp::create(b, loc, outerLower, outerUpper, outerStep);
  b.setInsertionPointToStart(outer.getBody());
  auto innerLoop =
      scf::ParallelOp::create(b, loc, ValueRange{index(0)},
                              ValueRange{index(lanes)}, ValueRange{index(1)});
  b.setInsertionPointToStart(innerLoop.getBody());
  Value position = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, outer.getInductionVars().back(),
                            index(lanes)),
      innerLoop.getInductionVars().front());
  Block *body = b.getInsertionBlock();
  if (blocks * lanes != inner) {
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                         position, index(inner));
    auto guard = scf::IfOp::create(b, loc, inside, /*withElseRegion=*/false);
    body = guard.thenBlock();
    b.setInsertionPointToStart(body);
  }
  IRMapping mapping;
  for (unsigned d = 0; d + 1 < rank; ++d)
    mapping.map(loop.getInductionVars()[d], outer.getInductionVars()[d]);
  mapping.map(loop.getInductionVars().back(), position);
  for (Operation &op : loop.getBody()->without_terminator())
    b.clone(op, mapping);
  loop.erase();
  return success();
}

struct MapKernelsToGpuPass
    : public kiln::impl::MapKernelsToGpuPassBase<MapKernelsToGpuPass> {
  using MapKernelsToGpuPassBase::MapKernelsToGpuPassBase;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024) {
      getOperation().emitError("block-size must be in [1, 1024], got ")
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    OpPassManager toLoops(func::FuncOp::getOperationName());
    toLoops.addPass(createConvertLinalgToParallelLoopsPass());
    toLoops.addPass(createCanonicalizerPass());
    OpPassManager toLaunches(func::FuncOp::getOperationName());
    toLaunches.addPass(createGpuMapParallelLoopsPass());
    toLaunches.addPass(createConvertParallelLoopToGpuPass());
    toLaunches.addPass(createCanonicalizerPass());
    OpPassManager tidy(func::FuncOp::getOperationName());
    tidy.addPass(createCanonicalizerPass());

    for (func::FuncOp kernel : getOperation().getOps<func::FuncOp>()) {
      kiln::KernelAttr kind = kiln::getKernel(kernel);
      if (!kind || !kind.getDevice() || kind.getDevice().getType() != "GPU" ||
          kernel.isExternal())
        continue;
      if (failed(runPipeline(toLoops, kernel)))
        return signalPassFailure();
      SmallVector<scf::ParallelOp> loops;
      for (Operation &op : kernel.getBody().front())
        if (auto loop = dyn_cast<scf::ParallelOp>(op))
          loops.push_back(loop);
      for (scf::ParallelOp loop : loops)
        if (failed(splitIntoBlocks(loop, blockSize)))
          return signalPassFailure();
      if (failed(runPipeline(hostEmulation ? tidy : toLaunches, kernel)))
        return signalPassFailure();
    }
  }
};

} // namespace
