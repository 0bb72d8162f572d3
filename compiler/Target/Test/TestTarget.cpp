//===- TestTarget.cpp - a second device for placement tests ---------------===//

#include "compiler/Target/Test/TestTarget.h"

#include "compiler/Target/TargetRegistry.h"
#include "kiln/runtime/executable.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace kiln {

namespace {

class TestGpuTarget final : public Target {
public:
  llvm::StringRef name() const override { return "test-gpu"; }
  llvm::StringRef deviceType() const override { return "GPU"; }
  int deviceCount() const override { return 1; }
  bool hasKernel(Operation *op) const override {
    return op->getNumResults() == 1 &&
           llvm::all_of(op->getOperandTypes(), [&](Type type) {
             return type == op->getResult(0).getType();
           });
  }
  unsigned memorySpace() const override { return 1; }
  // Steps with buffers on a GPU would hand them over as device memory.
  int32_t stepBufferDeviceKind() const override { return KILN_DEVICE_CUDA; }
  // A device target would launch each kernel; this one leaves them as
  // functions, so tests see what reaches a target.
  void buildKernelPipeline(OpPassManager &) const override {}
  void buildCodegenPipeline(OpPassManager &) const override {}
  Status emitArtifact(ModuleOp, ArtifactKind,
                      llvm::SmallVectorImpl<char> &) const override {
    return Status(StatusCode::Unimplemented,
                  "the test-gpu target generates no code");
  }
};

} // namespace

void registerTestTargets() {
  registerTarget({"test-gpu",
                  "placement tests only: a GPU with element-wise kernels",
                  [](const TargetSpec &, std::unique_ptr<Target> &target) {
                    target = std::make_unique<TestGpuTarget>();
                    return Status();
                  }});
}

} // namespace kiln
