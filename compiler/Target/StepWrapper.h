//===- StepWrapper.h - the kiln step ABI entry point ------------*- C++ -*-===//
//
// Adds the step ABI entry (runtime/include/kiln/runtime/executable.h)
//
//   int32_t <symbol>(const kiln_step_context_t *context,
//                    const void *const *inputs, void *const *variables,
//                    void *const *outputs)
//
// to a module already lowered to the LLVM dialect: it checks the context
// (ABI version, an arena large enough and aligned) and that no buffer
// pointer is null and max_threads not negative, returning
// KILN_STATUS_INVALID_ARGUMENT otherwise; then
// builds a memref descriptor on the stack for each buffer (static shapes,
// row-major strides) and calls the entry's C interface
// `_mlir_ciface_<entry>`. Every executable, AOT or JIT, is called through
// this one function.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_STEPWRAPPER_H
#define KILN_COMPILER_TARGET_STEPWRAPPER_H

#include "compiler/Target/StepRuntimeHooks.h"
#include "compiler/Target/StepSignature.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {

/// `inputs` and `outputs` describe the entry's buffers, in its argument
/// order after bufferization (feeds and variables, then the results'
/// out-parameters), and `slots` the blocks of its `arenaBytes` arena that
/// kiln-plan-memory appended as arguments. Variables come from the ABI's
/// variables array, the rest of `inputs` from its inputs array, each in
/// order; each slot is the context's arena plus its offset. `hooks` name
/// the runtime functions the entry calls around the body.
mlir::LogicalResult
addStepWrapper(mlir::ModuleOp llvmModule, llvm::StringRef entry,
               llvm::StringRef symbol, llvm::ArrayRef<TensorSignature> inputs,
               llvm::ArrayRef<TensorSignature> outputs, int64_t arenaBytes,
               llvm::ArrayRef<ArenaSlot> slots,
               const StepRuntimeHooks &hooks = {});

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPWRAPPER_H
