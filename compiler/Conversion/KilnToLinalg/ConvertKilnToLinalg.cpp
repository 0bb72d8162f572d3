//===- ConvertKilnToLinalg.cpp - the convert-kiln-to-linalg pass ----------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

#define DEBUG_TYPE "convert-kiln-to-linalg"

namespace kiln {
#define GEN_PASS_DEF_CONVERTKILNTOLINALGPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Says why an op cannot be lowered before the conversion reports the
/// generic "failed to legalize".
LogicalResult checkLowerable(Operation *op) {
  if (isa<FusionOp>(op))
    return op->emitOpError("is a kernel; run kiln-outline-fusions first, "
                           "which moves it into a function of its own");
  if (isa<VariableOp, ReadVariableOp, AssignVariableOp, AssignAddVariableOp>(op))
    return op->emitOpError("accesses a variable; run kiln-externalize-variables "
                           "first, which gives the step its variables' buffers");
  for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                      op->getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      continue;
    if (!tensor.hasStaticShape())
      return op->emitOpError("needs static shapes for code generation, got ")
             << tensor << "; give the feeds concrete shapes and run "
                          "kiln-infer-shapes";
  }
  return success();
}

/// TensorFlow draws fresh randomness for ops with neither seed set; kiln's
/// values are always reproducible, so each such op gets its own fixed
/// stream: a default graph seed and its position in the module.
void giveUnseededRandomOpsStreams(ModuleOp module) {
  constexpr int64_t kDefaultSeed = 87654321;
  int64_t position = 0;
  module.walk([&](Operation *op) {
    if (!isa<RandomNormalOp, TruncatedNormalOp, RandomUniformOp>(op))
      return;
    ++position;
    auto seed = op->getAttrOfType<IntegerAttr>("seed");
    auto seed2 = op->getAttrOfType<IntegerAttr>("seed2");
    if ((seed && seed.getInt()) || (seed2 && seed2.getInt()))
      return;
    Builder b(op->getContext());
    op->setAttr("seed", b.getI64IntegerAttr(kDefaultSeed));
    op->setAttr("seed2", b.getI64IntegerAttr(position));
  });
}

struct ConvertKilnToLinalgPass
    : public kiln::impl::ConvertKilnToLinalgPassBase<ConvertKilnToLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    giveUnseededRandomOpsStreams(module);
    WalkResult checked = module.walk([](Operation *op) {
      if (!isa<KilnDialect>(op->getDialect()))
        return WalkResult::advance();
      return failed(checkLowerable(op)) ? WalkResult::interrupt()
                                        : WalkResult::advance();
    });
    if (checked.wasInterrupted())
      return signalPassFailure();

    ConversionTarget target(getContext());
    target.addIllegalDialect<KilnDialect>();
    // What run-time checks lower to; the target's codegen ends it.
    target.addLegalOp<RuntimeCheckOp>();
    target.addLegalDialect<
        arith::ArithDialect, bufferization::BufferizationDialect,
        linalg::LinalgDialect, math::MathDialect, memref::MemRefDialect,
        scf::SCFDialect, tensor::TensorDialect, func::FuncDialect>();
    RewritePatternSet patterns(&getContext());
    populateKilnToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    makeIntegersSignless(module);
  }
};

} // namespace
