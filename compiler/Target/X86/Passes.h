//===- Passes.h - passes of the x86 target ----------------------*- C++ -*-===//
#ifndef KILN_COMPILER_TARGET_X86_PASSES_H
#define KILN_COMPILER_TARGET_X86_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "compiler/Target/X86/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Target/X86/Passes.h.inc"

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_PASSES_H
