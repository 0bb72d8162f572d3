//===- JitExecutable.cpp - compile a kiln step in-process and run it ------===//

#include "compiler/API/JitExecutable.h"

#include "compiler/API/ErrorCollector.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/StepWrapper.h"
#include "compiler/Target/X86/ParallelRuntime.h"
#include "kiln/kernels/cpu_kernels.h"
#include "kiln/runtime/step_memory.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstdlib>

using namespace mlir;

namespace kiln {

namespace {

/// The symbol of the step ABI wrapper inside a JIT module.
constexpr const char *kStepSymbol = "kiln_jit_step";

/// MLIR's runtime helpers (memrefCopy) the lowered code may call.
constexpr const char *kRunnerUtils = KILN_MLIR_RUNNER_UTILS;

} // namespace

JitExecutable::~JitExecutable() = default;

namespace {

kiln_tensor_info_t describeTensor(const TensorSignature &signature) {
  static_assert(static_cast<int>(runtime::DType::Bool) == KILN_DTYPE_BOOL &&
                    static_cast<int>(runtime::DType::F32) == KILN_DTYPE_F32,
                "runtime::DType and kiln_dtype_t list dtypes in one order");
  uint64_t bytes = runtime::dtypeSize(signature.dtype);
  for (int64_t dim : signature.shape)
    bytes *= dim;
  return {signature.name.c_str(), static_cast<kiln_dtype_t>(signature.dtype),
          static_cast<int32_t>(signature.shape.size()), signature.shape.data(),
          bytes};
}

} // namespace

kiln_step_info_t JitExecutable::stepInfo() const {
  return {kStepSymbol,
          step_,
          static_cast<int32_t>(inputInfo_.size()),
          inputInfo_.data(),
          static_cast<int32_t>(outputInfo_.size()),
          outputInfo_.data()};
}

namespace {

/// KILN_DUMP_DIR=DIR writes each compiled step at two stages (the kiln
/// module after placement and fusion, and the bufferized, memory-planned
/// module) as DIR/step-N.STAGE.mlir, for looking at what a session runs.
class StepDump {
public:
  StepDump() : dir_(std::getenv("KILN_DUMP_DIR")) {
    static std::atomic<int> steps{0};
    if (dir_ && *dir_)
      step_ = steps++;
  }

