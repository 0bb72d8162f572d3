//===- Compiler.cpp - the one driver from a kiln step to target code ------===//

#include "compiler/API/Compiler.h"

#include "compiler/API/ErrorCollector.h"
#include "compiler/API/Registration.h"
#include "compiler/Target/StepWrapper.h"
#include "compiler/Target/TargetRegistry.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstdlib>

using namespace mlir;

namespace kiln {

namespace {

/// KILN_DUMP_DIR=DIR writes each compiled step at two stages (the kiln
/// module after placement and fusion, and the bufferized, memory-planned
/// module) as DIR/step-N.STAGE.mlir, for looking at what a session runs.
class StepDump {
public:
  StepDump() : dir_(std::getenv("KILN_DUMP_DIR")) {
    static std::atomic<int> steps{0};
    if (dir_ && *dir_)
      step_ = steps++;
  }

  void write(ModuleOp module, llvm::StringRef stage) const {
    if (step_ < 0)
      return;
    std::error_code ec;
    llvm::raw_fd_ostream out((llvm::Twine(dir_) + "/step-" +
                              llvm::Twine(step_) + "." + stage + ".mlir")
                                 .str(),
                             ec);
    if (!ec)
      module.print(out);
  }

private:
  const char *dir_;
  int step_ = -1;
};

} // namespace

Status compileStep(ModuleOp module, const StepRequest &request,
                   const CompileOptions &options, CompiledStep &step) {
  registerAllKilnTargets();
  KILN_RETURN_IF_ERROR(createTarget(options.target, step.target));
  auto func = module.lookupSymbol<func::FuncOp>(request.entry);
  if (!func)
    return notFound("no function '" + request.entry + "' to compile");
  MLIRContext *ctx = module.getContext();
  ErrorCollector errors(ctx);
  StepDump dump;
  auto run = [&](llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(ctx);
    build(pm);
    if (succeeded(pm.run(module)))
      return Status();
    return invalidArgument(errors.message("compilation failed"));
  };

  // Placement and fusion first: it turns variables into arguments, which
  // the signature then lists.
  KILN_RETURN_IF_ERROR(run([&](OpPassManager &pm) {
    buildPlacementAndFusionPipeline(pm, options);
  }));
  dump.write(module, "fused");
  if (request.stopAfter == CompileStage::Fused)
    return Status();
  KILN_RETURN_IF_ERROR(collectStepSignatures(func, request.fetchNames,
                                             step.inputs, step.outputs));
  for (TensorSignature &signature :
       llvm::concat<TensorSignature>(step.inputs, step.outputs))
    signature.deviceKind = step.target->stepBufferDeviceKind();
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(ctx));

  KILN_RETURN_IF_ERROR(run(buildLoweringPipeline));
  if (request.stopAfter == CompileStage::Lowered)
    return Status();
  const Target &target = *step.target;
  KILN_RETURN_IF_ERROR(
      run([&](OpPassManager &pm) { buildBufferizationPipeline(pm, target); }));
  dump.write(module, "bufferized");
  // Memory planning annotated the entry with its arena.
  if (auto planned = module.lookupSymbol<func::FuncOp>(request.entry)) {
    if (std::optional<ArenaPlan> plan = getArenaPlan(planned)) {
      step.arenaBytes = plan->bytes;
      step.arenaLowerBound = plan->lowerBound;
    }
    step.arenaSlots = collectArenaSlots(planned);
  }
  KILN_RETURN_IF_ERROR(
      run([&](OpPassManager &pm) { buildCodegenPipeline(pm, target); }));
  if (failed(addStepWrapper(module, request.entry, request.stepSymbol,
                            step.inputs, step.outputs, step.arenaBytes,
                            step.arenaSlots, target.stepRuntimeHooks(module))))
    return internalError(errors.message("cannot add the step entry point"));
  return Status();
}

std::string describeArena(const CompiledStep &step) {
  return "arena: " + std::to_string(step.arenaBytes) + " bytes (lower bound " +
         std::to_string(step.arenaLowerBound) + " bytes)";
}

} // namespace kiln
