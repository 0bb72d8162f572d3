/* Runs the step kiln-compile wrote for tests/tools/kiln-compile.mlir using
   only its generated header (step ABI version 2): x = [[-1, 2, -3],
   [4, -5, 6]], b = [1, 1, 1]. First every kind of bad argument, each of
   which must return KILN_STATUS_INVALID_ARGUMENT (1) without writing an
   output, then a good run. */
#include "step.h"

#include <stdio.h>

static _Alignas(64) unsigned char arena[STEP_ARENA_BYTES + 64];

int main(void) {
  float x[6] = {-1, 2, -3, 4, -5, 6}, b[3] = {1, 1, 1};
  float relu[6] = {99, 99, 99, 99, 99, 99}, sum[3] = {99, 99, 99};
  const void *inputs[STEP_NUM_INPUTS] = {x, b};
  void *outputs[STEP_NUM_OUTPUTS] = {relu, sum};
  kiln_step_info_t info = step_info();
  if (info.abi_version != KILN_STEP_ABI_VERSION ||
      info.outputs[0].byte_size != sizeof relu || info.num_inputs != 2 ||
      info.num_variables != 0 || info.arena_bytes != STEP_ARENA_BYTES ||
      info.arena_alignment != 64 || info.inputs[0].device.kind != KILN_DEVICE_CPU)
    return 1;

  kiln_step_context_t good = {KILN_STEP_ABI_VERSION, arena, sizeof arena, NULL};
  kiln_step_context_t old = good, small = good, misaligned = good, none = good,
                      negative_threads = good;
  old.abi_version = 2;
  negative_threads.max_threads = -1;
  small.arena_bytes = STEP_ARENA_BYTES - 1;
  misaligned.arena = arena + 4;
  none.arena = NULL;
  const void *missing_input[STEP_NUM_INPUTS] = {x, NULL};
  struct {
    const char *what;
    const kiln_step_context_t *context;
    const void *const *inputs;
    void *const *outputs;
  } bad[] = {
      {"no context", NULL, inputs, outputs},
      {"ABI version 2", &old, inputs, outputs},
      {"negative max_threads", &negative_threads, inputs, outputs},
      {"arena too small", &small, inputs, outputs},
      {"misaligned arena", &misaligned, inputs, outputs},
      {"no arena", &none, inputs, outputs},
      {"null input", &good, missing_input, outputs},
      {"no input array", &good, NULL, outputs},
      {"no output array", &good, inputs, NULL},
  };
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int32_t status = step_run(bad[i].context, bad[i].inputs, NULL, bad[i].outputs);
    printf("%s: status %d%s\n", bad[i].what, status,
           relu[0] == 99 && sum[0] == 99 ? ", outputs untouched" : ", OUTPUTS WRITTEN");
  }

  printf("good: status %d\n", step_run(&good, inputs, NULL, outputs));
  printf("X:");
  for (int i = 0; i < 6; ++i)
    printf(" %g", relu[i]);
  printf("\nSUM:");
  for (int i = 0; i < 3; ++i)
    printf(" %g", sum[i]);
  printf("\n");
  return 0;
}
