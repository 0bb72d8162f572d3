//===- CudaJit.h - running cuda and cuda-emulation steps in-process -*- C++
//-*-===//
#ifndef KILN_COMPILER_TARGET_CUDA_CUDAJIT_H
#define KILN_COMPILER_TARGET_CUDA_CUDAJIT_H

#include "kiln/runtime/status_cc.h"

#include <memory>

namespace mlir {
class ExecutionEngine;
class ModuleOp;
} // namespace mlir

namespace kiln {

namespace cuda {
class GpuDevice;
} // namespace cuda

/// Whether a step's GPU work goes to the driver and libraries (`Real`) or
/// to the CUDA layer's host emulations.
enum class CudaJitFlavor { Real, Emulated };

/// Compiles `module` (a cuda or cuda-emulation step in the LLVM dialect)
/// into this process with the CUDA layer's entry points bound; for `Real`,
/// also loads its kernels on the GPU.
Status createCudaJitEngine(mlir::ModuleOp module, CudaJitFlavor flavor,
                           std::unique_ptr<mlir::ExecutionEngine> &engine);

/// The process's emulated GPU (host memory), for cuda-emulation steps.
Status openEmulatedGpu(std::shared_ptr<cuda::GpuDevice> &device);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CUDA_CUDAJIT_H
