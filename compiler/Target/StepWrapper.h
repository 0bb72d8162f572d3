//===- StepWrapper.h - the kiln step ABI entry point ------------*- C++ -*-===//
//
// Adds `void <symbol>(const void *const *inputs, void *const *outputs)`
// (runtime/include/kiln/runtime/executable.h) to a module already lowered to
// the LLVM dialect: it builds a memref descriptor on the stack for each
// buffer (static shapes, row-major strides) and calls the entry's C
// interface `_mlir_ciface_<entry>`. Every executable, AOT or JIT, is called
// through this one function.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_STEPWRAPPER_H
#define KILN_COMPILER_TARGET_STEPWRAPPER_H

#include "compiler/Target/StepSignature.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {

/// `inputs` and `outputs` describe the entry's buffers, in its argument
/// order after bufferization (inputs, then the results' out-parameters).
mlir::LogicalResult addStepWrapper(mlir::ModuleOp llvmModule,
                                   llvm::StringRef entry,
                                   llvm::StringRef symbol,
                                   llvm::ArrayRef<TensorSignature> inputs,
                                   llvm::ArrayRef<TensorSignature> outputs);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPWRAPPER_H
