//===- CudaJit.cpp - running cuda and cuda-emulation steps in-process -----===//
//
// A GPU step's host code is x86 code like any other: the JIT compiles it
// for this machine and binds the CUDA layer's entry points (launches,
// library calls, status), which are linked into the process. For `cuda`
// its global constructors then load the step's PTX module on the GPU; a
// failure there (no driver, a module the driver rejects) fails the
// compile with the driver's reason.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/CUDA/CudaJit.h"

#include "compiler/Target/TargetRegistry.h"
#include "kiln/runtime/cuda/conv2d.h"
#include "kiln/runtime/cuda/gemm.h"
#include "kiln/runtime/cuda/gpu_device.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"

#include <unistd.h>

using namespace mlir;

namespace kiln {

namespace {

/// The CUDA layer's functions a step of `flavor` may call.
llvm::orc::SymbolMap cudaLayerSymbols(llvm::orc::MangleAndInterner mangle,
                                      CudaJitFlavor flavor) {
  llvm::orc::SymbolMap symbols;
  auto bind = [&](const char *name, auto *function) {
    symbols[mangle(name)] = {
        llvm::orc::ExecutorAddr::fromPtr(reinterpret_cast<void *>(function)),
        llvm::JITSymbolFlags::Exported};
  };
  bind("kiln_cuda_take_status", &kiln_cuda_take_status);
  if (flavor == CudaJitFlavor::Emulated) {
    bind("kiln_cuda_emulated_gemm", &kiln_cuda_emulated_gemm);
    bind("kiln_cuda_emulated_conv2d", &kiln_cuda_emulated_conv2d);
    bind("kiln_cuda_emulated_conv2d_backprop_filter",
         &kiln_cuda_emulated_conv2d_backprop_filter);
    return symbols;
  }
  bind("kiln_cuda_gemm", &kiln_cuda_gemm);
  bind("kiln_cuda_conv2d", &kiln_cuda_conv2d);
  bind("kiln_cuda_conv2d_backprop_filter", &kiln_cuda_conv2d_backprop_filter);
  bind("kiln_cuda_copy_to_host", &kiln_cuda_copy_to_host);
  bind("mgpuModuleLoad", &mgpuModuleLoad);
  bind("mgpuModuleLoadJIT", &mgpuModuleLoadJIT);
  bind("mgpuModuleUnload", &mgpuModuleUnload);
  bind("mgpuModuleGetFunction", &mgpuModuleGetFunction);
  bind("mgpuStreamCreate", &mgpuStreamCreate);
  bind("mgpuStreamSynchronize", &mgpuStreamSynchronize);
  bind("mgpuStreamDestroy", &mgpuStreamDestroy);
  bind("mgpuLaunchKernel", &mgpuLaunchKernel);
  return symbols;
}

} // namespace

Status createCudaJitEngine(ModuleOp module, CudaJitFlavor flavor,
                           std::unique_ptr<ExecutionEngine> &engine) {
  std::unique_ptr<Target> host;
  KILN_RETURN_IF_ERROR(createTarget(TargetSpec(), host));
  KILN_RETURN_IF_ERROR(host->createJitEngine(module, engine));
  engine->registerSymbols([flavor](llvm::orc::MangleAndInterner mangle) {
    return cudaLayerSymbols(mangle, flavor);
  });
  if (flavor == CudaJitFlavor::Emulated)
    return Status();
  // Loads the PTX: errors land on this thread's CUDA status.
  (void)kiln_cuda_take_status();
  engine->initialize();
  if (int32_t code = kiln_cuda_take_status(); code != 0)
    return Status(static_cast<StatusCode>(code),
                  std::string("loading the step's GPU kernels: ") +
                      kiln_cuda_last_error());
  return Status();
}

Status openEmulatedGpu(std::shared_ptr<cuda::GpuDevice> &device) {
  // One per process, as a real GPU: every step and variable store of the
  // process shares it.
  static const std::shared_ptr<cuda::GpuDevice> emulated = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    uint64_t bytes = pages > 0 && pageSize > 0
                         ? uint64_t(pages) * uint64_t(pageSize)
                         : uint64_t(1) << 34;
    return cuda::GpuDevice::emulated(bytes);
  }();
  device = emulated;
  return Status();
}

} // namespace kiln
