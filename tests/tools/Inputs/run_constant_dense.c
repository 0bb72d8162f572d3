/* Runs kiln-compile-constant-weights.mlir's AOT step twice on
 * deterministic inputs and compares relu(x w + b), w the module's
 * constant, with a double-precision reference after each run. */
#include "dense_reference.h"
#include "step.h"

#include <stdio.h>

enum { M = 128, K = 20, N = 50 };
static float x[M][K], w[K][N], b[N], y[M][N];
static _Alignas(64) unsigned char arena[STEP_ARENA_BYTES + 64];

int main(void) {
  dense_inputs(M, K, N, &x[0][0], &w[0][0], b);
  const void *inputs[] = {x, b};
  void *outputs[] = {y};
  int failed = 0;
  for (int run = 1; run <= 2; ++run) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j)
        y[i][j] = NAN;
    kiln_step_context_t context = {KILN_STEP_ABI_VERSION, arena, sizeof arena,
                                   NULL};
    if (step_run(&context, inputs, NULL, outputs) != 0)
      return 2;
    double worst = dense_worst_error(M, K, N, &x[0][0], &w[0][0], b, &y[0][0]);
    printf("run %d: max abs error vs double reference: %g (%s)\n", run, worst,
           worst < 1e-3 ? "ok" : "WRONG");
    failed |= !(worst < 1e-3);
  }
  return failed;
}
