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

/// Canonicalizes freshly imported kiln IR, propagates shapes from the feeds
/// through every op, folds what became constant and removes duplicates.
/// Runs on a module.
void buildImportCleanupPipeline(mlir::OpPassManager &pm);

/// Registers every pipeline above under its `kiln-<stage>-pipeline` name.
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_PIPELINES_H
