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

/// Ops that may stay in a GPU kernel function or step outside its
/// launches: they run on the host and touch no element (a run-time check
/// reports scalars the host read; a step calls its kernels).
bool runsOnHost(Operation &op) {
  return isPure(&op) || isa<ViewLikeOpInterface>(op) ||
         isa<memref::AllocOp, memref::DeallocOp, memref::ReshapeOp,
             memref::GetGlobalOp, func::ReturnOp, func::CallOp, gpu::LaunchOp,
             kiln::RuntimeCheckOp>(op);
}

constexpr llvm::StringLiteral kCopyToHost = "kiln_cuda_copy_to_host";

/// The CUDA layer's `kiln_cuda_copy_to_host(host, device, bytes)`
/// (gpu_runtime.h), declared in `module` once.
func::FuncOp copyToHostFunction(ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(kCopyToHost))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type i64 = b.getI64Type();
  auto function = func::FuncOp::create(b, module.getLoc(), kCopyToHost,
                                       b.getFunctionType({i64, i64, i64}, {}));
  function.setPrivate();
  return function;
}

/// A load a GPU kernel function or step does outside its launches (a
/// run-time check's first bad position and value, which a launch
/// computed) reads device memory from the host: it becomes a copy of that one element
/// into a host buffer, which the host then loads.
LogicalResult readOnHost(memref::LoadOp load, func::FuncOp copyToHost) {
  Type element = load.getMemRefType().getElementType();
  if (!element.isIntOrFloat())
    return load.emitOpError("reads a ")
           << element << " element of device memory on the host";
  OpBuilder b(load);
  Location loc = load.getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  int64_t bytes = std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
  auto layout =
      memref::ExtractStridedMetadataOp::create(b, loc, load.getMemRef());
  Value position = layout.getOffset();
  for (auto [at, stride] : llvm::zip(load.getIndices(), layout.getStrides()))
    position = arith::AddIOp::create(b, loc, position,
                                     arith::MulIOp::create(b, loc, at, stride));
  Value device = arith::AddIOp::create(
      b, loc,
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, load.getMemRef()),
      arith::MulIOp::create(b, loc, position, index(bytes)));
  auto host = memref::AllocaOp::create(b, loc, MemRefType::get({}, element));
  Type i64 = b.getI64Type();
  auto asI64 = [&](Value value) -> Value {
    return arith::IndexCastOp::create(b, loc, i64, value);
  };
  func::CallOp::create(
      b, loc, copyToHost,
      ValueRange{
          asI64(memref::ExtractAlignedPointerAsIndexOp::create(b, loc, host)),
          asI64(device), asI64(index(bytes))});
  load.replaceAllUsesWith(
      memref::LoadOp::create(b, loc, host, ValueRange{}).getResult());
  load.erase();
  return success();
}

/// A constant is a host global; kernels that read one directly get their
/// own device copy (the launch clones the global into its gpu.module), but
/// one passed to a call (a kernel function, a library call's function)
/// would reach a launch or cuBLASLt as a host address. Such an operand is
/// copied into a device buffer first, by a copy that becomes a launch.
void passConstantsOnDevice(func::FuncOp function) {
  SmallVector<func::CallOp> calls(
      function.getBody().front().getOps<func::CallOp>());
  for (func::CallOp call : calls) {
    for (OpOperand &operand : call->getOpOperands()) {
      Value root = operand.get();
      while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
        root = view.getViewSource();
      auto type = dyn_cast<MemRefType>(operand.get().getType());
      if (!root.getDefiningOp<memref::GetGlobalOp>() || !type ||
          !type.getLayout().isIdentity())
        continue;
      OpBuilder b(call);
      auto copy = memref::AllocOp::create(b, call.getLoc(), type);
      memref::CopyOp::create(b, call.getLoc(), operand.get(), copy);
      operand.set(copy);
      b.setInsertionPointAfter(call);
      memref::DeallocOp::create(b, call.getLoc(), copy);
    }
  }
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
      bool onGpu = kind
                       ? kind.getDevice() && kind.getDevice().getType() == "GPU"
                       : steps.getValue();
      if (!onGpu || kernel.isExternal())
        continue;
      if (failed(runPipeline(generalize, kernel)) ||
          failed(mapKernel(kernel)) ||
          failed(runPipeline(hostEmulation ? tidy : toLaunches, kernel)))
        return signalPassFailure();
    }
  }

  /// Every op of `kernel` (a kernel function or a step) that touches
  /// elements becomes loops over blocks of threads, a load a copy to the
  /// host; anything else that would touch device memory from the host is
  /// an error, never host code doing it.
  LogicalResult mapKernel(func::FuncOp kernel) {
    passConstantsOnDevice(kernel);
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
      else if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
        // Written per element by its lowering (a segment sum's atomic
        // adds): a thread per iteration.
        perElement.push_back(parallel);
        continue;
      } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
        // Under host emulation every buffer is host memory.
        if (!hostEmulation &&
            failed(readOnHost(load, copyToHostFunction(getOperation()))))
          return failure();
        continue;
      } else if (runsOnHost(*op))
        continue;
      else
        return op->emitOpError("cannot run on the GPU in @")
               << kernel.getSymName()
               << ": it would run on the host over device memory";
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