  void write(ModuleOp module, llvm::StringRef stage) const {
    if (step_ < 0)
      return;
    std::error_code ec;
    llvm::raw_fd_ostream out((llvm::Twine(dir_) + "/step-" + llvm::Twine(step_) +
                              "." + stage + ".mlir")
                                 .str(),
                             ec);
    if (!ec)
      module.print(out);
  }

private:
  const char *dir_;
  int step_ = -1;
};

} // namespace

std::unique_ptr<JitExecutable>
JitExecutable::compile(ModuleOp module, llvm::StringRef entry,
                       std::string &error, const CompileOptions &options) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func) {
    error = "no function '" + entry.str() + "' to compile";
    return nullptr;
  }
  std::unique_ptr<JitExecutable> executable(new JitExecutable());
  ErrorCollector errors(module.getContext());
  StepDump dump;
  // Placement and fusion first: it turns variables into arguments, which
  // the signatures then list.
  PassManager placement(module.getContext());
  buildPlacementAndFusionPipeline(placement, options);
  if (failed(placement.run(module))) {
    error = errors.message("code generation failed");
    return nullptr;
  }
  if (!collectStepSignatures(func, {}, executable->inputs_,
                             executable->outputs_, error))
    return nullptr;
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(module.getContext()));
  dump.write(module, "fused");

  PassManager pm(module.getContext());
  buildLoweringPipeline(pm);
  buildBufferizationPipeline(pm);
  if (failed(pm.run(module))) {
    error = errors.message("code generation failed");
    return nullptr;
  }
  dump.write(module, "bufferized");
  if (auto planned = module.lookupSymbol<func::FuncOp>(entry)) {
    if (auto bytes = planned->getAttrOfType<IntegerAttr>("kiln.arena_bytes"))
      executable->arenaBytes_ = bytes.getInt();
    if (auto bound = planned->getAttrOfType<IntegerAttr>("kiln.arena_lower_bound"))
      executable->arenaLowerBound_ = bound.getInt();
  }
  PassManager codegen(module.getContext());
  buildX86CodegenPipeline(codegen);
  if (failed(codegen.run(module)) ||
      failed(addStepWrapper(module, entry, kStepSymbol, executable->inputs_,
                            executable->outputs_))) {
    error = errors.message("code generation failed");
    return nullptr;
  }

  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  // Optimize for this machine: without a target machine LLVM's cost model
  // assumes no vector registers and never vectorizes.
  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder) {
    error = "JIT: " + llvm::toString(machineBuilder.takeError());
    return nullptr;
  }
  machineBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = machineBuilder->createTargetMachine();
  if (!machine) {
    error = "JIT: " + llvm::toString(machine.takeError());
    return nullptr;
  }
  // options.transformer is a function_ref: the callable must outlive create.
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0, machine->get());
  std::function<llvm::Error(llvm::Module *)> transform =
      [&optimize](llvm::Module *llvmModule) {
        useKilnParallelRuntime(*llvmModule);
        return optimize(llvmModule);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transform;
  SmallVector<StringRef> libraries{kRunnerUtils};
  engineOptions.sharedLibPaths = libraries;
  // KILN_JIT_PERF=1 writes perf's jitdump records, so `perf inject --jit`
  // can name the generated kernels in profiles.
  if (const char *perf = std::getenv("KILN_JIT_PERF"); perf && *perf == '1')
    engineOptions.enablePerfNotificationListener = true;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine) {
    error = "JIT compilation failed: " + llvm::toString(engine.takeError());
    return nullptr;
  }
  executable->engine_ = std::move(*engine);
  // The CPU kernels are linked into this process: bind their addresses
  // directly rather than rely on the executable exporting its symbols.
  executable->engine_->registerSymbols([](llvm::orc::MangleAndInterner mangle) {
    llvm::orc::SymbolMap symbols;
    for (const KilnCpuKernelSymbol *kernel = kiln_cpu_kernel_symbols();
         kernel->symbol; ++kernel)
      symbols[mangle(kernel->symbol)] = {
          llvm::orc::ExecutorAddr::fromPtr(kernel->address),
          llvm::JITSymbolFlags::Exported};
    // The step's arena blocks come back from a per-thread cache instead of
    // fresh pages at every run (kiln/runtime/step_memory.h).
    symbols[mangle("malloc")] = {
        llvm::orc::ExecutorAddr::fromPtr(&kiln_step_malloc),
        llvm::JITSymbolFlags::Exported};
    symbols[mangle("free")] = {llvm::orc::ExecutorAddr::fromPtr(&kiln_step_free),
                               llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  auto address = executable->engine_->lookup(kStepSymbol);
  if (!address) {
    error = "JIT: " + llvm::toString(address.takeError());
    return nullptr;
  }
  executable->step_ =
      reinterpret_cast<void (*)(const void *const *, void *const *)>(*address);
  for (const TensorSignature &input : executable->inputs_)
    executable->inputInfo_.push_back(describeTensor(input));
  for (const TensorSignature &output : executable->outputs_)
    executable->outputInfo_.push_back(describeTensor(output));
  return executable;
}

bool JitExecutable::run(const std::vector<const void *> &inputs,
                        const std::vector<void *> &outputs, std::string &error) {
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size()) {
    error = "expected " + std::to_string(inputs_.size()) + " inputs and " +
            std::to_string(outputs_.size()) + " outputs";
    return false;
  }
  step_(inputs.data(), outputs.data());
  return true;
}

bool JitExecutable::run(const std::vector<const void *> &inputs,
                        std::vector<runtime::HostTensor> &outputs,
                        std::string &error) {
  outputs.resize(outputs_.size());
  std::vector<void *> buffers;
  for (size_t i = 0; i < outputs_.size(); ++i) {
    runtime::HostTensor &out = outputs[i];
    out.dtype = outputs_[i].dtype;
    out.shape = outputs_[i].shape;
    out.data.resize(out.elementCount() * runtime::dtypeSize(out.dtype));
    buffers.push_back(out.data.data());
  }
  return run(inputs, buffers, error);
}

} // namespace kiln
