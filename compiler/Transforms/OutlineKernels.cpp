//===- OutlineKernels.cpp - one function per linalg op, noalias buffers ---===//

#include "compiler/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

#define DEBUG_TYPE "kiln-outline-kernels"

namespace kiln {
#define GEN_PASS_DEF_OUTLINEKERNELSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct OutlineKernelsPass
    : public kiln::impl::OutlineKernelsPassBase<OutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> steps(module.getOps<func::FuncOp>());
    for (func::FuncOp step : steps) {
      if (step.isExternal() || step.isPrivate())
        continue;
      int counter = 0;
      SmallVector<linalg::LinalgOp> ops;
      step.walk([&](linalg::LinalgOp op) {
        if (op->getParentOp() == step.getOperation() && op.hasPureBufferSemantics())
          ops.push_back(op);
      });
      for (linalg::LinalgOp op : ops)
        outline(module, step, op, counter++);
    }
  }

  static void outline(ModuleOp module, func::FuncOp step, linalg::LinalgOp op,
                      int index) {
    // The kernel's arguments: every value the op uses from outside it
    // (buffers and the scalars its body captures), in first-use order.
    llvm::SetVector<Value> captured;
    for (Value operand : op->getOperands())
      captured.insert(operand);
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (!op->isAncestor(operand.getParentBlock()->getParentOp()))
          captured.insert(operand);
    });
    SmallVector<Type> types;
    for (Value value : captured)
      types.push_back(value.getType());

    OpBuilder b(module.getContext());
    b.setInsertionPoint(step);
    std::string name =
        (step.getSymName() + "_kernel_" + Twine(index)).str();
    auto kernel = func::FuncOp::create(b, op.getLoc(), name,
                                       b.getFunctionType(types, {}));
    kernel.setPrivate();
    // Distinct buffers of one op never overlap; the same buffer passed
    // twice (an in-place op) is the one case that must not be marked.
    for (auto [position, value] : llvm::enumerate(captured)) {
      if (!isa<MemRefType>(value.getType()))
        continue;
      kernel.setArgAttr(position, "llvm.noalias", b.getUnitAttr());
    }
    Block *body = kernel.addEntryBlock();
    b.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [value, arg] : llvm::zip(captured, body->getArguments()))
      mapping.map(value, arg);
    b.clone(*op.getOperation(), mapping);
    func::ReturnOp::create(b, op.getLoc());

    b.setInsertionPoint(op);
    func::CallOp::create(b, op.getLoc(), kernel, captured.getArrayRef());
    op->erase();
  }
};

} // namespace
