//===- Pipelines.cpp - named kiln pass pipelines --------------------------===//

#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Conversion/Passes.h"
#include "compiler/Target/TargetRegistry.h"
#include "compiler/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
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
  pm.addNestedPass<func::FuncOp>(createSinkTransposesPass());
  pm.addPass(createCSEPass());
}

void kiln::buildPlacementAndFusionPipeline(OpPassManager &pm,
                                           const CompileOptions &options) {
  // Soft placement is on by default: graphs that ask for a device kiln
  // has no kernels on still run, on the target's own device.
  // Backward passes are built first, from ordinary kiln ops, so everything
  // below treats them like the forward ones.
  pm.addNestedPass<func::FuncOp>(createExpandGradientsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Variables become buffers the step is given before anything groups ops
  // into regions; from here on a variable is a tensor like any other.
  pm.addPass(createExternalizeVariablesPass());
  PlaceOpsPassOptions placement;
  placement.targets = {options.target.str()};
  placement.softPlacement = options.softPlacement;
  placement.logDevicePlacement = options.logDevicePlacement;
  pm.addPass(createPlaceOpsPass(placement));
  pm.addNestedPass<func::FuncOp>(createFuseOpsPass());
}

void kiln::buildLoweringPipeline(OpPassManager &pm) {
  // Fused kernels become functions first, so each lowers and bufferizes
  // on its own and reaches the target whole, with its kind and device.
  pm.addPass(createOutlineFusionsPass());
  pm.addPass(createConvertKilnToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  // Element-wise chains (bias_add + relu, softmax's pieces) become single
  // loop nests here; matmul epilogues join the GEMM in the target's
  // library calls.
  pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildBufferizationPipeline(OpPassManager &pm,
                                      const Target &target) {
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
  pm.addNestedPass<func::FuncOp>(createForwardResultCopiesPass());
  pm.addPass(createCanonicalizerPass());
  // Deallocation first, so planning sees each buffer's whole lifetime and
  // replaces the per-buffer frees by one free of the arena.
  bufferization::buildBufferDeallocationPipeline(pm);
  // Kernels become library calls (chosen by their kind), inlined loops or
  // launches before planning, so the planner sees a GEMM and its fused
  // epilogue as one op and never puts the epilogue's output over an input
  // the call still reads.
  target.buildKernelPipeline(pm);
  // The step's caller owns the arena (the step ABI, executable.h).
  PlanMemoryPassOptions planning;
  planning.arenaArgument = true;
  pm.addNestedPass<func::FuncOp>(createPlanMemoryPass(planning));
}

void kiln::buildCodegenPipeline(OpPassManager &pm, const Target &target) {
  target.buildCodegenPipeline(pm);
}

void kiln::buildInferencePipeline(OpPassManager &pm, const Target &target) {
  CompileOptions options;
  options.target.name = target.name().str();
  buildImportCleanupPipeline(pm);
  buildPlacementAndFusionPipeline(pm, options);
  buildLoweringPipeline(pm);
  buildBufferizationPipeline(pm, target);
  buildCodegenPipeline(pm, target);
}

namespace {

/// Options of the pipelines that depend on the target.
struct TargetPipelineOptions
    : public PassPipelineOptions<TargetPipelineOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("NAME[:CHIP] of the target"),
                             llvm::cl::init(kiln::kDefaultTargetName)};
};

/// Registers `name` as a pipeline built by `build` for the target its
/// options name; an unknown target fails the pipeline's parse.
void registerTargetPipeline(
    llvm::StringRef name, llvm::StringRef description,
    std::function<void(OpPassManager &, const kiln::Target &)> build) {
  registerPassPipeline(
      name, description,
      [build](OpPassManager &pm, llvm::StringRef text,
              llvm::function_ref<LogicalResult(const llvm::Twine &)> fail)
          -> LogicalResult {
        TargetPipelineOptions options;
        if (failed(options.parseFromString(text)))
          return failure();
        std::optional<kiln::TargetSpec> spec =
            kiln::TargetSpec::parse(options.target);
        if (!spec)
          return fail("target=NAME[:CHIP] expects a name");
        std::unique_ptr<kiln::Target> target;
        if (kiln::Status status = kiln::createTarget(*spec, target);
            !status.ok())
          return fail(status.message());
        build(pm, *target);
        return success();
      },
      [](llvm::function_ref<void(const detail::PassOptions &)> describe) {
        describe(TargetPipelineOptions());
      });
}

} // namespace

void kiln::registerKilnPipelines() {
  PassPipelineRegistration<>("kiln-placement-and-fusion-pipeline",
                             "Group kiln ops into kiln.fusion kernels",
                             [](OpPassManager &pm) {
                               buildPlacementAndFusionPipeline(pm);
                             });
  PassPipelineRegistration<>("kiln-lowering-pipeline",
                             "Lower kiln to linalg on tensors and fuse",
                             buildLoweringPipeline);
  registerTargetPipeline(
      "kiln-bufferization-pipeline",
      "Bufferize, results to out-params, deallocate, library calls, plan "
      "memory",
      buildBufferizationPipeline);
  registerTargetPipeline("kiln-codegen-pipeline",
                         "Lower bufferized IR to the LLVM dialect for a target",
                         buildCodegenPipeline);
  registerTargetPipeline("kiln-inference-pipeline",
                         "A kiln inference step to the LLVM dialect",
                         buildInferencePipeline);
  PassPipelineRegistration<>(
      "kiln-import-cleanup-pipeline",
      "Canonicalize imported kiln IR, infer shapes, fold and CSE",
      buildImportCleanupPipeline);
}
