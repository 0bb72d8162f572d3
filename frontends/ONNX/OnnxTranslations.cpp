//===- OnnxTranslations.cpp - ONNX translations for kiln-translate --------===//

#include "dialects/Kiln/IR/KilnDialect.h"
#include "frontends/ONNX/OnnxConversion.h"
#include "frontends/ONNX/OnnxImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::onnximport {

void registerOnnxTranslations() {
  static llvm::cl::list<std::string> feeds(
      "onnx-feeds", llvm::cl::CommaSeparated,
      llvm::cl::desc("with --import-onnx: values fed as function arguments "
                     "(graph inputs or initializers); default: every graph "
                     "input no initializer backs"));
  static llvm::cl::list<std::string> fetches(
      "onnx-fetches", llvm::cl::CommaSeparated,
      llvm::cl::desc("with --import-onnx: values returned; default: the "
                     "graph's outputs"));

  static TranslateToMLIRRegistration importRegistration(
      "import-onnx", "ONNX model (.onnx) to kiln IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        FailureOr<onnx::ModelProto> model = parseModel(*buffer, ctx);
        if (failed(model))
          return nullptr;
        ImportOptions options;
        options.feeds.assign(feeds.begin(), feeds.end());
        options.fetches.assign(fetches.begin(), fetches.end());
        return importModel(*model, options, buffer->getBufferIdentifier(), ctx);
      },
      [](DialectRegistry &registry) {
        registry.insert<KilnDialect, func::FuncDialect>();
      });
}

void printOnnxOpTable(llvm::raw_ostream &os) {
  for (const auto &[opType, versions] : supportedOps()) {
    os << "- `" << opType << "`: opset "
       << std::max(versions.front(), kMinOpset) << " on";
    if (versions.size() > 1) {
      os << " (converter changes at";
      for (int64_t version : llvm::drop_begin(versions))
        os << " " << version;
      os << ")";
    }
    os << "\n";
  }
}

} // namespace kiln::onnximport
