/* Runs the step tests/runtime/c-api-checks.mlir compiles (a gather by fed
   ids feeding a variable update) with good and bad ids. */
#include "kiln/runtime/api.h"
#include "lookup.h"
#include "report_status.h"

#include <stdalign.h>
#include <stdio.h>

static float total_of(kiln_session_t *session) {
  return *(const float *)kiln_session_variable_data(session, 1);
}

static void run_ids(kiln_session_t *session, const char *what,
                    const int32_t ids[3]) {
  int64_t shape[1] = {3};
  kiln_status_t status = kiln_session_bind_input(
      session, "ids", KILN_DTYPE_I32, 1, shape, ids, 3 * sizeof *ids);
  if (!status)
    status = kiln_session_run(session);
  if (status) {
    report(what, status);
    return;
  }
  printf("%s: ok, total %.1f\n", what, total_of(session));
}

int main(void) {
  kiln_step_info_t info = lookup_info();
  kiln_session_t *session = NULL;
  if (kiln_session_create(&info, kiln_allocator_system(), &session))
    return 1;
  /* Row r is (r, r), so ids {0, 1, 3} add 8 to total. */
  float table[8] = {0, 0, 1, 1, 2, 2, 3, 3}, total = 2;
  int64_t table_shape[2] = {4, 2};
  report("bind table",
         kiln_session_bind_input(session, "table", KILN_DTYPE_F32, 2,
                                 table_shape, table, sizeof table));
  report("bind total", kiln_session_bind_input(session, "total", KILN_DTYPE_F32,
                                               0, NULL, &total, sizeof total));
  int32_t good[3] = {0, 1, 3}, bad[3] = {2, 4, 0}, negative[3] = {1, 1, -1};
  run_ids(session, "good ids", good);
  run_ids(session, "bad ids", bad);
  printf("total after the failed run: %.1f\n", total_of(session));
  run_ids(session, "negative id", negative);
  run_ids(session, "good ids again", good);

  /* The ABI directly: the record is optional. */
  static alignas(64) unsigned char arena[LOOKUP_ARENA_BYTES + 64];
  float variable_total = 0, rows[6];
  int32_t out_of_range[3] = {9, 0, 0};
  const void *inputs[1] = {out_of_range};
  void *variables[2] = {table, &variable_total};
  void *outputs[1] = {rows};
  kiln_step_context_t context = {
      KILN_STEP_ABI_VERSION, arena, sizeof arena, NULL, 0, NULL};
  printf("raw call without a record: status %d\n",
         (int)lookup_run(&context, inputs, variables, outputs));
  kiln_step_error_t error = {NULL, {0, 0, 0}};
  context.error = &error;
  int32_t code = lookup_run(&context, inputs, variables, outputs);
  printf("raw call with a record: status %d, indices[%lld] = %lld\n", (int)code,
         (long long)error.values[0], (long long)error.values[1]);
  kiln_session_release(session);
  return 0;
}
