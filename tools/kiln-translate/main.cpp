//===- main.cpp - kiln-translate: model files <-> kiln IR -----------------===//

#include "compiler/API/Registration.h"
#include "compiler/Target/CUDA/CudaTarget.h"
#include "frontends/ONNX/OnnxImporter.h"
#include "frontends/TFGraph/Translations.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "tools/CompilerToolSetup.h"

int main(int argc, char **argv) {
  kiln::tools::setUpCompilerTool("kiln-translate");
  kiln::tools::hideLibraryOptions();
  // Not a translation: what the ONNX frontend converts (README's table).
  if (argc == 2 && llvm::StringRef(argv[1]) == "--list-onnx-ops") {
    kiln::onnximport::printOnnxOpTable(llvm::outs());
    return 0;
  }
  if (argc == 2 && llvm::StringRef(argv[1]) == "--list-tf-ops") {
    kiln::tfgraph::printTFOpTable(llvm::outs());
    return 0;
  }
  kiln::tfgraph::registerTFGraphTranslations();
  kiln::onnximport::registerOnnxTranslations();
  static mlir::TranslateFromMLIRRegistration ptx(
      "kiln-gpu-binaries-to-ptx",
      "the PTX of every kernel the cuda device pipeline compiled",
      [](mlir::Operation *op, llvm::raw_ostream &os) {
        auto module = llvm::dyn_cast<mlir::ModuleOp>(op);
        return module ? kiln::writePtx(module, os) : mlir::failure();
      },
      kiln::registerAllKilnDialects);
  return mlir::failed(mlir::mlirTranslateMain(
             argc, argv,
             "kiln translation driver (also: --list-tf-ops, --list-onnx-ops "
             "print the ops the "
             "importers convert)\n"))
             ? 1
             : 0;
}
