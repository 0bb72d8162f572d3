/* Runs the step kiln-compile wrote (dense.o, dense.h) through the runtime's
   C API, linking nothing of kiln but Kiln::Runtime. */
#include "dense.h"
#include "kiln/runtime/api.h"

#include <stdio.h>

static int failed(const char *what, kiln_status_t status) {
  if (!status)
    return 0;
  fprintf(stderr, "%s: %s\n", what, kiln_status_message(status));
  kiln_status_free(status);
  return 1;
}

int main(void) {
  kiln_step_info_t info = dense_info();
  kiln_session_t *session = NULL;
  const float x[6] = {1, 2, 3, -1, 0.5f, 4};
  const int64_t shape[2] = {2, 3};
  if (failed("create",
             kiln_session_create(&info, kiln_allocator_system(), &session)) ||
      failed("bind", kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2,
                                             shape, x, sizeof x)) ||
      failed("run", kiln_session_run(session)))
    return 1;
  const float *y = (const float *)kiln_session_output_data(session, 0);
  printf("aot: %g %g %g %g\n", y[0], y[1], y[2], y[3]);
  kiln_session_release(session);
  return 0;
}
