//===- ImportFuzzer.cpp - libFuzzer target: model files through import ---===//
//
// One source, two targets: KILN_FUZZ_MODEL_NAME names the buffer
// ("model.pb" for GraphDefs, binary or text; "model.onnx" for ONNX
// ModelProtos), which only hints at the format - the frontends claim by
// content, as for any file kiln-run opens. Every input must import or fail
// with an error naming the model; an imported module must verify.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "compiler/API/ModelRunner.h"
#include "compiler/API/Registration.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace kiln;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registerAllKilnFrontends();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<llvm::MemoryBuffer> buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      KILN_FUZZ_MODEL_NAME, /*RequiresNullTerminator=*/false);
  mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  auto module = importModelBuffer(*buffer, ImportOptions(), ctx);
  if (!module.ok()) {
    fuzz::expectNamed(module.status(), KILN_FUZZ_MODEL_NAME);
    return 0;
  }
  if (mlir::failed(mlir::verify(**module)))
    fuzz::finding("an imported module does not verify");
  return 0;
}
