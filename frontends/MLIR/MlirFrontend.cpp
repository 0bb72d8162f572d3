//===- MlirFrontend.cpp - kiln IR in MLIR's text form as a model ----------===//

#include "frontends/MLIR/MlirFrontend.h"

#include "frontends/Registry/Frontend.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace kiln {

namespace {

/// `#name = ...` or `!name = ...`: an attribute or type alias, which may
/// open an MLIR file. (A `#` line elsewhere is, say, a comment in a text
/// protobuf.)
bool isAliasDefinition(llvm::StringRef line) {
  if (!line.consume_front("#") && !line.consume_front("!"))
    return false;
  llvm::StringRef name = line.take_while([](char c) {
    return llvm::isAlnum(c) || c == '_' || c == '.' || c == '$' || c == '-';
  });
  return !name.empty() && line.drop_front(name.size()).ltrim().starts_with("=");
}

class MlirFrontend final : public Frontend {
public:
  llvm::StringRef name() const override { return "kiln-mlir"; }

  int claim(llvm::StringRef path, llvm::StringRef contents) const override {
    if (!looksLikeText(contents))
      return 0;
    // The first statement opens a module, a function or an attribute/type
    // alias.
    llvm::StringRef line = firstStatement(contents, "//");
    if (line.starts_with("module") || line.starts_with("builtin.module") ||
        line.starts_with("func.func") || line.starts_with("kiln.") ||
        isAliasDefinition(line))
      return kRecognizedByContent;
    return path.ends_with(".mlir") ? kSuggestedByName : 0;
  }

  OwningOpRef<ModuleOp> import(const llvm::MemoryBuffer &buffer,
                               const ImportOptions &,
                               MLIRContext *ctx) const override {
    llvm::SourceMgr sources;
    sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(buffer.getBuffer(),
                                             buffer.getBufferIdentifier()),
        llvm::SMLoc());
    return parseSourceFile<ModuleOp>(sources, ctx);
  }
};

} // namespace

void registerMlirFrontend() {
  registerFrontend(std::make_unique<MlirFrontend>());
}

} // namespace kiln
