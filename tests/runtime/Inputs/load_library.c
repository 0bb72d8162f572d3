/* Loads a step library by path and runs it through a session; with
 * "--expect-error" it prints the status message of the failed load. */
#include "kiln/runtime/api.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int fail(kiln_status_t status) {
  printf("error: %s\n", kiln_status_message(status));
  kiln_status_free(status);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  kiln_library_t *library;
  kiln_status_t status = kiln_library_open(argv[1], &library);
  if (argc > 2 && strcmp(argv[2], "--expect-error") == 0) {
    if (!status)
      return 1;
    printf("code %d: %s\n", (int)kiln_status_code(status), kiln_status_message(status));
    kiln_status_free(status);
    return 0;
  }
  if (status)
    return fail(status);
  kiln_step_info_t step = kiln_library_step(library);
  printf("step %s: %d inputs, %d outputs\n", step.name, step.num_inputs,
         step.num_outputs);
  for (int i = 0; i < step.num_inputs; ++i)
    printf("input %s rank %d\n", step.inputs[i].name, step.inputs[i].rank);

  /* relu(x w + b) with x = 1, w = 1/K, b = -0.5 + j/N: 0.5 + j/N, cut at 0. */
  enum { M = 64, K = 300, N = 200 };
  static float x[M * K], w[K * N], b[N];
  for (int i = 0; i < M * K; ++i) x[i] = 1.0f;
  for (int i = 0; i < K * N; ++i) w[i] = 1.0f / K;
  for (int j = 0; j < N; ++j) b[j] = -1.5f + 2.0f * j / N;
  kiln_session_t *session;
  if ((status = kiln_session_create(&step, kiln_allocator_system(), &session)))
    return fail(status);
  const int64_t xs[] = {M, K}, ws[] = {K, N}, bs[] = {N};
  if ((status = kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2, xs, x, sizeof x)) ||
      (status = kiln_session_bind_input(session, "w", KILN_DTYPE_F32, 2, ws, w, sizeof w)) ||
      (status = kiln_session_bind_input(session, "b", KILN_DTYPE_F32, 1, bs, b, sizeof b)) ||
      (status = kiln_session_run(session)))
    return fail(status);
  const float *y = kiln_session_output_data(session, 0);
  double worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double want = -0.5 + 2.0 * j / N;
      want = want > 0 ? want : 0;
      double err = fabs(y[i * N + j] - want);
      worst = err > worst ? err : worst;
    }
  printf("max abs error: %s\n", worst < 1e-5 ? "ok" : "WRONG");
  kiln_session_release(session);
  kiln_library_close(library);
  return worst < 1e-5 ? 0 : 1;
}
