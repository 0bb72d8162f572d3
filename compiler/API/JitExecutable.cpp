//===- JitExecutable.cpp - compile a kiln step in-process and run it ------===//

#include "compiler/API/JitExecutable.h"

#include "compiler/API/Compiler.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "kiln/runtime/cuda/gpu_device.h"
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "kiln/runtime/session.h"
#include "kiln/runtime/status.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"

#include <cstdlib>
#include <unistd.h>

using namespace mlir;

namespace kiln {

namespace {

/// The symbol of the step ABI wrapper inside a JIT module.
constexpr const char *kStepSymbol = "kiln_jit_step";

/// RAM installed; the most a step's buffers could use (no limit when the
/// system does not say).
uint64_t physicalMemoryBytes() {
  static const uint64_t bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? uint64_t(pages) * uint64_t(pageSize)
                                     : UINT64_MAX;
  }();
  return bytes;
}

} // namespace

Status allocateStepArena(int64_t arenaBytes, void *&out) {
  // aligned_alloc wants a multiple of the alignment; plans are.
  size_t bytes = llvm::alignTo(arenaBytes, kArenaAlignment);
  if (bytes > physicalMemoryBytes())
    return Status(StatusCode::ResourceExhausted,
                  "the step's arena needs " + std::to_string(bytes) +
                      " bytes, more than this machine's memory (" +
                      std::to_string(physicalMemoryBytes()) + " bytes)");
  out = std::aligned_alloc(kArenaAlignment, bytes);
  if (!out)
    return Status(StatusCode::ResourceExhausted,
                  "cannot allocate the step's arena of " +
                      std::to_string(bytes) + " bytes");
  return Status();
}

JitExecutable::~JitExecutable() {
  std::free(idleArena_.load());
  if (device_) {
    device_->deallocate(deviceArena_);
    for (uint64_t buffer : deviceInputs_)
      device_->deallocate(buffer);
    for (uint64_t buffer : deviceOutputs_)
      device_->deallocate(buffer);
  }
}

namespace {

uint64_t byteSize(const TensorSignature &signature) {
  uint64_t bytes = runtime::dtypeSize(signature.dtype);
  for (int64_t dim : signature.shape)
    bytes *= dim;
  return bytes;
}

kiln_tensor_info_t describeTensor(const TensorSignature &signature) {
  static_assert(static_cast<int>(runtime::DType::Bool) == KILN_DTYPE_BOOL &&
                    static_cast<int>(runtime::DType::F32) == KILN_DTYPE_F32 &&
                    static_cast<int>(runtime::DType::U64) == KILN_DTYPE_U64,
                "runtime::DType and kiln_dtype_t list dtypes in one order");
  return {signature.name.c_str(),
          static_cast<kiln_dtype_t>(signature.dtype),
          static_cast<int32_t>(signature.shape.size()),
          signature.shape.data(),
          byteSize(signature),
          {static_cast<kiln_device_kind_t>(signature.deviceKind),
           signature.deviceOrdinal},
          signature.variableRead ? uint32_t(KILN_TENSOR_READ) : 0u};
}

} // namespace

kiln_step_info_t JitExecutable::stepInfo() const {
  return {KILN_STEP_ABI_VERSION,
          kStepSymbol,
          step_,
          static_cast<int32_t>(inputInfo_.size()),
          inputInfo_.data(),
          static_cast<int32_t>(variableInfo_.size()),
          variableInfo_.data(),
          static_cast<int32_t>(outputInfo_.size()),
          outputInfo_.data(),
          static_cast<uint64_t>(arenaBytes_),
          static_cast<uint64_t>(kArenaAlignment)};
}

