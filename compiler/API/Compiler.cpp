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
    llvm::raw_fd_ostream out((llvm::Twine(dir_) + "/step-" + llvm::Twine(step_) +
                              "." + stage + ".mlir")
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

bool compileStep(ModuleOp module, const StepRequest &request,
                 const CompileOptions &options, CompiledStep &step,
                 std::string &error) {
  registerAllKilnTargets();
  step.target = createTarget(options.target, error);
  if (!step.target)
    return false;
  auto func = module.lookupSymbol<func::FuncOp>(request.entry);
  if (!func) {
    error = "no function '" + request.entry + "' to compile";
    return false;
  }
  MLIRContext *ctx = module.getContext();
  ErrorCollector errors(ctx);
  StepDump dump;
  auto run = [&](llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(ctx);
    build(pm);
    if (succeeded(pm.run(module)))
      return true;
    error = errors.message("compilation failed");
    return false;
  };

  // Placement and fusion first: it turns variables into arguments, which
  // the signature then lists.
  if (!run([&](OpPassManager &pm) {
        buildPlacementAndFusionPipeline(pm, options);
      }))
    return false;
  dump.write(module, "fused");
  if (request.stopAfter == CompileStage::Fused)
    return true;
  if (!collectStepSignatures(func, request.fetchNames, step.inputs,
                             step.outputs, error))
    return false;
  for (TensorSignature &signature :
       llvm::concat<TensorSignature>(step.inputs, step.outputs))
    signature.deviceKind = step.target->stepBufferDeviceKind();
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(ctx));

  if (!run(buildLoweringPipeline))
    return false;
  if (request.stopAfter == CompileStage::Lowered)
    return true;
  const Target &target = *step.target;
  if (!run([&](OpPassManager &pm) { buildBufferizationPipeline(pm, target); }))
    return false;
  dump.write(module, "bufferized");
  // Memory planning annotated the entry with its arena.
  if (auto planned = module.lookupSymbol<func::FuncOp>(request.entry)) {
    if (std::optional<ArenaPlan> plan = getArenaPlan(planned)) {
      step.arenaBytes = plan->bytes;
      step.arenaLowerBound = plan->lowerBound;
    }
    step.arenaSlots = collectArenaSlots(planned);
  }
  if (!run([&](OpPassManager &pm) { buildCodegenPipeline(pm, target); }))
    return false;
  if (failed(addStepWrapper(module, request.entry, request.stepSymbol,
                            step.inputs, step.outputs, step.arenaBytes,
                            step.arenaSlots))) {
    error = errors.message("cannot add the step entry point");
    return false;
  }
  return true;
}

std::string describeArena(const CompiledStep &step) {
  return "arena: " + std::to_string(step.arenaBytes) + " bytes (lower bound " +
         std::to_string(step.arenaLowerBound) + " bytes)";
}

} // namespace kiln
