//===- JitEngine.h - x86 code compiled into this process --------*- C++ -*-===//
//
// The JIT half of the x86 target: LLVM's ORC JIT, optimizing for this
// machine, with the CPU kernel library's entry points bound to the copies
// linked into this process.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_X86_JITENGINE_H
#define KILN_COMPILER_TARGET_X86_JITENGINE_H

#include "kiln/runtime/status_cc.h"

#include <memory>
#include <string>

namespace mlir {
class ExecutionEngine;
class ModuleOp;
} // namespace mlir

namespace kiln {

/// JIT-compiles `module` (LLVM dialect) into `engine`.
Status createX86JitEngine(mlir::ModuleOp module,
                          std::unique_ptr<mlir::ExecutionEngine> &engine);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_JITENGINE_H
