/* Runs aot.mlir's cuda step (an AOT object linked with the runtime core
 * and its CUDA layer only) and prints its status and the CUDA layer's
 * message. On a machine without a GPU the step must fail cleanly, naming
 * why, and touch nothing. */
#include "kiln/runtime/cuda/gpu_runtime.h"
#include "step.h"

#include <stdio.h>

static float x[1000], y[1000];

int main(void) {
  kiln_step_info_t info = step_info();
  printf("inputs on device kind %d, outputs on %d\n",
         (int)info.inputs[0].device.kind, (int)info.outputs[0].device.kind);
  for (int i = 0; i < 1000; ++i)
    y[i] = -1.0f;
  const void *inputs[] = {x};
  void *outputs[] = {y};
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION, NULL, 0, NULL, 0};
  int32_t status = step_run(&context, inputs, NULL, outputs);
  printf("status %d: %s\n", (int)status, kiln_cuda_last_error());
  printf("outputs %s\n",
         y[0] == -1.0f && y[999] == -1.0f ? "untouched" : "WRITTEN");
  return 0;
}
