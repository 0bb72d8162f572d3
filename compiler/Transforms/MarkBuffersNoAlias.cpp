//===- MarkBuffersNoAlias.cpp - step buffers never overlap ----------------===//

#include "compiler/Transforms/Passes.h"

#define DEBUG_TYPE "kiln-mark-buffers-noalias"

namespace kiln {
#define GEN_PASS_DEF_MARKBUFFERSNOALIASPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct MarkBuffersNoAliasPass
    : public kiln::impl::MarkBuffersNoAliasPassBase<MarkBuffersNoAliasPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.isPublic())
      return;
    UnitAttr unit = UnitAttr::get(func.getContext());
    for (auto [index, type] : llvm::enumerate(func.getArgumentTypes()))
      if (isa<MemRefType>(type))
        func.setArgAttr(index, "llvm.noalias", unit);
  }
};

} // namespace
