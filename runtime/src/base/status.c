/*===- status.c - errors returned by the kiln runtime ---------------------===*/

#include "base/status_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct kiln_status_s {
  kiln_status_code_t code;
  char message[];
};

kiln_status_t kiln_make_status(kiln_status_code_t code, const char *format,
                               ...) {
  va_list args;
  va_start(args, format);
  int length = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (length < 0)
    length = 0;
  kiln_status_t status = malloc(sizeof(struct kiln_status_s) + length + 1);
  if (!status)
    abort(); /* no memory left even to report the error */
  status->code = code;
  va_start(args, format);
  vsnprintf(status->message, (size_t)length + 1, format, args);
  va_end(args);
  return status;
}

kiln_status_code_t kiln_status_code(kiln_status_t status) {
  return status ? status->code : KILN_STATUS_OK;
}

const char *kiln_status_message(kiln_status_t status) {
  return status ? status->message : "";
}

void kiln_status_free(kiln_status_t status) { free(status); }
