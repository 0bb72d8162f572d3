//===- Frontend.cpp - model formats that import into kiln IR --------------===//

#include "frontends/Registry/Frontend.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"

namespace kiln {

Frontend::~Frontend() = default;

namespace {

std::vector<std::unique_ptr<Frontend>> &frontends() {
  static std::vector<std::unique_ptr<Frontend>> registered;
  return registered;
}

} // namespace

void registerFrontend(std::unique_ptr<Frontend> frontend) {
  for (const auto &existing : frontends())
    if (existing->name() == frontend->name())
      return;
  frontends().push_back(std::move(frontend));
}

const Frontend *selectFrontend(const llvm::MemoryBuffer &buffer,
                               mlir::MLIRContext *ctx) {
  llvm::StringRef path = buffer.getBufferIdentifier();
  const Frontend *best = nullptr;
  int bestClaim = 0;
  for (const auto &frontend : frontends()) {
    int claim = frontend->claim(path, buffer.getBuffer());
    if (claim > bestClaim) {
      best = frontend.get();
      bestClaim = claim;
    }
  }
  if (!best) {
    std::string known;
    for (const auto &frontend : frontends())
      known += (known.empty() ? "" : ", ") + frontend->name().str();
    mlir::emitError(mlir::FileLineColLoc::get(ctx, path, 0, 0))
        << path << ": not a model kiln can import (known formats: "
        << (known.empty() ? "none registered" : known) << ")";
  }
  return best;
}

mlir::OwningOpRef<mlir::ModuleOp> importModel(const llvm::MemoryBuffer &buffer,
                                              const ImportOptions &options,
                                              mlir::MLIRContext *ctx) {
  const Frontend *frontend = selectFrontend(buffer, ctx);
  if (!frontend)
    return nullptr;
  return frontend->import(buffer, options, ctx);
}

bool looksLikeText(llvm::StringRef contents) {
  for (unsigned char c : contents.take_front(4096))
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
      return false;
  return !contents.empty();
}

llvm::StringRef firstStatement(llvm::StringRef contents,
                               llvm::StringRef commentPrefix) {
  for (llvm::StringRef rest = contents; !rest.empty();) {
    auto [line, next] = rest.split('\n');
    rest = next;
    line = line.trim();
    if (!line.empty() && !line.starts_with(commentPrefix))
      return line;
  }
  return {};
}

std::optional<std::string> verifyOpsAfter(mlir::Block &block,
                                          mlir::Operation *after) {
  if (block.empty())
    return std::nullopt;
  std::string message;
  bool verified = true;
  {
    mlir::ScopedDiagnosticHandler capture(block.front().getContext(),
                                          [&](mlir::Diagnostic &diag) {
                                            if (message.empty())
                                              message = diag.str();
                                            return mlir::success();
                                          });
    for (mlir::Operation *op = after ? after->getNextNode() : &block.front();
         op && verified; op = op->getNextNode())
      verified = mlir::succeeded(mlir::verify(op, /*verifyRecursively=*/false));
  }
  if (verified)
    return std::nullopt;
  return message;
}

} // namespace kiln
