//===- main.cpp - kiln-opt: mlir-opt with kiln's dialects and passes ------===//

#include "compiler/API/Registration.h"
#include "compiler/Target/Test/TestTarget.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "tools/CompilerToolSetup.h"

int main(int argc, char **argv) {
  kiln::tools::setUpCompilerTool("kiln-opt");
  kiln::tools::hideLibraryOptions();
  mlir::DialectRegistry registry;
  kiln::registerAllKilnDialects(registry);
  kiln::registerAllKilnPasses();
  // A fake GPU, so lit tests can place ops on two devices.
  kiln::registerTestTargets();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "kiln optimizer driver\n", registry));
}
