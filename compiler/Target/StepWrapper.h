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

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <vector>

namespace kiln {

/// Static shape of each buffer the entry takes: the inputs, then the
/// outputs, in the entry's argument order after bufferization.
struct StepBufferShapes {
  std::vector<std::vector<int64_t>> inputs, outputs;
};

mlir::LogicalResult addStepWrapper(mlir::ModuleOp llvmModule,
                                   llvm::StringRef entry,
                                   llvm::StringRef symbol,
                                   const StepBufferShapes &shapes);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_STEPWRAPPER_H
