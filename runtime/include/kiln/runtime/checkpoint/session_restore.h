/*===- session_restore.h - a C API session's variables from a checkpoint --===*
 *
 * tf.train.Saver.restore for a step compiled ahead of time: every variable
 * the step declares (kiln_step_info_t.variables) is read from a TensorFlow
 * V2 checkpoint and bound in the session, checked against the step's dtype
 * and shape. Part of KilnRuntimeCheckpoint (link it with KilnRuntime).
 *
 *   kiln_status_t s = kiln_session_restore(session, "ckpt");  // latest in
 *ckpt/
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_CHECKPOINT_SESSION_RESTORE_H
#define KILN_RUNTIME_CHECKPOINT_SESSION_RESTORE_H

#include "kiln/runtime/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `path` is a checkpoint prefix, or a directory whose `checkpoint` state
   file names the latest one. NOT_FOUND when there is no checkpoint or it
   lacks one of the step's variables; INVALID_ARGUMENT, naming the tensor,
   for another dtype or shape or a corrupt file. Variables are bound one by
   one: after an error some may hold restored values. */
kiln_status_t kiln_session_restore(kiln_session_t *session, const char *path);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_CHECKPOINT_SESSION_RESTORE_H */
