//===- ErrorCollector.h - MLIR errors as one message string -----*- C++ -*-===//
//
// The API layer reports failures as strings (kiln-run, kiln-compile, the
// JIT session): while alive, an ErrorCollector swallows the context's
// error diagnostics and joins them, one per line.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_ERRORCOLLECTOR_H
#define KILN_COMPILER_API_ERRORCOLLECTOR_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace kiln {

class ErrorCollector {
public:
  /// With `withFileLocations`, errors at a file location start with
  /// "file:line:col: " (for errors in a model file the user wrote).
  explicit ErrorCollector(mlir::MLIRContext *ctx, bool withFileLocations = false)
      : handler(ctx, [this, withFileLocations](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
            std::string text;
            llvm::raw_string_ostream os(text);
            if (auto loc = llvm::dyn_cast<mlir::FileLineColLoc>(diag.getLocation());
                loc && withFileLocations)
              os << loc.getFilename() << ":" << loc.getLine() << ":"
                 << loc.getColumn() << ": ";
            os << diag.str();
            messages += (messages.empty() ? "" : "\n") + text;
          }
          return mlir::success();
        }) {}

  /// The collected errors, or `fallback` when there were none.
  std::string message(llvm::StringRef fallback) const {
    return messages.empty() ? fallback.str() : messages;
  }

  std::string messages;

private:
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace kiln

#endif // KILN_COMPILER_API_ERRORCOLLECTOR_H
