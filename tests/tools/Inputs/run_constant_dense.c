/* Runs kiln-compile-constant-weights.mlir's AOT step twice on
 * deterministic inputs and compares relu(x w + b), w the module's
 * constant, with a double-precision reference after each run. */
#include "step.h"

#include <math.h>
#include <stdio.h>

enum { M = 128, K = 20, N = 50 };
static float x[M][K], b[N], y[M][N];

static double weight(int k, int j) { return ((k * 5 + j * 11) % 13 - 6) / 64.0; }

int main(void) {
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k)
      x[i][k] = (float)((i * 7 + k * 3) % 17 - 8) / 8.0f;
  for (int j = 0; j < N; ++j)
    b[j] = (float)(j % 9 - 4) / 4.0f;
  const void *inputs[] = {x, b};
  void *outputs[] = {y};
  int failed = 0;
  for (int run = 1; run <= 2; ++run) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j)
        y[i][j] = NAN;
    step_run(inputs, outputs);
    double worst = 0;
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        double sum = b[j];
        for (int k = 0; k < K; ++k)
          sum += (double)x[i][k] * weight(k, j);
        double want = sum > 0 ? sum : 0;
        double err = fabs(want - y[i][j]);
        if (!(err <= worst)) /* NaN counts as the worst */
          worst = isnan(err) ? INFINITY : err;
      }
    printf("run %d: max abs error vs double reference: %g (%s)\n", run, worst,
           worst < 1e-3 ? "ok" : "WRONG");
    failed |= !(worst < 1e-3);
  }
  return failed;
}
