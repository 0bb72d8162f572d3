//===- Pipelines.cpp - named kiln pass pipelines --------------------------===//

#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
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

void kiln::buildPlacementAndFusionPipeline(OpPassManager &pm,
                                           const CompileOptions &options) {
  // Soft placement is on by default: until the GPU target has kernels,
  // graphs that ask for a GPU still run, on the CPU.
  // Backward passes are built first, from ordinary kiln ops, so everything
  // below treats them like the forward ones.
  pm.addNestedPass<func::FuncOp>(createExpandGradientsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Variables become buffers the step is given before anything groups ops
  // into regions; from here on a variable is a tensor like any other.
  pm.addPass(createExternalizeVariablesPass());
  PlaceOpsPassOptions placement;
  placement.softPlacement = options.softPlacement;
  placement.logDevicePlacement = options.logDevicePlacement;
  pm.addPass(createPlaceOpsPass(placement));
  pm.addNestedPass<func::FuncOp>(createFuseOpsPass());
}

void kiln::buildLoweringPipeline(OpPassManager &pm) {
  pm.addPass(createConvertKilnToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  // Element-wise chains (bias_add + relu, softmax's pieces) become single
  // loop nests here; matmul epilogues join the GEMM in
  // kiln-cpu-library-calls.
  pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildBufferizationPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createMakeResultsDistinctPass());
  pm.addNestedPass<func::FuncOp>(createUnshareEmptyTensorsPass());
  bufferization::OneShotBufferizePassOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  // Results are written straight into the caller's buffers: a static
  // result allocation becomes the out-parameter itself, with no copy.
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  // Deallocation first, so planning sees each buffer's whole lifetime and
  // replaces the per-buffer frees by one free of the arena.
  bufferization::buildBufferDeallocationPipeline(pm);
  // Library calls are chosen before planning, so the planner sees a GEMM
  // and its fused epilogue as one op and never puts the epilogue's output
  // over an input the call still reads. (The CPU is the only target with
  // kernels today; a GPU pipeline will choose its own calls here.)
  pm.addPass(createCpuLibraryCallsPass());
  pm.addNestedPass<func::FuncOp>(createPlanMemoryPass());
}

void kiln::buildX86CodegenPipeline(OpPassManager &pm) {
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

void kiln::buildInferencePipeline(OpPassManager &pm) {
  buildImportCleanupPipeline(pm);
  buildPlacementAndFusionPipeline(pm);
  buildLoweringPipeline(pm);
  buildBufferizationPipeline(pm);
  buildX86CodegenPipeline(pm);
}

void kiln::registerKilnPipelines() {
  PassPipelineRegistration<>("kiln-placement-and-fusion-pipeline",
                             "Group kiln ops into kiln.fusion kernels",
                             [](OpPassManager &pm) {
                               buildPlacementAndFusionPipeline(pm);
                             });
  PassPipelineRegistration<>("kiln-lowering-pipeline",
                             "Lower kiln to linalg on tensors and fuse",
                             buildLoweringPipeline);
  PassPipelineRegistration<>("kiln-bufferization-pipeline",
                             "Bufferize, results to out-params, deallocate",
                             buildBufferizationPipeline);
  PassPipelineRegistration<>("kiln-x86-codegen-pipeline",
                             "Lower bufferized linalg to the LLVM dialect",
                             buildX86CodegenPipeline);
  PassPipelineRegistration<>("kiln-inference-pipeline",
                             "A kiln inference step to the LLVM dialect",
                             buildInferencePipeline);
  PassPipelineRegistration<>(
      "kiln-import-cleanup-pipeline",
      "Canonicalize imported kiln IR, infer shapes, fold and CSE",
      buildImportCleanupPipeline);
}
