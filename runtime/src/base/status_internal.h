/*===- status_internal.h - making statuses inside the runtime -------------===*/
#ifndef KILN_RUNTIME_SRC_BASE_STATUS_INTERNAL_H
#define KILN_RUNTIME_SRC_BASE_STATUS_INTERNAL_H

#include "kiln/runtime/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new error status with a printf-formatted message. */
kiln_status_t kiln_make_status(kiln_status_code_t code, const char *format,
                               ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_SRC_BASE_STATUS_INTERNAL_H */
