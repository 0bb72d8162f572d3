//===- main.cpp - kiln-translate: model files <-> kiln IR -----------------===//

#include "frontends/TFGraph/Translations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  kiln::tfgraph::registerTFGraphTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "kiln translation driver\n"))
             ? 1
             : 0;
}
