//===- OneLineErrors.h - out of memory and LLVM fatal errors as one line --===//
//
// The compiler tools allocate what their input asks for (a fed shape, a
// constant, an output buffer) and run LLVM, which aborts on errors it
// cannot return. These handlers turn both into one line on stderr and
// exit code 1, the tools' contract for bad input, instead of an abort
// with a stack dump.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_ONELINEERRORS_H
#define KILN_TOOLS_ONELINEERRORS_H

#include "tools/OutOfMemory.h"

#include "llvm/Support/ErrorHandling.h"

namespace kiln::tools {

/// Installs the handlers for `tool` (a string that outlives the process's
/// use of it, e.g. a literal). Call first thing in main.
inline void installOneLineErrorHandlers(const char *tool) {
  static const char *name = tool;
  installOutOfMemoryHandler(tool);
  llvm::install_bad_alloc_error_handler([](void *, const char *reason, bool) {
    std::fprintf(stderr, "%s: out of memory (%s)\n", name, reason);
    std::_Exit(1);
  });
  llvm::install_fatal_error_handler([](void *, const char *reason, bool) {
    std::fprintf(stderr, "%s: %s\n", name, reason);
    std::_Exit(1);
  });
}

} // namespace kiln::tools

#endif // KILN_TOOLS_ONELINEERRORS_H
