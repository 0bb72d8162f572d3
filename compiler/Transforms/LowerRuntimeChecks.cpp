//===- LowerRuntimeChecks.cpp - failed checks return from the step --------===//
//
// The last form of TensorFlow's run-time checks on the host: a failed
// kiln.runtime_check stores its report in the caller's kiln_step_error_t
// and returns, so ops after it (variable updates included) never see the
// bad value.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#define DEBUG_TYPE "kiln-lower-runtime-checks"

namespace kiln {
#define GEN_PASS_DEF_LOWERRUNTIMECHECKSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Rewrites `check` into a branch to a block that fills `record` and
/// returns; the ops after it move to the branch's other successor.
void lowerCheck(RuntimeCheckOp check, Value record, StringRef messageName) {
  OpBuilder b(check);
  Location loc = check.getLoc();
  Block *before = check->getBlock();
  Block *after = before->splitBlock(std::next(check->getIterator()));
  Block *failed = b.createBlock(after);
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  Type i64 = b.getI64Type();
  std::string message = check.getMessage().str();
  message.push_back('\0');
  Value format = LLVM::createGlobalString(loc, b, messageName, message,
                                          LLVM::Linkage::Internal);
  LLVM::StoreOp::create(b, loc, format, record);
  for (auto [index, value] : llvm::enumerate(check.getValues())) {
    Value at = LLVM::GEPOp::create(b, loc, ptr, i64, record,
                                   ArrayRef<LLVM::GEPArg>{int32_t(index + 1)});
    LLVM::StoreOp::create(b, loc, value, at);
  }
  func::ReturnOp::create(b, loc);
  b.setInsertionPoint(check);
  cf::CondBranchOp::create(b, loc, check.getFailed(), failed, after);
  check.erase();
}

struct LowerRuntimeChecksPass
    : public kiln::impl::LowerRuntimeChecksPassBase<LowerRuntimeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t messages = 0;
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      SmallVector<RuntimeCheckOp> checks;
      func.walk([&](RuntimeCheckOp check) { checks.push_back(check); });
      if (checks.empty())
        continue;
      if (func.getNumResults() != 0) {
        func.emitOpError("has run-time checks but returns values; its "
                         "results must be out-parameters");
        return signalPassFailure();
      }
      for (RuntimeCheckOp check : checks)
        if (check->getParentOp() != func.getOperation()) {
          check.emitOpError("is nested in ")
              << check->getParentOp()->getName()
              << "; a failed check can only return from the step's own "
                 "blocks";
          return signalPassFailure();
        }
      Type ptr = LLVM::LLVMPointerType::get(&getContext());
      unsigned recordIndex = func.getNumArguments();
      if (failed(func.insertArgument(recordIndex, ptr, {}, func.getLoc())))
        return signalPassFailure();
      Value record = func.getArgument(recordIndex);
      for (RuntimeCheckOp check : checks)
        lowerCheck(check, record,
                   ("kiln_check_message_" + Twine(messages++)).str());
    }
  }
};

} // namespace
