//===- ParallelRuntime.cpp - bind OpenMP loops to the kernel library ------===//

#include "compiler/Target/X86/ParallelRuntime.h"

#include "kiln/kernels/cpu_kernels.h"

#include "llvm/IR/Module.h"

void kiln::useKilnParallelRuntime(llvm::Module &module) {
  constexpr llvm::StringLiteral libompPrefix = "__kmpc_";
  for (llvm::Function &function : module.functions()) {
    llvm::StringRef name = function.getName();
    if (function.isDeclaration() && name.starts_with(libompPrefix))
      function.setName(KILN_CPU_PARALLEL_PREFIX +
                       name.drop_front(libompPrefix.size()).str());
  }
}
