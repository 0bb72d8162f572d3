//===- CudaEmulationTarget.cpp - the cuda target's loops on the host ------===//
//
// `cuda-emulation` places and maps kernels exactly as `cuda` does, but
// stops the mapping at the grid and block loops (kiln-map-kernels-to-gpu's
// host emulation) and compiles them for this machine's CPU, with buffers
// in host memory. kiln-run and sessions then run every GPU kernel's index
// arithmetic, guards and block reductions here, so the e2e suite checks
// them against its float64 references on machines without a GPU. Matmul
// and convolution kernels call kiln_cuda_emulated_gemm and
// kiln_cuda_emulated_conv2d, which compute on the host what the real
// target asks cuBLASLt and cuDNN for.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/CUDA/CudaTarget.h"

#include "compiler/Target/CUDA/CudaJit.h"

#include "compiler/Target/CUDA/Passes.h"
#include "compiler/Target/Target.h"
#include "compiler/Target/TargetRegistry.h"
#include "compiler/Transforms/Passes.h"
#include "kiln/runtime/executable.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace kiln {

namespace {

class CudaEmulationTarget final : public Target {
public:
  explicit CudaEmulationTarget(std::unique_ptr<Target> host)
      : host_(std::move(host)) {}

  llvm::StringRef name() const override { return "cuda-emulation"; }
  llvm::StringRef deviceType() const override { return "GPU"; }
  int deviceCount() const override { return 1; }
  bool hasKernel(Operation *op) const override { return hasCudaKernel(op); }
  unsigned memorySpace() const override { return 0; }
  int32_t stepBufferDeviceKind() const override { return KILN_DEVICE_CPU; }
  // A product the emulated cuBLASLt refuses is the step's status, as on a
  // GPU.
  StepRuntimeHooks stepRuntimeHooks(ModuleOp llvmModule) const override {
    StepRuntimeHooks hooks = host_->stepRuntimeHooks(llvmModule);
    if (callsCudaLayer(llvmModule))
      hooks.statusFunction = "kiln_cuda_take_status";
    return hooks;
  }

  void buildKernelPipeline(OpPassManager &pm) const override {
    CudaLibraryCallsPassOptions calls;
    calls.hostEmulation = true;
    pm.addPass(createCudaLibraryCallsPass(calls));
    MapKernelsToGpuPassOptions mapping;
    mapping.hostEmulation = true;
    mapping.steps = true;
    pm.addPass(createMapKernelsToGpuPass(mapping));
    pm.addPass(createInlineKernelsPass());
  }

  void buildCodegenPipeline(OpPassManager &pm) const override {
    host_->buildCodegenPipeline(pm);
  }

  Status emitArtifact(ModuleOp module, ArtifactKind kind,
                      llvm::SmallVectorImpl<char> &out) const override {
    return host_->emitArtifact(module, kind, out);
  }

  Status
  createJitEngine(ModuleOp module,
                  std::unique_ptr<ExecutionEngine> &engine) const override {
    return createCudaJitEngine(module, CudaJitFlavor::Emulated, engine);
  }

  // Steps stage their feeds, outputs and variables through host memory
  // posing as the GPU, as a GPU session does.
  Status
  openJitDevice(const cuda::GpuSessionOptions &,
                std::shared_ptr<cuda::GpuDevice> &device) const override {
    return openEmulatedGpu(device);
  }

private:
  std::unique_ptr<Target> host_;
};

} // namespace

void registerCudaEmulationTarget() {
  registerTarget(
      {"cuda-emulation",
       "for tests: cuda's placement and GPU loop mapping (grid, block and "
       "block-reduction loops) run on this machine's CPU, buffers in host "
       "memory; no PTX",
       [](const TargetSpec &spec, std::unique_ptr<Target> &target) -> Status {
         if (!spec.chip.empty() || !spec.features.empty())
           return invalidArgument("cuda-emulation compiles for this "
                                  "machine's CPU and takes no CHIP or "
                                  "features");
         std::unique_ptr<Target> host;
         KILN_RETURN_IF_ERROR(createTarget(TargetSpec(), host));
         target = std::make_unique<CudaEmulationTarget>(std::move(host));
         return Status();
       }});
}

} // namespace kiln