StatusOr<std::unique_ptr<JitExecutable>>
JitExecutable::compile(ModuleOp module, llvm::StringRef entry,
                       const CompileOptions &options,
                       const std::vector<std::string> &resultNames) {
  StepRequest request;
  request.entry = entry.str();
  request.stepSymbol = kStepSymbol;
  auto func = module.lookupSymbol<FunctionOpInterface>(entry);
  if (func && func.getNumResults() == resultNames.size())
    request.fetchNames = resultNames;
  CompiledStep step;
  std::unique_ptr<JitExecutable> executable(new JitExecutable());
  KILN_RETURN_IF_ERROR(compileStep(module, request, options, step));
  // The device first: a missing GPU is the error, not what loading the
  // step's kernels without one leads to.
  KILN_RETURN_IF_ERROR(
      step.target->openJitDevice(options.gpu, executable->device_));
  KILN_RETURN_IF_ERROR(
      step.target->createJitEngine(module, executable->engine_));
  auto address = executable->engine_->lookup(kStepSymbol);
  if (!address)
    return internalError("JIT: " + llvm::toString(address.takeError()));
  executable->step_ = reinterpret_cast<kiln_step_fn_t>(*address);
  executable->inputs_ = std::move(step.inputs);
  executable->outputs_ = std::move(step.outputs);
  executable->arenaBytes_ = step.arenaBytes;
  executable->arenaLowerBound_ = step.arenaLowerBound;
  for (const TensorSignature &input : executable->inputs_)
    (input.variable ? executable->variableInfo_ : executable->inputInfo_)
        .push_back(describeTensor(input));
  for (const TensorSignature &output : executable->outputs_)
    executable->outputInfo_.push_back(describeTensor(output));
  if (executable->device_) {
    KILN_RETURN_IF_ERROR(executable->allocateDeviceBuffers(request.entry));
  } else if (executable->arenaBytes_ > 0) {
    void *arena = nullptr;
    KILN_RETURN_IF_ERROR(allocateStepArena(executable->arenaBytes_, arena));
    executable->idleArena_.store(arena);
  }
  return executable;
}

Status JitExecutable::allocateDeviceBuffers(const std::string &stepName) {
  auto allocate = [&](uint64_t bytes, const std::string &what,
                      uint64_t &address) -> Status {
    StatusOr<uint64_t> allocated =
        device_->allocate(bytes, "step '" + stepName + "': " + what);
    if (!allocated.ok())
      return allocated.status();
    address = *allocated;
    return Status();
  };
  if (arenaBytes_ > 0)
    KILN_RETURN_IF_ERROR(allocate(arenaBytes_, "the arena", deviceArena_));
  deviceInputs_.assign(inputs_.size(), 0);
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (!inputs_[i].variable)
      KILN_RETURN_IF_ERROR(allocate(byteSize(inputs_[i]),
                                    "feed '" + inputs_[i].name + "'",
                                    deviceInputs_[i]));
  deviceOutputs_.assign(outputs_.size(), 0);
  for (size_t i = 0; i < outputs_.size(); ++i)
    KILN_RETURN_IF_ERROR(allocate(byteSize(outputs_[i]),
                                  "output '" + outputs_[i].name + "'",
                                  deviceOutputs_[i]));
  return Status();
}

Status JitExecutable::runOnDevice(const std::vector<const void *> &inputs,
                                  const std::vector<void *> &outputs) {
  std::lock_guard<std::mutex> lock(deviceMutex_);
  std::vector<const void *> deviceInputs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs_[i].variable) {
      deviceInputs[i] = inputs[i];
      continue;
    }
    KILN_RETURN_IF_ERROR(device_->copyToDevice(deviceInputs_[i], inputs[i],
                                               byteSize(inputs_[i])));
    deviceInputs[i] = reinterpret_cast<const void *>(deviceInputs_[i]);
  }
  std::vector<void *> deviceOutputs;
  for (uint64_t buffer : deviceOutputs_)
    deviceOutputs.push_back(reinterpret_cast<void *>(buffer));
  KILN_RETURN_IF_ERROR(callStep(deviceInputs, deviceOutputs,
                                reinterpret_cast<void *>(deviceArena_)));
  for (size_t i = 0; i < outputs.size(); ++i)
    KILN_RETURN_IF_ERROR(device_->copyToHost(outputs[i], deviceOutputs_[i],
                                             byteSize(outputs_[i])));
  return Status();
}

