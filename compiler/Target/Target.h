//===- Target.h - what a code generation target decides ---------*- C++ -*-===//
//
// A target is one kind of device kiln generates code for: x86-64 CPUs
// today, CUDA GPUs next. Everything that differs between targets is asked
// of this interface: which ops have kernels on it, which fused kernels
// become calls into its kernel libraries, how bufferized code is lowered
// to the LLVM dialect, what artifact it is written as, and its memory
// space. Passes and drivers hold a `Target` and ask it; no target name is
// compared outside the target's own folder (`Target/<Name>/`).
//
// Targets are created from a `TargetSpec` by the registry
// (TargetRegistry.h). A Target is immutable once created and may be used
// from several threads. Failures are kiln::Status values
// (kiln/runtime/status_cc.h) naming what is at fault.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_TARGET_H
#define KILN_COMPILER_TARGET_TARGET_H

#include "compiler/Target/StepRuntimeHooks.h"
#include "kiln/runtime/status_cc.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>

namespace mlir {
class ExecutionEngine;
class ModuleOp;
class OpPassManager;
class Operation;
} // namespace mlir

namespace kiln {

namespace cuda {
class GpuDevice;
struct GpuSessionOptions;
} // namespace cuda

/// The target a compile uses when the user names none: the host's CPU.
inline constexpr const char *kDefaultTargetName = "x86-64";

/// A target as the user names it: `NAME[:CHIP]` (`x86-64`,
/// `x86-64:skylake-avx512`, `cuda:sm_90`), plus extra LLVM features.
struct TargetSpec {
  std::string name = kDefaultTargetName;
  /// The processor to generate code for; empty means the target's default
  /// (for x86-64, the machine compiling).
  std::string chip;
  /// Extra LLVM features ("+avx2,-avx512f"), added to the chip's own.
  std::string features;

  /// Parses `NAME[:CHIP]`; nullopt when NAME is empty.
  static std::optional<TargetSpec> parse(llvm::StringRef text);
  /// `NAME[:CHIP]`, as parse() reads it.
  std::string str() const;
};

/// What a step's host code is written as.
enum class ArtifactKind { LLVMIR, Assembly, Object };

class Target {
public:
  virtual ~Target();

  /// The name the registry knows the target by (`x86-64`).
  virtual llvm::StringRef name() const = 0;

  /// The TensorFlow device type whose ops run on this target (`CPU`,
  /// `GPU`), and how many such devices one host has: placement maps
  /// `/device:TYPE:INDEX` to the target serving TYPE when INDEX is below
  /// the count.
  virtual llvm::StringRef deviceType() const = 0;
  virtual int deviceCount() const = 0;

  /// Whether the target has a kernel for `op` (a kiln op).
  virtual bool hasKernel(mlir::Operation *op) const = 0;

  /// The memref memory space of buffers on this target's devices (0: host
  /// memory, which a step's caller can read directly).
  virtual unsigned memorySpace() const = 0;

  /// The kiln_device_kind_t (kiln/runtime/executable.h) a step's info
  /// gives the buffers a caller passes to a step compiled for this target.
  virtual int32_t stepBufferDeviceKind() const = 0;

  /// The runtime functions a step's entry calls around its body
  /// (StepWrapper.h) for `llvmModule`, the step in the LLVM dialect: the
  /// CPU limits the kernel library's threads for steps that use it; a GPU
  /// target collects the errors of the launches. None by default.
  virtual StepRuntimeHooks stepRuntimeHooks(mlir::ModuleOp llvmModule) const;

  /// Adds the passes that turn each kernel function (kiln-outline-fusions,
  /// marked #kiln.kernel with its kind and device) into what this target
  /// runs: a call to one of its libraries, chosen by the kernel's kind;
  /// loops inlined into the step; or a device launch. They run on
  /// bufferized IR, before memory planning, so the planner sees a library
  /// call as one op.
  virtual void buildKernelPipeline(mlir::OpPassManager &pm) const = 0;

  /// Adds the passes from bufferized, memory-planned IR to the LLVM
  /// dialect.
  virtual void buildCodegenPipeline(mlir::OpPassManager &pm) const = 0;

  /// Writes `module` (LLVM dialect, step entry included) as `kind` into
  /// `out`. Fails with a message when the target cannot.
  virtual Status emitArtifact(mlir::ModuleOp module, ArtifactKind kind,
                              llvm::SmallVectorImpl<char> &out) const = 0;

  /// Compiles `module` (LLVM dialect) into this process; `engine` owns the
  /// code. Only targets whose code the host runs directly can; the others
  /// fail with a message.
  virtual Status
  createJitEngine(mlir::ModuleOp module,
                  std::unique_ptr<mlir::ExecutionEngine> &engine) const;

  /// The device whose memory holds a JIT step's arena, feeds, outputs and
  /// variables, opened with `options`; null (the default) when the step
  /// runs on host memory. Fails when the device is missing ("no CUDA
  /// driver", "no GPU").
  virtual Status openJitDevice(const cuda::GpuSessionOptions &options,
                               std::shared_ptr<cuda::GpuDevice> &device) const;
};

} // namespace kiln

#endif // KILN_COMPILER_TARGET_TARGET_H
