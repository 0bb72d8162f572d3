//===- CudaTarget.cpp - the cuda (NVIDIA GPU) target ----------------------===//

#include "compiler/Target/CUDA/CudaTarget.h"

#include "compiler/Target/CUDA/CudaJit.h"
#include "compiler/Target/CUDA/Passes.h"
#include "compiler/Target/Target.h"
#include "compiler/Target/TargetRegistry.h"
#include "compiler/Target/X86/ObjectEmitter.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "kiln/runtime/cuda/gpu_device.h"
#include "kiln/runtime/executable.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"

#include <cstdlib>
#include <optional>

using namespace mlir;

namespace kiln {

namespace {

/// NVIDIA's libdevice (exp, log, tanh, ... for the GPU) from the CUDA
/// toolkit: CUDA_HOME or CUDA_PATH, then the usual install places. Kernels
/// that call none of it compile without it.
std::optional<std::string> findLibdevice() {
  std::vector<std::string> roots;
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH"})
    if (const char *root = std::getenv(variable))
      roots.push_back(root);
  roots.push_back("/usr/local/cuda");
  roots.push_back("/usr/lib/cuda");
  for (const std::string &root : roots)
    for (const char *relative :
         {"/nvvm/libdevice/libdevice.10.bc", "/libdevice/libdevice.10.bc"})
      if (llvm::sys::fs::exists(root + relative))
        return root + relative;
  if (llvm::sys::fs::exists(
          "/usr/lib/nvidia-cuda-toolkit/libdevice/libdevice.10.bc"))
    return std::string(
        "/usr/lib/nvidia-cuda-toolkit/libdevice/libdevice.10.bc");
  return std::nullopt;
}

/// Element-wise kiln ops, including the broadcasting ones: each lowers to
/// one all-parallel loop nest, which kiln-map-kernels-to-gpu maps.
bool isElementwiseOp(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() ||
         isa<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp, EqualOp,
             LessOp, GreaterOp, SelectOp, BiasAddOp>(op);
}

/// Reductions, the softmax family and the sparse cross-entropy:
/// kiln-map-kernels-to-gpu reduces a row in a block (warp shuffles, then
/// shared memory) and other axes with a thread per result; pools and their
/// gradients (a thread per output element, looping over its window); data
/// movement and gather (a thread per element; segment sums, gather's
/// gradient, with atomic adds: hasCudaKernel); matmuls and convolutions
/// through cuBLASLt and cuDNN (kiln-cuda-library-calls; integer ones and
/// convolution gradients as generic reductions).
bool isLoopKernelOp(Operation *op) {
  return isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceProdOp, SoftmaxOp,
             LogSoftmaxOp, SparseSoftmaxCrossEntropyWithLogitsOp, ArgMaxOp,
             MaxPoolOp, AvgPoolOp, MaxPoolGradOp, AvgPoolGradOp, TransposeOp,
             ConcatOp, SliceOp, ReverseOp, GatherOp, MatMulOp, Conv2DOp,
             Conv2DBackpropInputOp, Conv2DBackpropFilterOp>(op);
}

} // namespace

// Run-time checks (integer divisors, labels, indices) reduce on the GPU to
// a first bad position the host reads and reports.
bool hasCudaKernel(Operation *op) {
  // Atomic adds of the element type (LLVM widens what PTX lacks into a
  // compare-and-swap loop); sums of booleans are no TensorFlow op.
  if (auto segmentSum = dyn_cast<UnsortedSegmentSumOp>(op))
    return !getElementTypeOrSelf(segmentSum.getType()).isInteger(1);
  return isa<KilnDialect>(op->getDialect()) &&
         (isElementwiseOp(op) || isLoopKernelOp(op));
}

void buildCudaDevicePipeline(OpPassManager &pm, llvm::StringRef chip) {
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createMergeGpuModulesPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = chip.str();
  // Linked explicitly, so the PTX does not depend on the environment the
  // compiler happens to run in.
  if (std::optional<std::string> libdevice = findLibdevice())
    target.linkLibs.push_back(*libdevice);
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createLowerGpuAllReducePass());
  device.addPass(createLowerAffinePass());
  device.addPass(createSCFToControlFlowPass());
  device.addPass(createConvertGpuOpsToNVVMOps());
  device.addPass(createCanonicalizerPass());
  device.addPass(createReconcileUnrealizedCastsPass());
  // PTX text: what --emit=asm writes and what ptxas checks. The driver
  // compiles it for the GPU it runs on.
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

bool callsCudaLayer(ModuleOp llvmModule) {
  // Launches stay gpu.launch_func ops until LLVM IR translation turns them
  // into mgpuLaunchKernel calls; the other entry points are declared.
  WalkResult found = llvmModule.walk([](Operation *op) {
    if (isa<gpu::LaunchFuncOp>(op))
      return WalkResult::interrupt();
    auto function = dyn_cast<LLVM::LLVMFuncOp>(op);
    bool cudaLayer = function && function.isExternal() &&
                     function.getSymName().starts_with("kiln_cuda_");
    return cudaLayer ? WalkResult::interrupt() : WalkResult::advance();
  });
  return found.wasInterrupted();
}

LogicalResult writePtx(ModuleOp module, llvm::raw_ostream &os) {
  WalkResult walk = module.walk([&](gpu::BinaryOp binary) {
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (!object || object.getFormat() != gpu::CompilationTarget::Assembly) {
        binary.emitError("holds no PTX text; compile it with the device "
                         "pipeline's isa format");
        return WalkResult::interrupt();
      }
      os << "// kernel " << binary.getSymName() << "\n"
         << object.getObject().getValue() << "\n";
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

namespace {

class CudaTarget final : public Target {
public:
  explicit CudaTarget(TargetSpec spec) : spec_(std::move(spec)) {}

  llvm::StringRef name() const override { return "cuda"; }
  llvm::StringRef deviceType() const override { return "GPU"; }
  // Compiling needs no GPU; one device until sessions pick theirs.
  int deviceCount() const override { return 1; }
  bool hasKernel(Operation *op) const override { return hasCudaKernel(op); }
  // Generic address space: kernels receive plain device pointers.
  unsigned memorySpace() const override { return 0; }
  int32_t stepBufferDeviceKind() const override { return KILN_DEVICE_CUDA; }

  void buildKernelPipeline(OpPassManager &pm) const override {
    // NVIDIA recommends 32 MiB of cuBLASLt workspace from Hopper on, 4 MiB
    // before.
    CudaLibraryCallsPassOptions calls;
    calls.workspaceBytes = chipVersion() >= 90 ? 32 << 20 : 4 << 20;
    pm.addPass(createCudaLibraryCallsPass(calls));
    // A step's buffers are device memory: nothing of it may touch them
    // from the host, kernel or not.
    MapKernelsToGpuPassOptions mapping;
    mapping.steps = true;
    pm.addPass(createMapKernelsToGpuPass(mapping));
    // Constants (bounds, strides) move into the launches, so the device
    // code is compiled knowing them rather than reading kernel arguments.
    pm.addPass(createGpuLaunchSinkIndexComputationsPass());
    // Device code moves out while the launches are still in their kernel
    // functions, so each gpu.module is named after its kernel.
    pm.addPass(createGpuKernelOutliningPass());
    // The launches join the step, so memory planning puts every buffer
    // between kernels into the step's (device) arena.
    pm.addPass(createInlineKernelsPass());
  }

  void buildCodegenPipeline(OpPassManager &pm) const override {
    buildCudaDevicePipeline(pm, chip());
    // The host code: the step's launches become calls of the mgpu* entry
    // points (runtime/include/kiln/runtime/cuda/gpu_runtime.h), the kernel
    // binaries globals loaded at start-up.
    pm.addPass(createLowerAffinePass());
    pm.addPass(createSCFToControlFlowPass());
    pm.addPass(createLowerRuntimeChecksPass());
    pm.addPass(memref::createExpandStridedMetadataPass());
    pm.addPass(createLowerAffinePass());
    pm.addPass(createGpuToLLVMConversionPass());
    pm.addPass(createFinalizeMemRefToLLVMConversionPass());
    pm.addPass(createArithToLLVMConversionPass());
    pm.addPass(createConvertIndexToLLVMPass());
    pm.addPass(createConvertFuncToLLVMPass());
    pm.addPass(createConvertControlFlowToLLVMPass());
    pm.addPass(createReconcileUnrealizedCastsPass());
  }

  // Launch failures (no driver, no GPU, a refused launch) become the
  // step's status.
  StepRuntimeHooks stepRuntimeHooks(ModuleOp llvmModule) const override {
    StepRuntimeHooks hooks;
    if (callsCudaLayer(llvmModule))
      hooks.statusFunction = "kiln_cuda_take_status";
    return hooks;
  }

  // Host code for this machine's CPU; --emit=asm writes the kernels' PTX.
  Status emitArtifact(ModuleOp module, ArtifactKind kind,
                      llvm::SmallVectorImpl<char> &out) const override {
    if (kind == ArtifactKind::Assembly) {
      llvm::raw_svector_ostream os(out);
      if (failed(writePtx(module, os)))
        return internalError("the step's kernels hold no PTX");
      return Status();
    }
    return emitX86Artifact(module, kind, "host", "", out);
  }

  Status
  createJitEngine(ModuleOp module,
                  std::unique_ptr<ExecutionEngine> &engine) const override {
    return createCudaJitEngine(module, CudaJitFlavor::Real, engine);
  }

  Status
  openJitDevice(const cuda::GpuSessionOptions &options,
                std::shared_ptr<cuda::GpuDevice> &device) const override {
    StatusOr<std::shared_ptr<cuda::GpuDevice>> opened =
        cuda::GpuDevice::open(options);
    if (!opened.ok())
      return opened.status();
    device = std::move(*opened);
    return Status();
  }

private:
  llvm::StringRef chip() const {
    return spec_.chip.empty() ? llvm::StringRef(kDefaultCudaChip)
                              : llvm::StringRef(spec_.chip);
  }
  /// 90 for sm_90 (the registry checked the form).
  unsigned chipVersion() const {
    unsigned version = 0;
    chip().drop_front(3).getAsInteger(10, version);
    return version;
  }
  TargetSpec spec_;
};

struct CudaDevicePipelineOptions
    : public PassPipelineOptions<CudaDevicePipelineOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("GPU architecture, sm_XX"),
                           llvm::cl::init(kDefaultCudaChip.str())};
};

} // namespace

void registerCudaPipelines() {
  PassPipelineRegistration<CudaDevicePipelineOptions>(
      "kiln-cuda-device-pipeline",
      "GPU kernels mapped to gpu.launch to one gpu.binary of PTX",
      [](OpPassManager &pm, const CudaDevicePipelineOptions &options) {
        buildCudaDevicePipeline(pm, options.chip);
      });
}

void registerCudaTarget() {
  registerTarget(
      {"cuda",
       "NVIDIA GPUs through PTX; CHIP is an sm_XX architecture (default "
       "sm_90). Whole steps of generated kernels, ahead of time or "
       "with the JIT",
       [](const TargetSpec &spec, std::unique_ptr<Target> &target) -> Status {
         llvm::StringRef chip = spec.chip;
         unsigned version = 0;
         if (!chip.empty() && (!chip.consume_front("sm_") ||
                               chip.getAsInteger(10, version) || version < 50))
           return invalidArgument("cuda: '" + spec.chip +
                                  "' is not a GPU architecture (sm_80, "
                                  "sm_90, ...)");
         target = std::make_unique<CudaTarget>(spec);
         return Status();
       }});
  registerCudaEmulationTarget();
}

} // namespace kiln
