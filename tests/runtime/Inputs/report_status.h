/* Prints "WHAT: ok" or "WHAT: CODE MESSAGE" for a C API status and frees
   it: the line the C API tests FileCheck. */
#ifndef KILN_TESTS_RUNTIME_REPORT_STATUS_H
#define KILN_TESTS_RUNTIME_REPORT_STATUS_H

#include "kiln/runtime/api.h"

#include <stdio.h>

static void report(const char *what, kiln_status_t status) {
  if (!status)
    printf("%s: ok\n", what);
  else
    printf("%s: %d %s\n", what, (int)kiln_status_code(status),
           kiln_status_message(status));
  kiln_status_free(status);
}

#endif /* KILN_TESTS_RUNTIME_REPORT_STATUS_H */
