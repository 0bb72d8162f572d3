//===- ForwardResultCopies.cpp - compute results in the caller's buffers --===//
//
// buffer-results-to-out-params hoists a result's allocation to the caller
// only when the function returns the allocation itself. A step returning
// what a kernel call produced returns the call's (hoisted) buffer instead,
// and gets a copy into its out-parameter; here that buffer becomes the
// out-parameter, and the copy goes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#define DEBUG_TYPE "kiln-forward-result-copies"

namespace kiln {
#define GEN_PASS_DEF_FORWARDRESULTCOPIESPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// `copy` writes a fresh allocation of the same type into an argument of
/// `func` that nothing else uses, after every other use of the allocation.
bool isForwardable(memref::CopyOp copy, func::FuncOp func) {
  auto out = dyn_cast<BlockArgument>(copy.getTarget());
  auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
  if (!out || out.getOwner() != &func.getBody().front() || !alloc ||
      !out.hasOneUse() || alloc.getType() != out.getType() ||
      !alloc.getType().getLayout().isIdentity() ||
      alloc->getBlock() != copy->getBlock())
    return false;
  return llvm::all_of(alloc->getUsers(), [&](Operation *user) {
    return user == copy ||
           copy->getBlock()->findAncestorOpInBlock(*user)->isBeforeInBlock(copy);
  });
}

struct ForwardResultCopiesPass
    : public kiln::impl::ForwardResultCopiesPassBase<ForwardResultCopiesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) {
      if (isForwardable(copy, func))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      Value out = copy.getTarget();
      Operation *alloc = copy.getSource().getDefiningOp();
      copy.erase();
      alloc->getResult(0).replaceAllUsesWith(out);
      alloc->erase();
    }
  }
};

} // namespace
