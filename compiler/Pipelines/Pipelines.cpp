//===- Pipelines.cpp - named kiln pass pipelines --------------------------===//

#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void kiln::buildImportCleanupPipeline(OpPassManager &pm) {
  // Canonicalize first so folded constants feed shape inference, and again
  // after it because refined shapes enable more folds (e.g. identity
  // reshapes once both sides are static).
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createInferShapesPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::registerKilnPipelines() {
  PassPipelineRegistration<>(
      "kiln-import-cleanup-pipeline",
      "Canonicalize imported kiln IR, infer shapes, fold and CSE",
      buildImportCleanupPipeline);
}
