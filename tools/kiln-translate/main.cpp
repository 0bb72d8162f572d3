//===- main.cpp - kiln-translate: model files <-> kiln IR -----------------===//

#include "compiler/API/Registration.h"
#include "compiler/Target/CUDA/CudaTarget.h"
#include "frontends/TFGraph/Translations.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

int main(int argc, char **argv) {
  kiln::tfgraph::registerTFGraphTranslations();
  static mlir::TranslateFromMLIRRegistration ptx(
      "kiln-gpu-binaries-to-ptx",
      "the PTX of every kernel the cuda device pipeline compiled",
      [](mlir::Operation *op, llvm::raw_ostream &os) {
        auto module = llvm::dyn_cast<mlir::ModuleOp>(op);
        return module ? kiln::writePtx(module, os) : mlir::failure();
      },
      kiln::registerAllKilnDialects);
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "kiln translation driver\n"))
             ? 1
             : 0;
}
