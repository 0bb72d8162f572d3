//===- MakeResultsDistinct.cpp - one buffer per returned tensor -----------===//

#include "compiler/Transforms/Passes.h"

#include "llvm/ADT/SmallPtrSet.h"

#define DEBUG_TYPE "kiln-make-results-distinct"

namespace kiln {
#define GEN_PASS_DEF_MAKERESULTSDISTINCTPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct MakeResultsDistinctPass
    : public kiln::impl::MakeResultsDistinctPassBase<MakeResultsDistinctPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder b(ret);
      llvm::SmallPtrSet<Value, 4> seen;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        bool aliases = !seen.insert(value).second || isa<BlockArgument>(value);
        if (!type || !aliases || !type.hasStaticShape())
          continue;
        Value destination =
            bufferization::AllocTensorOp::create(b, ret.getLoc(), type, ValueRange{});
        operand.set(linalg::CopyOp::create(b, ret.getLoc(), value, destination)
                        .getResult(0));
      }
    });
  }
};

} // namespace
