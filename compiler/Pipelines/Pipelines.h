//===- Pipelines.h - named kiln pass pipelines ------------------*- C++ -*-===//
//
// The one place where pass order is decided. kiln-opt, the AOT compiler and
// the JIT all build their pass managers through these functions, and each
// stage is registered as `kiln-<stage>-pipeline` so lit tests can run it
// alone.
//
// Stage order (later stages land with the issues that add them):
//   import cleanup -> placement and fusion -> memory planning -> codegen.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PIPELINES_PIPELINES_H
#define KILN_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace kiln {

/// What a user may choose about compilation, shared by kiln-compile,
/// kiln-run and the JIT.
struct CompileOptions {
  /// Run ops without a kernel on their requested device on the CPU.
  bool softPlacement = true;
  /// Print every op's device (TensorFlow's log_device_placement).
  bool logDevicePlacement = false;
};

/// Canonicalizes freshly imported kiln IR, propagates shapes from the feeds
/// through every op, folds what became constant and removes duplicates.
/// Runs on a module.
void buildImportCleanupPipeline(mlir::OpPassManager &pm);

/// Places every op on a device (soft placement on) and groups ops into
/// kiln.fusion kernels.
void buildPlacementAndFusionPipeline(mlir::OpPassManager &pm,
                                     const CompileOptions &options = {});

/// Lowers kiln compute ops to linalg on tensors and fuses element-wise
/// chains into their producers. Needs static shapes.
void buildLoweringPipeline(mlir::OpPassManager &pm);

/// Bufferizes the whole module: function results become caller-provided
/// output buffers, temporaries are freed by the deallocation pipeline.
void buildBufferizationPipeline(mlir::OpPassManager &pm);

/// Lowers bufferized linalg to the LLVM dialect for the host CPU. Every
/// public function gets a C interface (`_mlir_ciface_<name>`).
void buildX86CodegenPipeline(mlir::OpPassManager &pm);

/// Import cleanup, placement and fusion, lowering, bufferization and x86
/// code generation: a kiln inference step in, LLVM dialect out.
void buildInferencePipeline(mlir::OpPassManager &pm);

/// Registers every pipeline above under its `kiln-<stage>-pipeline` name.
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_PIPELINES_H
