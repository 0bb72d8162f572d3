//===- MlirFrontend.cpp - kiln IR in MLIR's text form as a model ----------===//

#include "frontends/MLIR/MlirFrontend.h"

#include "frontends/Registry/Frontend.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseMap.h"
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

/// Fails, at the call that closes the cycle, when a function calls itself
/// directly or through others: a step's memory is planned ahead of time,
/// so a recursion could only end in a stack overflow at run time.
LogicalResult checkNoRecursion(ModuleOp module) {
  llvm::DenseMap<Operation *, SmallVector<func::CallOp>> calls;
  SymbolTable symbols(module);
  module.walk([&](func::CallOp call) {
    if (auto caller = call->getParentOfType<func::FuncOp>())
      calls[caller].push_back(call);
  });
  // 0: not seen, 1: on the current path, 2: done.
  llvm::DenseMap<Operation *, int> state;
  for (func::FuncOp root : module.getOps<func::FuncOp>()) {
    if (state[root])
      continue;
    SmallVector<std::pair<Operation *, size_t>> path = {{root, 0}};
    state[root] = 1;
    while (!path.empty()) {
      auto &[function, next] = path.back();
      SmallVector<func::CallOp> &out = calls[function];
      if (next == out.size()) {
        state[function] = 2;
        path.pop_back();
        continue;
      }
      func::CallOp call = out[next++];
      Operation *callee = symbols.lookup(call.getCallee());
      if (!callee)
        continue; // the verifier reports unknown callees
      if (state[callee] == 1)
        return call.emitError()
               << "'@" << call.getCallee() << "' is called while it runs "
               << "(recursion); kiln steps cannot recurse: their memory is "
                  "planned ahead of time";
      if (state[callee] == 0) {
        state[callee] = 1;
        path.push_back({callee, 0});
      }
    }
  }
  return success();
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
    OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sources, ctx);
    if (module && failed(checkNoRecursion(*module)))
      return nullptr;
    return module;
  }
};

} // namespace

void registerMlirFrontend() {
  registerFrontend(std::make_unique<MlirFrontend>());
}

} // namespace kiln
