//===- MergeGpuModules.cpp - one gpu.module per compiled program
//-----------===//

#include "compiler/Target/CUDA/Passes.h"

#include "mlir/IR/SymbolTable.h"

namespace kiln {
#define GEN_PASS_DEF_MERGEGPUMODULESPASS
#include "compiler/Target/CUDA/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kMergedName = "kiln_kernels";

struct MergeGpuModulesPass
    : public kiln::impl::MergeGpuModulesPassBase<MergeGpuModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernels(module.getOps<gpu::GPUModuleOp>());
    if (kernels.empty() ||
        (kernels.size() == 1 && kernels.front().getSymName() == kMergedName))
      return;
    OpBuilder b(kernels.front());
    auto merged = gpu::GPUModuleOp::create(b, module.getLoc(), kMergedName);
    SymbolTable(module).insert(merged);
    SymbolTable functions(merged);
    llvm::StringMap<SymbolRefAttr> renamed;
    for (gpu::GPUModuleOp kernel : kernels) {
      for (Operation &op :
           llvm::make_early_inc_range(kernel.getBody()->getOperations())) {
        auto function = dyn_cast<gpu::GPUFuncOp>(op);
        if (!function) {
          // Outlining copies each global a kernel reads (a constant) into
          // its module under the host symbol's name: one copy is enough.
          auto symbol = dyn_cast<SymbolOpInterface>(op);
          if (!symbol) {
            op.emitOpError("cannot join the program's one gpu.module: only "
                           "kernels and the globals they read move there");
            return signalPassFailure();
          }
          if (functions.lookup(symbol.getNameAttr())) {
            op.erase();
            continue;
          }
          op.moveBefore(merged.getBody(), merged.getBody()->end());
          functions.insert(&op);
          continue;
        }
        StringAttr old = function.getNameAttr();
        // Named after its old module, which was unique in the program.
        function.setName(kernel.getSymName());
        function->moveBefore(merged.getBody(), merged.getBody()->end());
        StringAttr name = functions.insert(function);
        renamed[(kernel.getSymName() + "::" + old.getValue()).str()] =
            SymbolRefAttr::get(merged.getSymNameAttr(),
                               {FlatSymbolRefAttr::get(name)});
      }
      kernel.erase();
    }
    WalkResult walk = module.walk([&](gpu::LaunchFuncOp launch) {
      std::string key = (launch.getKernelModuleName().getValue() +
                         "::" + launch.getKernelName().getValue())
                            .str();
      auto it = renamed.find(key);
      if (it == renamed.end()) {
        launch.emitOpError("launches a kernel that is not in the program");
        return WalkResult::interrupt();
      }
      launch.setKernelAttr(it->second);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
