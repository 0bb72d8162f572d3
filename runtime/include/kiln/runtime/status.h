/*===- status.h - errors returned by the kiln runtime ---------------------===*
 *
 * Every fallible runtime call returns a kiln_status_t: NULL means success,
 * anything else is an error the caller owns and must free with
 * kiln_status_free. An error carries a code and a message naming the
 * tensor, file or argument at fault.
 *
 * Thread-safety: a status is owned by one thread at a time.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_STATUS_H
#define KILN_RUNTIME_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kiln_status_code_e {
  KILN_STATUS_OK = 0,
  KILN_STATUS_INVALID_ARGUMENT = 1,
  KILN_STATUS_NOT_FOUND = 2,
  KILN_STATUS_FAILED_PRECONDITION = 3,
  KILN_STATUS_RESOURCE_EXHAUSTED = 4,
  KILN_STATUS_INTERNAL = 5,
} kiln_status_code_t;

typedef struct kiln_status_s *kiln_status_t;

/* The code of `status` (KILN_STATUS_OK for NULL). */
kiln_status_code_t kiln_status_code(kiln_status_t status);

/* The message of `status` ("" for NULL); valid until the status is freed. */
const char *kiln_status_message(kiln_status_t status);

/* Frees `status`; NULL is allowed. */
void kiln_status_free(kiln_status_t status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_STATUS_H */
