/* Runs kiln-compile-library-calls.mlir's AOT step on deterministic inputs
 * and compares relu(x w + b) with a double-precision reference. */
#include "step.h"

#include <math.h>
#include <stdio.h>

enum { M = 64, K = 300, N = 200 };
static float x[M][K], w[K][N], b[N], y[M][N];

int main(void) {
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k)
      x[i][k] = (float)((i * 7 + k * 3) % 17 - 8) / 8.0f;
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < N; ++j)
      w[k][j] = (float)((k * 5 + j * 11) % 13 - 6) / 64.0f;
  for (int j = 0; j < N; ++j)
    b[j] = (float)(j % 9 - 4) / 4.0f;
  const void *inputs[] = {x, w, b};
  void *outputs[] = {y};
  step_run(inputs, outputs);
  double worst = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double sum = b[j];
      for (int k = 0; k < K; ++k)
        sum += (double)x[i][k] * w[k][j];
      double want = sum > 0 ? sum : 0;
      double err = fabs(want - y[i][j]);
      if (err > worst)
        worst = err;
    }
  printf("max abs error vs double reference: %g (%s)\n", worst,
         worst < 1e-3 ? "ok" : "WRONG");
  return worst < 1e-3 ? 0 : 1;
}
