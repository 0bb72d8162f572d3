//===- JitEngine.cpp - x86 code compiled into this process ----------------===//

#include "compiler/Target/X86/JitEngine.h"

#include "compiler/Target/X86/ParallelRuntime.h"
#include "kiln/kernels/cpu_kernels.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>
#include <functional>

using namespace mlir;

namespace kiln {

/// The strided copy lowered code may call, from the runtime core
/// (runtime/src/support/MemrefCopy.cpp), as ahead-of-time steps link it.
/// Binding it here, rather than loading MLIR's runner utilities, keeps
/// libLLVM out of the process's global symbol scope: loaded there (as
/// dlopen(RTLD_GLOBAL) of the utilities did), it captured the LLVM symbols
/// of libraries loaded later, such as TensorFlow's, in the same Python
/// process.
extern "C" void memrefCopy(int64_t elementSize, void *source,
                           void *destination);

Status createX86JitEngine(ModuleOp module,
                          std::unique_ptr<ExecutionEngine> &result) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  // Optimize for this machine: without a target machine LLVM's cost model
  // assumes no vector registers and never vectorizes.
  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return internalError("JIT: " + llvm::toString(machineBuilder.takeError()));
  machineBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = machineBuilder->createTargetMachine();
  if (!machine)
    return internalError("JIT: " + llvm::toString(machine.takeError()));
  // options.transformer is a function_ref: the callable must outlive create.
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                machine->get());
  std::function<llvm::Error(llvm::Module *)> transform =
      [&optimize](llvm::Module *llvmModule) {
        useKilnParallelRuntime(*llvmModule);
        return optimize(llvmModule);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transform;
  // KILN_JIT_PERF=1 writes perf's jitdump records, so `perf inject --jit`
  // can name the generated kernels in profiles.
  if (const char *perf = std::getenv("KILN_JIT_PERF"); perf && *perf == '1')
    engineOptions.enablePerfNotificationListener = true;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return internalError("JIT compilation failed: " +
                         llvm::toString(engine.takeError()));
  // The CPU kernels and memrefCopy are linked into this process: bind their
  // addresses directly rather than rely on the executable exporting them.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner mangle) {
    llvm::orc::SymbolMap symbols;
    for (const KilnCpuKernelSymbol *kernel = kiln_cpu_kernel_symbols();
         kernel->symbol; ++kernel)
      symbols[mangle(kernel->symbol)] = {
          llvm::orc::ExecutorAddr::fromPtr(kernel->address),
          llvm::JITSymbolFlags::Exported};
    symbols[mangle("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  result = std::move(*engine);
  return Status();
}

} // namespace kiln
