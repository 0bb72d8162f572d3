//===- OutOfMemory.h - an allocation that fails as one line ---------------===//
//
// Every tool allocates what its input asks for (a record default's shape,
// a checkpoint's tensor, a fed array). When the allocation cannot be
// satisfied the tool prints one line and exits 1, the tools' contract for
// bad input, instead of std::terminate's abort. No LLVM: the runtime's
// tools use it as it is; OneLineErrors.h adds LLVM's handlers.
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_OUTOFMEMORY_H
#define KILN_TOOLS_OUTOFMEMORY_H

#include <cstdio>
#include <cstdlib>
#include <new>

namespace kiln::tools {

/// Installs the handler for `tool` (a string that outlives the process's
/// use of it, e.g. a literal). Call first thing in main.
inline void installOutOfMemoryHandler(const char *tool) {
  static const char *name = tool;
  std::set_new_handler([] {
    std::fprintf(stderr, "%s: out of memory\n", name);
    std::_Exit(1);
  });
}

} // namespace kiln::tools

#endif // KILN_TOOLS_OUTOFMEMORY_H
