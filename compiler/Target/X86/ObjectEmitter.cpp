//===- ObjectEmitter.cpp - LLVM dialect -> x86 LLVM IR, asm, object -------===//

#include "compiler/Target/X86/ObjectEmitter.h"
#include "compiler/Target/X86/ParallelRuntime.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

namespace kiln {

namespace {

std::string hostFeatures() {
  std::string features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features += (features.empty() ? "" : ",") +
                std::string(feature.getValue() ? "+" : "-") +
                feature.getKey().str();
  return features;
}

} // namespace

Status lookupHostLLVMTarget(llvm::Triple &triple, const llvm::Target *&target) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  triple = llvm::Triple(llvm::sys::getDefaultTargetTriple());
  std::string lookupError;
  target = llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target)
    return internalError("no LLVM target for " + triple.str() + ": " +
                         lookupError);
  return Status();
}

Status emitX86Artifact(ModuleOp module, ArtifactKind artifact,
                       llvm::StringRef cpuName, llvm::StringRef extraFeatures,
                       llvm::SmallVectorImpl<char> &out) {
  llvm::Triple triple;
  const llvm::Target *target = nullptr;
  KILN_RETURN_IF_ERROR(lookupHostLLVMTarget(triple, target));
  bool host = cpuName == "host";
  std::string cpu = host ? llvm::sys::getHostCPUName().str() : cpuName.str();
  std::string features = host ? hostFeatures() : "";
  if (!extraFeatures.empty())
    features += (features.empty() ? "" : ",") + extraFeatures.str();
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return internalError("cannot create a target machine for cpu '" + cpu +
                         "'");

  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, "kiln");
  if (!llvmModule)
    return internalError("translation to LLVM IR failed");
  useKilnParallelRuntime(*llvmModule);
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());
  auto optimize = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                            machine.get());
  if (llvm::Error failure = optimize(llvmModule.get()))
    return internalError("LLVM optimization failed: " +
                         llvm::toString(std::move(failure)));

  llvm::raw_svector_ostream stream(out);
  if (artifact == ArtifactKind::LLVMIR) {
    llvmModule->print(stream, nullptr);
    return Status();
  }
  llvm::legacy::PassManager passes;
  auto fileType = artifact == ArtifactKind::Object
                      ? llvm::CodeGenFileType::ObjectFile
                      : llvm::CodeGenFileType::AssemblyFile;
  if (machine->addPassesToEmitFile(passes, stream, nullptr, fileType))
    return internalError("the target cannot emit this file type");
  passes.run(*llvmModule);
  return Status();
}

} // namespace kiln
