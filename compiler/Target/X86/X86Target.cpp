//===- X86Target.cpp - the x86-64 CPU target ------------------------------===//

#include "compiler/Target/X86/X86Target.h"

#include "compiler/Target/TargetRegistry.h"
#include "compiler/Target/X86/JitEngine.h"
#include "compiler/Target/X86/ObjectEmitter.h"
#include "compiler/Target/X86/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "kiln/kernels/cpu_kernels.h"
#include "kiln/runtime/executable.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

namespace kiln {

namespace {

class X86Target final : public Target {
public:
  explicit X86Target(TargetSpec spec) : spec_(std::move(spec)) {}

  llvm::StringRef name() const override { return "x86-64"; }
  llvm::StringRef deviceType() const override { return "CPU"; }
  // One CPU device, as TensorFlow's /cpu:0; its cores are the kernel
  // library's threads.
  int deviceCount() const override { return 1; }
  bool hasKernel(Operation *op) const override {
    return isa<KilnDialect>(op->getDialect());
  }
  unsigned memorySpace() const override { return 0; }
  int32_t stepBufferDeviceKind() const override { return KILN_DEVICE_CPU; }
  // Only steps that call the kernel library (its kernels or its parallel
  // loop runtime) have threads to limit; the others keep linking without
  // it.
  StepRuntimeHooks stepRuntimeHooks(ModuleOp llvmModule) const override {
    // Parallel loops are still OpenMP ops here; ParallelRuntime.cpp binds
    // them to the kernel library once they are LLVM IR.
    WalkResult parallel = llvmModule.walk([](Operation *op) {
      auto func = dyn_cast<LLVM::LLVMFuncOp>(op);
      bool kernelCall =
          func && func.isExternal() &&
          llvm::StringRef(func.getSymName()).contains("kiln_cpu_");
      bool openMP = op->getDialect() &&
                    op->getDialect()->getNamespace() == "omp";
      return kernelCall || openMP ? WalkResult::interrupt()
                                  : WalkResult::advance();
    });
    StepRuntimeHooks hooks;
    if (parallel.wasInterrupted())
      hooks.threadLimitFunction = KILN_CPU_LIMIT_THREADS;
    return hooks;
  }

  void buildKernelPipeline(OpPassManager &pm) const override {
    pm.addPass(createCpuLibraryCallsPass());
    // The host needs no launch: the other kernels' loops join the step,
    // which memory planning then sees whole.
    pm.addPass(createInlineKernelsPass());
  }

  void buildCodegenPipeline(OpPassManager &pm) const override {
    pm.addNestedPass<func::FuncOp>(createMarkBuffersNoAliasPass());
    pm.addPass(createOutlineKernelsPass());
    // Large ops' outermost loops run on the kernel library's threads, as
    // OpenMP worksharing loops; the rest become sequential loops.
    pm.addNestedPass<func::FuncOp>(createParallelizeLoopsPass());
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    // Drops the alloca scopes around loop bodies that hold no allocas,
    // which control-flow lowering could not keep single-block.
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createLowerAffinePass());
    pm.addPass(createSCFToControlFlowPass());
    pm.addPass(createLowerRuntimeChecksPass());
    // Integer powers have no LLVM intrinsic: expand them into functions.
    pm.addPass(createConvertMathToFuncs());
    pm.addPass(createConvertMathToLLVMPass());
    pm.addPass(createConvertMathToLibmPass());
    pm.addPass(memref::createExpandStridedMetadataPass());
    pm.addPass(createLowerAffinePass());
    pm.addPass(createFinalizeMemRefToLLVMConversionPass());
    pm.addPass(createArithToLLVMConversionPass());
    pm.addPass(createConvertIndexToLLVMPass());
    pm.addPass(createConvertFuncToLLVMPass());
    pm.addPass(createConvertOpenMPToLLVMPass());
    pm.addPass(createConvertControlFlowToLLVMPass());
    pm.addPass(createReconcileUnrealizedCastsPass());
  }

  Status emitArtifact(ModuleOp module, ArtifactKind kind,
                      llvm::SmallVectorImpl<char> &out) const override {
    return emitX86Artifact(module, kind, cpu(), spec_.features, out);
  }

  Status
  createJitEngine(ModuleOp module,
                  std::unique_ptr<ExecutionEngine> &engine) const override {
    // JIT code runs here, so it is always compiled for this machine.
    if (cpu() != "host")
      return invalidArgument("the JIT compiles for this machine's CPU; '" +
                             spec_.str() +
                             "' is for ahead-of-time compilation");
    return createX86JitEngine(module, engine);
  }

private:
  llvm::StringRef cpu() const {
    return spec_.chip.empty() ? llvm::StringRef("host") : spec_.chip;
  }

  TargetSpec spec_;
};

/// Whether LLVM's x86 back end knows `cpu`: an unknown one would make it
/// abort later ("64-bit code requested on a subtarget that doesn't
/// support it") instead of failing with a message.
Status checkKnownCpu(llvm::StringRef cpu) {
  if (cpu == "host")
    return Status();
  llvm::Triple triple;
  const llvm::Target *target = nullptr;
  KILN_RETURN_IF_ERROR(lookupHostLLVMTarget(triple, target));
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info || !info->isCPUStringValid(cpu))
    return invalidArgument("unknown x86-64 CPU '" + cpu.str() +
                           "' (e.g. host, x86-64-v3, skylake-avx512, znver4)");
  return Status();
}

} // namespace

void registerX86Target() {
  registerTarget(
      {"x86-64",
       "x86-64 CPUs; CHIP is an LLVM CPU name (default: this "
       "machine's CPU and features)",
       [](const TargetSpec &spec, std::unique_ptr<Target> &target) -> Status {
         if (!spec.chip.empty())
           KILN_RETURN_IF_ERROR(checkKnownCpu(spec.chip));
         target = std::make_unique<X86Target>(spec);
         return Status();
       }});
}

} // namespace kiln
