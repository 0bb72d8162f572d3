//===- InlineKernels.cpp - kernel functions back into their steps ---------===//
//
// A target whose kernels need no launch (the CPU) inlines them once it has
// chosen their library calls, so memory planning sees one step with all
// its buffers and plans them in one arena.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#define DEBUG_TYPE "kiln-inline-kernels"

namespace kiln {
#define GEN_PASS_DEF_INLINEKERNELSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

struct InlineKernelsPass
    : public kiln::impl::InlineKernelsPassBase<InlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Every symbol's users in one walk: kernels never call kernels
    // (kiln-outline-fusions makes them from fusions of kiln ops), so the
    // calls inlining clones are never calls of another kernel.
    SymbolTableCollection symbolTables;
    SymbolUserMap users(symbolTables, module);
    SmallVector<func::FuncOp> kernels;
    for (func::FuncOp func : module.getOps<func::FuncOp>())
      if (getKernel(func))
        kernels.push_back(func);
    for (func::FuncOp kernel : kernels) {
      if (!kernel.getBody().hasOneBlock()) {
        kernel.emitError("kernel has more than one block; kiln-inline-kernels "
                         "inlines straight-line kernels only");
        return signalPassFailure();
      }
      for (Operation *user : users.getUsers(kernel)) {
        auto call = dyn_cast<func::CallOp>(user);
        if (!call) {
          user->emitError("uses kernel '")
              << kernel.getSymName() << "' other than by a call";
          return signalPassFailure();
        }
        inlineInto(call, kernel);
      }
      kernel.erase();
    }
  }

  static void inlineInto(func::CallOp call, func::FuncOp kernel) {
    Block &body = kernel.getBody().front();
    IRMapping mapping;
    mapping.map(body.getArguments(), call.getOperands());
    OpBuilder b(call);
    for (Operation &op : body.without_terminator())
      b.clone(op, mapping);
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (auto [result, value] : llvm::zip(call.getResults(), ret.getOperands()))
      result.replaceAllUsesWith(mapping.lookupOrDefault(value));
    call.erase();
  }
};

} // namespace
