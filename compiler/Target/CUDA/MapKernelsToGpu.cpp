//===- MapKernelsToGpu.cpp - GPU kernel functions to gpu.launch -----------===//

#include "compiler/Target/CUDA/Passes.h"

#include "compiler/Target/CUDA/GpuLoops.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Conversion/SCFToGPU/SCFToGPUPass.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
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

/// Ops that may stay in a GPU kernel function outside its launches: they
/// run on the host and touch no element.
bool runsOnHost(Operation &op) {
  return isPure(&op) || isa<ViewLikeOpInterface>(op) ||
         isa<memref::AllocOp, memref::DeallocOp, memref::ReshapeOp,
             memref::GetGlobalOp, func::ReturnOp, gpu::LaunchOp>(op);
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
    OpPassManager generalize(func::FuncOp::getOperationName());
    generalize.addPass(createLinalgGeneralizeNamedOpsPass());
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
      if (failed(runPipeline(generalize, kernel)) ||
          failed(mapKernel(kernel)) ||
          failed(runPipeline(hostEmulation ? tidy : toLaunches, kernel)))
        return signalPassFailure();
    }
  }

  /// Every op of `kernel` that touches elements becomes loops over blocks
  /// of threads; anything else that would run on device memory is an
  /// error, never host code reading it.
  LogicalResult mapKernel(func::FuncOp kernel) {
    SmallVector<Operation *> ops;
    for (Operation &op : kernel.getBody().front())
      ops.push_back(&op);
    SmallVector<scf::ParallelOp> perElement;
    for (Operation *op : ops) {
      FailureOr<kiln::GpuLoops> loops;
      if (auto generic = dyn_cast<linalg::GenericOp>(op))
        loops = kiln::emitGpuLoops(generic, blockSize, hostEmulation);
      else if (auto copy = dyn_cast<memref::CopyOp>(op))
        loops = kiln::emitGpuCopy(copy);
      else if (runsOnHost(*op))
        continue;
      else
        return op->emitOpError("cannot run in GPU kernel @")
               << kernel.getSymName()
               << ": it would run on the host over device memory (an op "
                  "with run-time checks, such as integer division, has no "
                  "GPU kernel yet)";
      if (failed(loops))
        return failure();
      if (loops->perElement)
        perElement.push_back(loops->perElement);
    }
    for (scf::ParallelOp loop : perElement)
      if (failed(splitIntoBlocks(loop, blockSize)))
        return failure();
    return success();
  }
};

} // namespace
