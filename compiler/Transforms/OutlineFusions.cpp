//===- OutlineFusions.cpp - each kiln.fusion becomes a kernel function ----===//
//
// The kernel boundary kiln-fuse-ops drew must reach the target, which
// decides what a kernel becomes (a library call, loops, a device launch).
// A function keeps it through lowering and bufferization, which both
// handle calls across function boundaries, where a region op would need
// bufferization support of its own.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

#define DEBUG_TYPE "kiln-outline-fusions"

namespace kiln {
#define GEN_PASS_DEF_OUTLINEFUSIONSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

struct OutlineFusionsPass
    : public kiln::impl::OutlineFusionsPassBase<OutlineFusionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> steps(module.getOps<func::FuncOp>());
    for (func::FuncOp step : steps) {
      SmallVector<FusionOp> fusions;
      step.walk([&](FusionOp fusion) { fusions.push_back(fusion); });
      for (auto [index, fusion] : llvm::enumerate(fusions))
        outline(symbols, step, fusion, index);
    }
  }

  static void outline(SymbolTable &symbols, func::FuncOp step,
                      FusionOp fusion, size_t index) {
    OpBuilder b(step);
    std::string name = (step.getSymName() + "_" + fusion.getKind() + "_" +
                        Twine(index))
                           .str();
    auto kernel = func::FuncOp::create(
        b, fusion.getLoc(), name,
        b.getFunctionType(fusion.getInputs().getTypes(),
                          fusion.getResultTypes()));
    kernel.setPrivate();
    setKernel(kernel, KernelAttr::get(b.getContext(), fusion.getKind(),
                                      getPlacedDevice(fusion)));
    symbols.insert(kernel, step->getIterator()); // renamed if taken

    kernel.getBody().takeBody(fusion.getBody());
    auto yield = cast<YieldOp>(kernel.getBody().front().getTerminator());
    b.setInsertionPoint(yield);
    func::ReturnOp::create(b, yield.getLoc(), yield.getValues());
    yield.erase();

    b.setInsertionPoint(fusion);
    auto call = func::CallOp::create(b, fusion.getLoc(), kernel,
                                     fusion.getInputs());
    fusion.replaceAllUsesWith(call.getResults());
    fusion.erase();
  }
};

} // namespace
