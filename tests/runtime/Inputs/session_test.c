/* Exercises kiln/runtime/api.h with the step tests/runtime/c-api.mlir
   compiles: y = relu(x * scale). */
#include "affine.h"
#include "kiln/runtime/api.h"
#include "report_status.h"

#include <stdio.h>
#include <stdlib.h>

/* Counts live allocations to check the session frees what it took. */
static int live;
static void *counting_allocate(void *self, size_t size, size_t alignment) {
  (void)self;
  ++live;
  return kiln_allocator_system().allocate(NULL, size, alignment);
}
static void counting_deallocate(void *self, void *pointer) {
  (void)self;
  if (pointer)
    --live;
  kiln_allocator_system().deallocate(NULL, pointer);
}

int main(void) {
  kiln_allocator_t allocator = {NULL, counting_allocate, counting_deallocate};
  kiln_step_info_t info = affine_info();
  kiln_session_t *session = NULL;
  /* A step needing more than the machine's memory fails before allocating. */
  kiln_step_info_t huge = info;
  huge.arena_bytes = (uint64_t)1 << 62;
  report("create huge", kiln_session_create(&huge, allocator, &session));
  printf("huge session: %s, allocations: %d\n", session ? "made" : "none",
         live);
  report("create", kiln_session_create(&info, allocator, &session));

  float x[6] = {-1, 2, -3, 4, -5, 6}, scale = 2;
  int32_t xi[6] = {0};
  int64_t shape[2] = {2, 3}, transposed[2] = {3, 2};
  report("run before binding", kiln_session_run(session));
  report("unknown name", kiln_session_bind_input(session, "y", KILN_DTYPE_F32, 2,
                                                 shape, x, sizeof x));
  report("wrong dtype", kiln_session_bind_input(session, "x", KILN_DTYPE_I32, 2,
                                                shape, xi, sizeof xi));
  report("wrong shape", kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2,
                                                transposed, x, sizeof x));
  report("wrong size", kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2,
                                               shape, x, 20));
  printf("output before run: %s\n",
         kiln_session_output_data(session, 0) ? "data" : "null");

  kiln_status_t status =
      kiln_session_bind_input(session, "x", KILN_DTYPE_F32, 2, shape, x, sizeof x);
  if (!status)
    status = kiln_session_bind_input(session, "scale", KILN_DTYPE_F32, 0, NULL,
                                     &scale, sizeof scale);
  if (!status)
    status = kiln_session_run(session);
  report("run", status);
  const float *y = kiln_session_output_data(session, 0);
  printf("y:");
  for (int i = 0; y && i < 6; ++i)
    printf(" %g", y[i]);
  printf("\n");

  kiln_session_retain(session);
  kiln_session_release(session);
  kiln_session_release(session);
  printf("allocations balanced: %s\n", live == 0 ? "yes" : "no");
  return 0;
}
