//===- LibraryLoader.cpp - dlopen of NVIDIA's libraries -------------------===//

#include "LibraryLoader.h"

#include "kiln/runtime/cuda/driver.h"

#include <cstdlib>
#include <dlfcn.h>
#include <sys/stat.h>

namespace kiln::cuda {

namespace {

bool isFile(const std::string &path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

} // namespace

OpenedLibrary openLibrary(const std::string &path, const std::string &name,
                          const std::vector<std::string> &moreDirectories) {
  OpenedLibrary opened;
  auto tryOpen = [&](const std::string &candidate) {
    if (opened.handle)
      return;
    opened.tried += (opened.tried.empty() ? "" : ", ") + candidate;
    if ((opened.handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL)))
      opened.path = candidate;
  };
  if (!path.empty()) {
    tryOpen(path);
    return opened;
  }
  std::vector<std::string> directories = librarySearchDirectories();
  directories.insert(directories.end(), moreDirectories.begin(),
                     moreDirectories.end());
  for (const std::string &dir : directories)
    if (isFile(dir + "/" + name))
      tryOpen(dir + "/" + name);
  tryOpen(name);
  return opened;
}

std::vector<std::string> toolkitLibraryDirectories() {
  std::vector<std::string> dirs;
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH"})
    if (const char *root = std::getenv(variable))
      dirs.push_back(std::string(root) + "/lib64");
  dirs.push_back("/usr/local/cuda/lib64");
  return dirs;
}

const char *bindSymbols(void *handle, const Binding *bindings, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const Binding &binding = bindings[i];
    for (const char *name : binding.names)
      if (name && !*binding.field)
        *binding.field = dlsym(handle, name);
    if (!*binding.field)
      return binding.names[0];
  }
  return nullptr;
}

} // namespace kiln::cuda
