//===- Compiler.h - the one driver from a step to target code --*- C++ -*-===//
//
// Every compile of a step goes through compileStep: the JIT session,
// kiln-run and kiln-compile differ only in what they do with the result
// (run it in-process, or write an artifact). It runs the named pipelines
// in order (placement and fusion, lowering, bufferization with the
// target's library calls and memory planning, the target's code
// generation), adds the step ABI entry, collects the step's signature and
// memory plan, turns MLIR diagnostics into one error message, and writes
// the stages to KILN_DUMP_DIR when that is set.
//
// Not thread-safe on one module; separate modules (in separate contexts)
// may be compiled concurrently.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_COMPILER_H
#define KILN_COMPILER_API_COMPILER_H

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/StepSignature.h"
#include "compiler/Target/Target.h"
#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln {

/// Where compileStep stops.
enum class CompileStage {
  /// kiln IR, placed and fused.
  Fused,
  /// linalg on tensors.
  Lowered,
  /// The LLVM dialect, with the step ABI entry.
  LLVM,
};

/// What to compile.
struct StepRequest {
  /// The function that is the step.
  std::string entry;
  /// Names of the step's results, in order (default: resultN).
  std::vector<std::string> fetchNames;
  /// The symbol of the step ABI entry (kiln/runtime/executable.h).
  std::string stepSymbol;
  CompileStage stopAfter = CompileStage::LLVM;
};

/// A compiled step: the module passed to compileStep holds its code.
struct CompiledStep {
  /// The target it was compiled for, to write or load its code.
  std::unique_ptr<Target> target;
  /// Arguments and results (collected past CompileStage::Fused).
  std::vector<TensorSignature> inputs, outputs;
  /// The planned working memory, and the bytes no plan can do without
  /// (kiln-plan-memory; arenaBytes >= arenaLowerBound).
  int64_t arenaBytes = 0, arenaLowerBound = 0;
  /// The blocks of the arena the step's entry takes.
  std::vector<ArenaSlot> arenaSlots;
};

/// Compiles `request.entry` of `module` (kiln IR, static shapes) in place
/// for `options.target`. Failures carry the collected compiler errors.
Status compileStep(mlir::ModuleOp module, const StepRequest &request,
                   const CompileOptions &options, CompiledStep &step);

/// "arena: N bytes (lower bound M bytes)", as kiln-compile reports it.
std::string describeArena(const CompiledStep &step);

} // namespace kiln

#endif // KILN_COMPILER_API_COMPILER_H
