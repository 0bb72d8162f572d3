//===- Pipelines.h - named kiln pass pipelines ------------------*- C++ -*-===//
//
// The one place where pass order is decided. kiln-opt, the AOT compiler and
// the JIT all build their pass managers through these functions, and each
// stage is registered as `kiln-<stage>-pipeline` so lit tests can run it
// alone.
//
// Stage order:
//   import cleanup -> placement and fusion -> lowering -> bufferization
//   (with the target's library calls and memory planning) -> the target's
//   code generation.
//
// The target-dependent stages take the `Target` to compile for
// (compiler/Target/Target.h); registered for kiln-opt they take it as an
// option, `kiln-codegen-pipeline{target=x86-64}`.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PIPELINES_PIPELINES_H
#define KILN_COMPILER_PIPELINES_PIPELINES_H

#include "compiler/Target/Target.h"
#include "kiln/runtime/cuda/gpu_options.h"
#include "mlir/Pass/PassManager.h"

namespace kiln {

/// What a user may choose about compilation, shared by kiln-compile,
/// kiln-run and the JIT.
struct CompileOptions {
  /// The target steps are compiled for (`--target`).
  TargetSpec target;
  /// Run ops without a kernel on their requested device on the target's
  /// own device instead.
  bool softPlacement = true;
  /// Print every op's device (TensorFlow's log_device_placement).
  bool logDevicePlacement = false;
  /// How a JIT step on a GPU takes the GPU's memory (TensorFlow's
  /// GPUOptions).
  cuda::GpuSessionOptions gpu;
};

/// Canonicalizes freshly imported kiln IR, propagates shapes from the feeds
/// through every op, folds what became constant and removes duplicates.
/// Runs on a module.
void buildImportCleanupPipeline(mlir::OpPassManager &pm);

/// Places every op on a device of `options.target` (ops without a kernel
/// on their requested device fall back to it with soft placement) and
/// groups ops into kiln.fusion kernels.
void buildPlacementAndFusionPipeline(mlir::OpPassManager &pm,
                                     const CompileOptions &options = {});

/// Lowers kiln compute ops to linalg on tensors and fuses element-wise
/// chains into their producers. Needs static shapes.
void buildLoweringPipeline(mlir::OpPassManager &pm);

/// Bufferizes the whole module: function results become caller-provided
/// output buffers, temporaries are freed by the deallocation pipeline,
/// `target`'s libraries take the kernels they implement, and every
/// temporary is planned into one arena.
void buildBufferizationPipeline(mlir::OpPassManager &pm, const Target &target);

/// Lowers bufferized, planned IR to the LLVM dialect with `target`'s code
/// generation. Every public function with `llvm.emit_c_interface` gets a C
/// interface (`_mlir_ciface_<name>`).
void buildCodegenPipeline(mlir::OpPassManager &pm, const Target &target);

/// Import cleanup, placement and fusion, lowering, bufferization and code
/// generation: a kiln inference step in, LLVM dialect out.
void buildInferencePipeline(mlir::OpPassManager &pm, const Target &target);

/// Registers every pipeline above under its `kiln-<stage>-pipeline` name;
/// the target-dependent ones take `target=NAME[:CHIP]` (default x86-64).
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_PIPELINES_H
