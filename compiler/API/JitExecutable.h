//===- JitExecutable.h - compile a kiln step in-process and run it -*- C++
//-*-===//
//
// The JIT path: a kiln module with static shapes goes through the same
// named pipelines as the AOT compiler (lowering, bufferization, x86
// codegen) and LLVM's ORC JIT; the result runs on caller-owned host
// buffers. The entry function's results become output buffers the caller
// provides (bufferization turns results into out-parameters).
//
// A step compiled for a GPU keeps its arena, a buffer per feed and one per
// output in the GPU's memory (device()), allocated once; a run copies the
// feeds in and the outputs out, and its variables are device buffers
// (VariableStore::useDevice).
//
// Not thread-safe while compiling. run() may be called from several
// threads at once: each run takes the executable's idle arena, or a fresh
// one while another run holds it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_JITEXECUTABLE_H
#define KILN_COMPILER_API_JITEXECUTABLE_H

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/StepSignature.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status_cc.h"
#include "mlir/IR/BuiltinOps.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace kiln {

namespace cuda {
class GpuDevice;
} // namespace cuda

/// `bytes` of step arena (64-byte aligned; free it with std::free), or
/// RESOURCE_EXHAUSTED when the machine cannot hold them.
Status allocateStepArena(int64_t bytes, void *&out);

class JitExecutable {
public:
  ~JitExecutable();

  /// Compiles function `entry` of `module` (kiln IR, static shapes; the
  /// module is lowered in place). `resultNames` name the results in
  /// outputs() and errors (the fetches), when there is one per result;
  /// otherwise they are result0, result1, ...
  static StatusOr<std::unique_ptr<JitExecutable>>
  compile(mlir::ModuleOp module, llvm::StringRef entry,
          const CompileOptions &options = {},
          const std::vector<std::string> &resultNames = {});

  const std::vector<TensorSignature> &inputs() const { return inputs_; }
  const std::vector<TensorSignature> &outputs() const { return outputs_; }
  /// The step's planned working memory and the peak of simultaneously
  /// live temporary bytes (kiln-plan-memory).
  int64_t arenaBytes() const { return arenaBytes_; }
  int64_t arenaLowerBound() const { return arenaLowerBound_; }

  /// This step described as the runtime C API describes a compiled step
  /// (kiln/runtime/executable.h), so JIT code runs through kiln_session_*
  /// exactly like an AOT step or a loaded step library. The description
  /// and the code stay valid as long as this executable.
  kiln_step_info_t stepInfo() const;

  /// The GPU the step's buffers live on; null for steps on host memory.
  const std::shared_ptr<cuda::GpuDevice> &device() const { return device_; }

  /// Runs the step in this executable's arena. `inputs` (feeds and
  /// variables, in inputs() order) and `outputs` point to row-major
  /// buffers of the signatures' dtypes and shapes; the caller keeps
  /// ownership. Feeds and outputs are host memory; variables are where
  /// device() keeps them (host memory without one).
  Status run(const std::vector<const void *> &inputs,
             const std::vector<void *> &outputs);

  /// The same in `arena`, which the caller owns: at least arenaBytes()
  /// bytes, aligned as allocateStepArena's, used by no other run
  /// meanwhile. Steps that run one after another may share one, and so
  /// reuse memory the cache still holds. Host steps only: every buffer is
  /// the caller's, on the host.
  Status runInArena(const std::vector<const void *> &inputs,
                    const std::vector<void *> &outputs, void *arena);

  /// Runs the step into `outputs`, shaped and sized here; storage already
  /// in `outputs` from an earlier run is reused.
  Status run(const std::vector<const void *> &inputs,
             std::vector<runtime::HostTensor> &outputs);

private:
  JitExecutable() = default;
  /// Gives the step its arena, feed and output buffers on device().
  Status allocateDeviceBuffers(const std::string &stepName);
  Status runOnDevice(const std::vector<const void *> &inputs,
                     const std::vector<void *> &outputs);
  Status callStep(const std::vector<const void *> &inputs,
                  const std::vector<void *> &outputs, void *arena);

  std::unique_ptr<mlir::ExecutionEngine> engine_;
  /// The step ABI entry (executable.h), looked up once.
  kiln_step_fn_t step_ = nullptr;
  /// Feeds and variables in the step's argument order, and results.
  std::vector<TensorSignature> inputs_, outputs_;
  /// The same in the C API's terms (feeds, variables and results apart),
  /// pointing into them.
  std::vector<kiln_tensor_info_t> inputInfo_, variableInfo_, outputInfo_;
  int64_t arenaBytes_ = 0, arenaLowerBound_ = 0;
  /// The arena no run holds (null while one does): a run takes it and
  /// gives it back, so one thread at a time reuses a single arena.
  std::atomic<void *> idleArena_{nullptr};

  std::shared_ptr<cuda::GpuDevice> device_;
  /// On device(): the arena, and a buffer per feed (inputs() order, 0 for
  /// variables) and per output. Runs take turns on them.
  uint64_t deviceArena_ = 0;
  std::vector<uint64_t> deviceInputs_, deviceOutputs_;
  std::mutex deviceMutex_;
};

} // namespace kiln

#endif // KILN_COMPILER_API_JITEXECUTABLE_H
