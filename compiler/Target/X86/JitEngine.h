//===- JitEngine.h - x86 code compiled into this process --------*- C++ -*-===//
//
// The JIT half of the x86 target: LLVM's ORC JIT, optimizing for this
// machine, with the CPU kernel library's entry points bound to the copies
// linked into this process.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_X86_JITENGINE_H
#define KILN_COMPILER_TARGET_X86_JITENGINE_H

#include <memory>
#include <string>

namespace mlir {
class ExecutionEngine;
class ModuleOp;
} // namespace mlir

namespace kiln {

/// JIT-compiles `module` (LLVM dialect); null and `error` on failure.
std::unique_ptr<mlir::ExecutionEngine>
createX86JitEngine(mlir::ModuleOp module, std::string &error);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_JITENGINE_H
