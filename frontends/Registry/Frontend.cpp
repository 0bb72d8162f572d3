//===- Frontend.cpp - model formats that import into kiln IR --------------===//

#include "frontends/Registry/Frontend.h"

#include "kiln/runtime/checked_size.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

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
  mlir::OwningOpRef<mlir::ModuleOp> module =
      frontend->import(buffer, options, ctx);
  if (module && mlir::failed(checkTensorSizes(*module)))
    return nullptr;
  return module;
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

std::optional<std::string> tensorSizeError(mlir::Type type) {
  auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(type);
  if (!tensor)
    return std::nullopt;
  mlir::Type element = tensor.getElementType();
  uint64_t bytes =
      element.isIntOrFloat() ? (element.getIntOrFloatBitWidth() + 7) / 8 : 8;
  // Dynamic dimensions count as 1 here; a feed fixes them, and its own
  // size is checked where it is read.
  llvm::SmallVector<int64_t> dims;
  for (int64_t dim : tensor.getShape())
    dims.push_back(mlir::ShapedType::isDynamic(dim) ? 1 : dim);
  uint64_t count = 0;
  if (checkedElementCount(dims.data(), dims.size(), bytes, count))
    return std::nullopt;
  return "of shape " + formatDims(tensor.getShape().data(), tensor.getRank()) +
         ", larger than kiln can hold (2^48 bytes)";
}

mlir::LogicalResult checkTensorSizes(mlir::ModuleOp module) {
  mlir::WalkResult result =
      module.walk<mlir::WalkOrder::PreOrder>([](mlir::Operation *op) {
        for (mlir::Region &region : op->getRegions())
          for (mlir::Block &block : region)
            for (mlir::BlockArgument argument : block.getArguments())
              if (auto tooLarge = tensorSizeError(argument.getType())) {
                op->emitError()
                    << "argument " << argument.getArgNumber() << " is "
                    << "a tensor " << *tooLarge;
                return mlir::WalkResult::interrupt();
              }
        for (mlir::Type type : op->getResultTypes())
          if (auto tooLarge = tensorSizeError(type)) {
            op->emitError() << "makes a tensor " << *tooLarge;
            return mlir::WalkResult::interrupt();
          }
        return mlir::WalkResult::advance();
      });
  return mlir::failure(result.wasInterrupted());
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
         op && verified; op = op->getNextNode()) {
      verified = mlir::succeeded(mlir::verify(op, /*verifyRecursively=*/false));
      for (mlir::Type type : op->getResultTypes())
        if (std::optional<std::string> tooLarge = tensorSizeError(type);
            verified && tooLarge) {
          message = "'" + op->getName().getStringRef().str() +
                    "' would make a tensor " + *tooLarge;
          verified = false;
        }
    }
  }
  if (verified)
    return std::nullopt;
  return message;
}

} // namespace kiln
