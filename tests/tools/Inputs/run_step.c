/* Runs the step kiln-compile wrote for tests/tools/kiln-compile.mlir using
   only its generated header: x = [[-1, 2, -3], [4, -5, 6]], b = [1, 1, 1]. */
#include "step.h"

#include <stdio.h>

int main(void) {
  float x[6] = {-1, 2, -3, 4, -5, 6}, b[3] = {1, 1, 1};
  float relu[6], sum[3];
  const void *inputs[STEP_NUM_INPUTS] = {x, b};
  void *outputs[STEP_NUM_OUTPUTS] = {relu, sum};
  kiln_step_info_t info = step_info();
  if (info.outputs[0].byte_size != sizeof relu || info.num_inputs != 2)
    return 1;
  info.run(inputs, outputs);
  printf("X:");
  for (int i = 0; i < 6; ++i)
    printf(" %g", relu[i]);
  printf("\nSUM:");
  for (int i = 0; i < 3; ++i)
    printf(" %g", sum[i]);
  printf("\n");
  return 0;
}
