/*===- library.h - loading a compiled step from a shared library ----------===*
 *
 * `kiln-compile --emit=so -o OUT` writes OUT.so, which exports
 *
 *   kiln_step_info_t kiln_step_info(void);
 *
 * describing its step (the same description OUT.h gives at compile time).
 * A program that knows only the path loads it here and runs it through a
 * session (session.h):
 *
 *   kiln_library_t *library;
 *   kiln_status_t s = kiln_library_open("./mlp.so", &library);
 *   kiln_step_info_t step = kiln_library_step(library);
 *   s = kiln_session_create(&step, kiln_allocator_system(), &session);
 *   ...
 *   kiln_session_release(session);
 *   kiln_library_close(library);   (after every session using it)
 *
 * Each library is loaded with its own symbol scope, so any number of steps
 * (even with the same step name) can be loaded side by side.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_LIBRARY_H
#define KILN_RUNTIME_LIBRARY_H

#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The symbol every step library exports. */
#define KILN_STEP_INFO_SYMBOL "kiln_step_info"
typedef kiln_step_info_t (*kiln_step_info_fn_t)(void);

typedef struct kiln_library_s kiln_library_t;

/* Loads the step library at `path` (a path without '/' is taken relative
   to the working directory, not searched for). NOT_FOUND when the file
   cannot be loaded, INVALID_ARGUMENT when it is not a kiln step library;
   the message names the path. */
kiln_status_t kiln_library_open(const char *path, kiln_library_t **out_library);

/* The step's description; its arrays live as long as the library. */
kiln_step_info_t kiln_library_step(const kiln_library_t *library);

/* Unloads the library; no session of its step may be used afterwards. */
void kiln_library_close(kiln_library_t *library);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_LIBRARY_H */
