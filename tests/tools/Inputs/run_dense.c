/* Runs kiln-compile-library-calls.mlir's AOT step on deterministic inputs
 * and compares relu(x w + b) with a double-precision reference. */
#include "dense_reference.h"
#include "step.h"

#include <stdio.h>

enum { M = 64, K = 300, N = 200 };
static float x[M][K], w[K][N], b[N], y[M][N];
static _Alignas(64) unsigned char arena[STEP_ARENA_BYTES + 64];

int main(void) {
  dense_inputs(M, K, N, &x[0][0], &w[0][0], b);
  const void *inputs[] = {x, w, b};
  void *outputs[] = {y};
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, arena, sizeof arena, NULL};
  if (step_run(&context, inputs, NULL, outputs) != 0)
    return 2;
  double worst = dense_worst_error(M, K, N, &x[0][0], &w[0][0], b, &y[0][0]);
  printf("max abs error vs double reference: %g (%s)\n", worst,
         worst < 1e-3 ? "ok" : "WRONG");
  return worst < 1e-3 ? 0 : 1;
}
