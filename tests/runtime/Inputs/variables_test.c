/* Runs tests/runtime/c-api-variables.mlir's step through the C API:
   total += 2 * x; last = x; returns sum(total), checked against a double
   reference after every run. */
#include "accumulate.h"
#include "kiln/runtime/api.h"
#include "report_status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The index of variable `name` in the step's description. */
static int variable_index(const kiln_step_info_t *info, const char *name) {
  for (int i = 0; i < info->num_variables; ++i)
    if (!strcmp(info->variables[i].name, name))
      return i;
  return -1;
}

int main(void) {
  kiln_step_info_t info = accumulate_info();
  kiln_session_t *session = NULL;
  report("create", kiln_session_create(&info, kiln_allocator_system(), &session));
  if (!session)
    return 1;
  float x[3] = {1.5f, -2.0f, 0.25f};
  int64_t shape[1] = {3}, short_shape[1] = {2};
  report("bind x",
         kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 1, shape, x, sizeof x));
  report("run before binding total", kiln_session_run(session));
  float start[3] = {10, 20, 30};
  report("wrong variable shape",
         kiln_session_bind_input(session, "total", KILN_DTYPE_F32, 1, short_shape,
                                 start, 8));
  report("bind total", kiln_session_bind_input(session, "total", KILN_DTYPE_F32, 1,
                                               shape, start, sizeof start));
  double total[3] = {10, 20, 30};
  int total_index = variable_index(&info, "total");
  int last_index = variable_index(&info, "last");
  for (int run = 1; run <= 3; ++run) {
    kiln_status_t status = kiln_session_run(session);
    for (int i = 0; i < 3; ++i)
      total[i] += 2.0 * x[i];
    const float *got_total = kiln_session_variable_data(session, total_index);
    const float *got_last = kiln_session_variable_data(session, last_index);
    const float *sum = kiln_session_output_data(session, 0);
    int total_ok = got_total != NULL, last_ok = got_last != NULL;
    double expected_sum = 0;
    for (int i = 0; i < 3; ++i) {
      total_ok &= got_total && fabs(got_total[i] - total[i]) < 1e-5;
      last_ok &= got_last && got_last[i] == x[i];
      expected_sum += total[i];
    }
    printf("run %d: %s, total %s, last %s, sum %s\n", run,
           status ? kiln_status_message(status) : "ok",
           total_ok ? "matches" : "WRONG", last_ok ? "matches" : "WRONG",
           sum && fabs(*sum - expected_sum) < 1e-4 ? "matches" : "WRONG");
    kiln_status_free(status);
  }
  kiln_session_release(session);
  return 0;
}
