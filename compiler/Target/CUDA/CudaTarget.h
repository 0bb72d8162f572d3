//===- CudaTarget.h - the cuda (NVIDIA GPU) target --------------*- C++ -*-===//
//
// Steps whose kernels run on NVIDIA GPUs. Kernel functions placed on a GPU
// become gpu.launch nests (kiln-map-kernels-to-gpu), their bodies
// gpu.modules lowered through NVVM to PTX for the chosen chip (`cuda:sm_90`
// by default, any sm_XX); the launches join the step, whose host code
// calls the CUDA layer's mgpu* entry points (runtime/include/kiln/runtime/
// cuda/gpu_runtime.h) with the PTX embedded, and returns the launches'
// status. Matmul and conv2d kernels call cuBLASLt and cuDNN instead, with
// their bias, residual and relu fused (kiln-cuda-library-calls). Steps whose
// every op has a GPU kernel (hasCudaKernel) compile ahead of time or with
// the JIT (CudaJit.h); their buffers and arena are device memory.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_CUDA_CUDATARGET_H
#define KILN_COMPILER_TARGET_CUDA_CUDATARGET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/LogicalResult.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class ModuleOp;
class OpPassManager;
class Operation;
} // namespace mlir

namespace kiln {

/// The GPU architecture `cuda` compiles for when the spec names none.
inline constexpr llvm::StringLiteral kDefaultCudaChip = "sm_90";

/// Registers `cuda` and `cuda-emulation` with the target registry
/// (TargetRegistry.h).
void registerCudaTarget();

/// Registers `cuda-emulation` (CudaEmulationTarget.cpp).
void registerCudaEmulationTarget();

/// Whether kiln has a GPU kernel for `op` (a kiln op): element-wise ops,
/// reductions, the softmax family and cross-entropy, pools, data movement,
/// gather, matmuls (through cuBLASLt) and convolutions (through cuDNN;
/// their gradients as generic loops).
bool hasCudaKernel(mlir::Operation *op);

/// Whether `llvmModule` (a step in the LLVM dialect) calls the CUDA layer
/// for work whose failure the step must return: launches, and products
/// through cuBLASLt (real or emulated).
bool callsCudaLayer(mlir::ModuleOp llvmModule);

/// Registers kiln-opt's `kiln-cuda-device-pipeline{chip=sm_XX}`.
void registerCudaPipelines();

/// Adds the passes from a module whose GPU kernels are gpu.launch nests to
/// one with a gpu.binary per kernel holding its PTX for `chip`.
void buildCudaDevicePipeline(mlir::OpPassManager &pm, llvm::StringRef chip);

/// Writes the PTX of every kernel in `module`'s gpu.binary ops (the device
/// pipeline's output), one after the other, each under a comment naming
/// its kernel. Fails on a binary that holds no PTX text.
llvm::LogicalResult writePtx(mlir::ModuleOp module, llvm::raw_ostream &os);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CUDA_CUDATARGET_H