Status JitExecutable::run(const std::vector<const void *> &inputs,
                          const std::vector<void *> &outputs) {
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size())
    return invalidArgument("expected " + std::to_string(inputs_.size()) +
                           " inputs and " + std::to_string(outputs_.size()) +
                           " outputs");
  if (device_)
    return runOnDevice(inputs, outputs);
  void *arena = nullptr;
  if (arenaBytes_ > 0) {
    arena = idleArena_.exchange(nullptr, std::memory_order_acquire);
    if (!arena)
      KILN_RETURN_IF_ERROR(allocateStepArena(arenaBytes_, arena));
  }
  Status status = runInArena(inputs, outputs, arena);
  // Keep one arena for the next run; one made for an overlapping run goes.
  void *noArena = nullptr;
  if (arena && !idleArena_.compare_exchange_strong(noArena, arena,
                                                   std::memory_order_release))
    std::free(arena);
  return status;
}

Status JitExecutable::runInArena(const std::vector<const void *> &inputs,
                                 const std::vector<void *> &outputs,
                                 void *arena) {
  // Split steps (data-parallel sessions) run their segments in one arena
  // of the session's, on the host.
  if (device_)
    return Status(StatusCode::Unimplemented,
                  "a step on " + device_->description() +
                      " runs in its own arena, not the caller's: "
                      "data-parallel steps split on the CPU only");
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size())
    return invalidArgument("expected " + std::to_string(inputs_.size()) +
                           " inputs and " + std::to_string(outputs_.size()) +
                           " outputs");
  return callStep(inputs, outputs, arena);
}

Status JitExecutable::callStep(const std::vector<const void *> &inputs,
                               const std::vector<void *> &outputs,
                               void *arena) {
  llvm::SmallVector<const void *, 16> feedPointers;
  llvm::SmallVector<void *, 16> variablePointers;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs_[i].variable)
      variablePointers.push_back(const_cast<void *>(inputs[i]));
    else
      feedPointers.push_back(inputs[i]);
  }
  kiln_step_error_t error = {};
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION,
                                 arena,
                                 static_cast<uint64_t>(arenaBytes_),
                                 nullptr,
                                 0,
                                 &error};
  int32_t status = step_(&context, feedPointers.data(), variablePointers.data(),
                         outputs.data());
  if (status != KILN_STATUS_OK && error.format) {
    char message[512];
    kiln_step_error_message(&error, message, sizeof message);
    return invalidArgument(message);
  }
  // A device's failure (no GPU, a refused launch or library call) is the
  // thread's last CUDA error.
  if (status != KILN_STATUS_OK && device_)
    if (const char *message = kiln_cuda_last_error(); message && *message)
      return Status(static_cast<StatusCode>(status), message);
  if (status != KILN_STATUS_OK)
    return invalidArgument("the step refused its arguments (status " +
                           std::to_string(status) +
                           "): a buffer pointer is null");
  return Status();
}

Status JitExecutable::run(const std::vector<const void *> &inputs,
                          std::vector<runtime::HostTensor> &outputs) {
  outputs.resize(outputs_.size());
  std::vector<void *> buffers;
  for (size_t i = 0; i < outputs_.size(); ++i) {
    runtime::HostTensor &out = outputs[i];
    out.dtype = outputs_[i].dtype;
    out.shape = outputs_[i].shape;
    uint64_t bytes = byteSize(outputs_[i]);
    // Fail before touching memory, as TensorFlow's allocator does, rather
    // than let the kernel fault pages in until the system kills us.
    if (bytes > physicalMemoryBytes())
      return Status(StatusCode::ResourceExhausted,
                    "output '" + outputs_[i].name + "' needs " +
                        std::to_string(bytes) +
                        " bytes, more than this machine's memory (" +
                        std::to_string(physicalMemoryBytes()) + " bytes)");
    out.data.resize(bytes);
    buffers.push_back(out.data.data());
  }
  return run(inputs, buffers);
}

} // namespace kiln
