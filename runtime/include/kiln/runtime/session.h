/*===- session.h - running a compiled step through the C API --------------===*
 *
 * Lifecycle: describe the step (kiln_step_info_t from the header
 * kiln-compile wrote, e.g. mlp_info()) -> kiln_session_create -> bind every
 * input -> kiln_session_run -> read the outputs -> kiln_session_release.
 *
 *   kiln_session_t *session;
 *   kiln_step_info_t info = mlp_info();
 *   kiln_status_t s = kiln_session_create(&info, kiln_allocator_system(),
 *                                         &session);
 *   s = kiln_session_bind_input(session, "X", KILN_DTYPE_F32, 2, shape,
 *                               data, bytes);
 *   s = kiln_session_run(session);
 *   const float *logits = kiln_session_output_data(session, 0);
 *
 * Binding checks the name, dtype, shape and byte size against the step's
 * description: a mismatch is an INVALID_ARGUMENT status naming the tensor
 * and both shapes, never a crash. Inputs are copied at bind time, so the
 * caller's buffer may be reused right after. Outputs are owned by the
 * session and valid until the next run or release.
 *
 * Variables (a training step's weights) live in the session across runs:
 * binding a variable's name sets its value (e.g. from a checkpoint), each
 * run updates it in place, and kiln_session_variable_data reads it. A
 * variable the step reads must be bound before the first run. The
 * session also owns the step's arena.
 *
 * Thread-safety: a session is used by one thread at a time; distinct
 * sessions may run concurrently.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_SESSION_H
#define KILN_RUNTIME_SESSION_H

#include "kiln/runtime/allocator.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kiln_session_s kiln_session_t;

/* Creates a session for `step` (copied; its arrays must outlive the
   session). Buffers for every input, variable and output and the arena
   come from `allocator`. A step of another ABI version (its abi_version
   is not KILN_STEP_ABI_VERSION) is INVALID_ARGUMENT. */
kiln_status_t kiln_session_create(const kiln_step_info_t *step,
                                  kiln_allocator_t allocator,
                                  kiln_session_t **out_session);

/* Reference counting: a session starts with one reference. */
void kiln_session_retain(kiln_session_t *session);
void kiln_session_release(kiln_session_t *session);

/* Copies `data` (row-major, `byte_size` bytes) into input or variable
   `name`. */
kiln_status_t kiln_session_bind_input(kiln_session_t *session,
                                      const char *name, kiln_dtype_t dtype,
                                      int32_t rank, const int64_t *shape,
                                      const void *data, uint64_t byte_size);

/* Runs the step; fails if an input, or a variable the step reads, was
   never bound, or with INVALID_ARGUMENT and the check's message when one
   of the step's run-time checks fails (the session stays usable). */
kiln_status_t kiln_session_run(kiln_session_t *session);

/* Writes the message of a failed run-time check (`error->format` with its
   values) into `buffer` of `size` bytes, NUL-terminated and cut short when
   needed; "" when `error->format` is NULL. Returns what snprintf
   returns. */
int kiln_step_error_message(const kiln_step_error_t *error, char *buffer,
                            size_t size);

/* Output `index` after a run, described by the step's outputs[index];
   NULL before the first run or for a bad index. */
const void *kiln_session_output_data(kiln_session_t *session, int32_t index);

/* The description of the step `session` runs (a copy the session owns);
   NULL for a NULL session. */
const kiln_step_info_t *kiln_session_step(const kiln_session_t *session);

/* Variable `index` (described by the step's variables[index]) as the last
   run left it, or as bound; NULL for a bad index. */
const void *kiln_session_variable_data(kiln_session_t *session, int32_t index);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_SESSION_H */
