//===- LibraryLoader.h - dlopen of NVIDIA's libraries -----------*- C++ -*-===//
//
// How the CUDA layer finds and binds the driver, cuBLASLt and cuDNN at run
// time: one search order for all of them (driver.h's
// librarySearchDirectories, then directories the library adds, then the
// system's library path), and one way of binding a table of entry points.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CUDA_LIBRARYLOADER_H
#define KILN_RUNTIME_SRC_CUDA_LIBRARYLOADER_H

#include "kiln/runtime/status_cc.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiln::cuda {

struct OpenedLibrary {
  void *handle = nullptr; // null when nothing loaded
  std::string path;       // the file the loader chose
  std::string tried;      // every candidate, for messages
};

/// Opens `path` when it is not empty; otherwise `name` from the first of
/// librarySearchDirectories() and `moreDirectories` that holds it, else by
/// name from the system's library path. The handle is never closed: the
/// tables bound from it live as long as the process.
OpenedLibrary openLibrary(const std::string &path, const std::string &name,
                          const std::vector<std::string> &moreDirectories);

/// The CUDA toolkit's library directories (CUDA_HOME, CUDA_PATH,
/// /usr/local/cuda): where cuBLASLt and cuDNN live when they are not a
/// Python wheel's.
std::vector<std::string> toolkitLibraryDirectories();

/// A table entry and the symbols it may bind to, newest first (the driver
/// exports the current ABI of a call as cuMemAlloc_v2 and keeps the old
/// one for old binaries).
struct Binding {
  void **field;
  const char *names[2];
};

/// Binds every entry of `bindings` from `handle`; returns the first name
/// of the first entry no symbol binds, or null when all bound.
const char *bindSymbols(void *handle, const Binding *bindings, size_t count);

/// The process's one `Library`, loaded by `Library::loadFrom("")` on the
/// first call; later calls return the same table or the same error.
template <typename Library> StatusOr<const Library *> loadOnce() {
  static std::once_flag once;
  static std::optional<StatusOr<Library>> loaded;
  std::call_once(once, [] { loaded.emplace(Library::loadFrom("")); });
  if (!loaded->ok())
    return loaded->status();
  return &loaded->value();
}

} // namespace kiln::cuda

#endif // KILN_RUNTIME_SRC_CUDA_LIBRARYLOADER_H
