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

#include "compiler/Target/Target.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace llvm {
class Target;
class Triple;
} // namespace llvm

namespace kiln {

/// LLVM's back end for the machine compiling (initialized on first use)
/// into `target`, and its triple into `triple`.
Status lookupHostLLVMTarget(llvm::Triple &triple, const llvm::Target *&target);

/// Emits `module` (LLVM dialect) as `artifact` into `out`, for LLVM CPU
/// `cpu` ("host": the machine compiling, with all its features) plus
/// `features`.
Status emitX86Artifact(mlir::ModuleOp module, ArtifactKind artifact,
                       llvm::StringRef cpu, llvm::StringRef features,
                       llvm::SmallVectorImpl<char> &out);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_OBJECTEMITTER_H
