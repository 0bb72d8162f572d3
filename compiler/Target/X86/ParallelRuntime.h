//===- ParallelRuntime.h - where generated parallel loops run ---*- C++ -*-===//
//
// LLVM's OpenMP lowering calls libomp's entry points (__kmpc_*); kiln
// implements the ones its parallel loops need in the CPU kernel library
// under their own names (kiln/kernels/cpu_kernels.h).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_X86_PARALLELRUNTIME_H
#define KILN_COMPILER_TARGET_X86_PARALLELRUNTIME_H

namespace llvm {
class Module;
} // namespace llvm

namespace kiln {

/// Renames the module's __kmpc_<name> declarations to the CPU kernel
/// library's kiln_cpu_omp_<name>, so compiled steps never bind to (or clash
/// with) a libomp in the same process.
void useKilnParallelRuntime(llvm::Module &module);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_X86_PARALLELRUNTIME_H
