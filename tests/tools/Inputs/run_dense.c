/* Runs kiln-compile-library-calls.mlir's AOT step on deterministic inputs
 * and compares relu(x w + b) with a double-precision reference, with the
 * kernel library's whole pool and again on one thread (the context's
 * max_threads), and checks the step restored the caller's thread limit. */
#include "dense_reference.h"
#include "step.h"
#include "kiln/kernels/cpu_kernels.h"

#include <stdio.h>

enum { M = 64, K = 300, N = 200 };
static float x[M][K], w[K][N], b[N], y[M][N];
static _Alignas(64) unsigned char arena[STEP_ARENA_BYTES + 64];

int main(void) {
  dense_inputs(M, K, N, &x[0][0], &w[0][0], b);
  const void *inputs[] = {x, w, b};
  void *outputs[] = {y};
  double worst = 0;
  for (int32_t max_threads = 0; max_threads <= 1; ++max_threads) {
    kiln_step_context_t context = {KILN_STEP_ABI_VERSION, arena, sizeof arena,
                                   NULL, max_threads};
    for (int i = 0; i < M * N; ++i)
      (&y[0][0])[i] = -1.0f;
    if (step_run(&context, inputs, NULL, outputs) != 0)
      return 2;
    if (kiln_cpu_limit_threads(0) != 0)
      return 3; /* the step left its limit behind */
    double error = dense_worst_error(M, K, N, &x[0][0], &w[0][0], b, &y[0][0]);
    printf("max_threads %d: max abs error vs double reference: %g (%s)\n",
           max_threads, error, error < 1e-3 ? "ok" : "WRONG");
    if (error > worst)
      worst = error;
  }
  return worst < 1e-3 ? 0 : 1;
}
