/* What the dense-layer AOT tests (run_dense.c, run_constant_dense.c) share:
 * their deterministic inputs and a double-precision check of the step's
 * relu(x w + b), all row-major. */
#ifndef KILN_TESTS_DENSE_REFERENCE_H
#define KILN_TESTS_DENSE_REFERENCE_H

#include <math.h>

/* x is m x k, w k x n (the constant of kiln-compile-constant-weights.mlir
 * holds the same values), b has n. */
static void dense_inputs(int m, int k, int n, float *x, float *w, float *b) {
  for (int i = 0; i < m; ++i)
    for (int p = 0; p < k; ++p)
      x[i * k + p] = (float)((i * 7 + p * 3) % 17 - 8) / 8.0f;
  for (int p = 0; p < k; ++p)
    for (int j = 0; j < n; ++j)
      w[p * n + j] = (float)((p * 5 + j * 11) % 13 - 6) / 64.0f;
  for (int j = 0; j < n; ++j)
    b[j] = (float)(j % 9 - 4) / 4.0f;
}

/* The largest |y - relu(x w + b)| over y (m x n); infinity when y holds a
 * NaN. */
static double dense_worst_error(int m, int k, int n, const float *x,
                                const float *w, const float *b,
                                const float *y) {
  double worst = 0;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = b[j];
      for (int p = 0; p < k; ++p)
        sum += (double)x[i * k + p] * w[p * n + j];
      double want = sum > 0 ? sum : 0;
      double err = fabs(want - y[i * n + j]);
      if (isnan(err))
        return INFINITY;
      if (err > worst)
        worst = err;
    }
  return worst;
}

#endif /* KILN_TESTS_DENSE_REFERENCE_H */
