/*===- library.c - loading a compiled step from a shared library ----------===*/

#define _GNU_SOURCE
#include "kiln/runtime/library.h"

#include "base/status_internal.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

struct kiln_library_s {
  void *handle;
  kiln_step_info_t step;
};

kiln_status_t kiln_library_open(const char *path, kiln_library_t **out_library) {
  if (!path || !out_library)
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_library_open: path and out_library are required");
  *out_library = NULL;
  /* dlopen searches the library path for names without a slash; a step
     library is always a file the caller names. */
  size_t length = strlen(path);
  char *relative = NULL;
  if (!strchr(path, '/')) {
    relative = malloc(length + 3);
    if (!relative)
      return kiln_make_status(KILN_STATUS_RESOURCE_EXHAUSTED, "out of memory");
    memcpy(relative, "./", 2);
    memcpy(relative + 2, path, length + 1);
  }
  void *handle = dlopen(relative ? relative : path, RTLD_NOW | RTLD_LOCAL);
  free(relative);
  if (!handle) {
    const char *reason = dlerror();
    return kiln_make_status(KILN_STATUS_NOT_FOUND, "cannot load step library '%s': %s",
                            path, reason ? reason : "unknown error");
  }
  kiln_step_info_fn_t describe;
  *(void **)&describe = dlsym(handle, KILN_STEP_INFO_SYMBOL);
  if (!describe) {
    dlclose(handle);
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "'%s' is not a kiln step library: it exports no %s "
                            "(write one with kiln-compile --emit=so)",
                            path, KILN_STEP_INFO_SYMBOL);
  }
  kiln_library_t *library = malloc(sizeof *library);
  if (!library) {
    dlclose(handle);
    return kiln_make_status(KILN_STATUS_RESOURCE_EXHAUSTED, "out of memory");
  }
  library->handle = handle;
  library->step = describe();
  if (library->step.abi_version != KILN_STEP_ABI_VERSION) {
    unsigned version = library->step.abi_version;
    kiln_library_close(library);
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "'%s' holds a step of ABI version %u; this runtime "
                            "runs version %d (recompile it with this kiln)",
                            path, version, KILN_STEP_ABI_VERSION);
  }
  if (!library->step.run || library->step.num_inputs < 0 ||
      library->step.num_variables < 0 || library->step.num_outputs < 0) {
    kiln_library_close(library);
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "'%s' describes no runnable step", path);
  }
  *out_library = library;
  return NULL;
}

kiln_step_info_t kiln_library_step(const kiln_library_t *library) {
  return library->step;
}

void kiln_library_close(kiln_library_t *library) {
  if (!library)
    return;
  dlclose(library->handle);
  free(library);
}
