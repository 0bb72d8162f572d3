//===- ObjectEmitter.h - LLVM dialect -> x86 LLVM IR, asm, object -*- C++ -*-===//
//
// The x86 back end of kiln-compile: translates a module in the LLVM dialect
// to LLVM IR, optimizes it for the chosen CPU (the host by default, with
// every feature it has: AVX2 / AVX-512 where present) and prints LLVM IR,
// assembly or a relocatable, position-independent object file.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_X86_OBJECTEMITTER_H
#define KILN_COMPILER_TARGET_X86_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace kiln {

enum class X86Artifact { LLVMIR, Assembly, Object };

struct X86TargetOptions {
  /// LLVM CPU name; "host" means the machine compiling.
  std::string cpu = "host";
  /// Extra LLVM features ("+avx2,-avx512f"), added to the CPU's own.
  std::string features;
};

/// Emits `module` (LLVM dialect) as `artifact` into `out`.
bool emitX86Artifact(mlir::ModuleOp module, X86Artifact artifact,
                     const X86TargetOptions &options,
                     llvm::SmallVectorImpl<char> &out, std::string &error);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_OBJECTEMITTER_H
