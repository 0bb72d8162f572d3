//===- Translations.cpp - GraphDef translations for kiln-translate --------===//

#include "frontends/TFGraph/Translations.h"

#include "dialects/Kiln/IR/KilnDialect.h"
#include "frontends/TFGraph/GraphDefExporter.h"
#include "frontends/TFGraph/GraphDefImporter.h"
#include <google/protobuf/text_format.h>
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace kiln::tfgraph {

void registerTFGraphTranslations() {
  static llvm::cl::list<std::string> feeds(
      "feeds", llvm::cl::CommaSeparated,
      llvm::cl::desc("tensors fed as function arguments (node or node:k); "
                     "default: every Placeholder the fetches need"));
  static llvm::cl::list<std::string> fetches(
      "fetches", llvm::cl::CommaSeparated,
      llvm::cl::desc("tensors returned by the function, or ^node for a "
                     "target run only for its effects; default: every "
                     "output no node consumes"));

  static TranslateToMLIRRegistration importRegistration(
      "import-graphdef", "TensorFlow GraphDef (.pb or .pbtxt) to kiln IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        FailureOr<tensorflow::GraphDef> graph = parseGraphDef(*buffer, ctx);
        if (failed(graph))
          return nullptr;
        GraphImportOptions options;
        options.feeds.assign(feeds.begin(), feeds.end());
        options.fetches.assign(fetches.begin(), fetches.end());
        return importGraphDef(*graph, options, buffer->getBufferIdentifier(),
                              ctx);
      },
      [](DialectRegistry &registry) {
        registry.insert<KilnDialect, func::FuncDialect>();
      });

  static llvm::cl::opt<bool> asText(
      "text", llvm::cl::desc("with --export-graphdef: write text format"));
  static TranslateFromMLIRRegistration exportRegistration(
      "export-graphdef", "kiln IR to a TensorFlow GraphDef (binary, or --text)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        FailureOr<tensorflow::GraphDef> graph = exportGraphDef(module);
        if (failed(graph))
          return failure();
        std::string bytes;
        if (asText)
          google::protobuf::TextFormat::PrintToString(*graph, &bytes);
        else
          graph->SerializeToString(&bytes);
        os << bytes;
        return success();
      },
      [](DialectRegistry &registry) {
        registry.insert<KilnDialect, func::FuncDialect>();
      });
}

} // namespace kiln::tfgraph
