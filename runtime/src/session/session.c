/*===- session.c - running a compiled step through the C API --------------===*/

#include "kiln/runtime/session.h"

#include "base/status_internal.h"

#include <stdio.h>
#include <string.h>

enum { kAlignment = 64 };

struct kiln_session_s {
  int references;
  kiln_allocator_t allocator;
  kiln_step_info_t step;
  void **inputs;
  void **outputs;
  unsigned char *bound;
  int ran;
};

static const char *dtype_name(kiln_dtype_t dtype) {
  static const char *names[] = {"f16", "f32", "f64", "i8",  "i16",
                                "i32", "i64", "u8",  "bool"};
  return (unsigned)dtype < sizeof names / sizeof names[0] ? names[dtype] : "?";
}

/* "f32[2,784]" into `buffer`. */
static const char *describe(char *buffer, size_t size, kiln_dtype_t dtype,
                            int32_t rank, const int64_t *shape) {
  int used = snprintf(buffer, size, "%s[", dtype_name(dtype));
  for (int32_t d = 0; d < rank && used > 0 && (size_t)used < size; ++d)
    used += snprintf(buffer + used, size - used, "%s%lld", d ? "," : "",
                     (long long)shape[d]);
  if (used > 0 && (size_t)used < size)
    snprintf(buffer + used, size - used, "]");
  return buffer;
}

static void free_buffers(kiln_session_t *session) {
  kiln_allocator_t *a = &session->allocator;
  for (int32_t i = 0; session->inputs && i < session->step.num_inputs; ++i)
    a->deallocate(a->self, session->inputs[i]);
  for (int32_t i = 0; session->outputs && i < session->step.num_outputs; ++i)
    a->deallocate(a->self, session->outputs[i]);
  a->deallocate(a->self, session->inputs);
  a->deallocate(a->self, session->outputs);
  a->deallocate(a->self, session->bound);
}

kiln_status_t kiln_session_create(const kiln_step_info_t *step,
                                  kiln_allocator_t allocator,
                                  kiln_session_t **out_session) {
  if (!step || !step->run || !out_session || !allocator.allocate ||
      !allocator.deallocate)
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_session_create: a step with a run function, "
                            "an allocator and out_session are required");
  *out_session = NULL;
  kiln_session_t *session =
      allocator.allocate(allocator.self, sizeof *session, kAlignment);
  if (!session)
    return kiln_make_status(KILN_STATUS_RESOURCE_EXHAUSTED,
                            "cannot allocate a session for step '%s'",
                            step->name);
  memset(session, 0, sizeof *session);
  session->references = 1;
  session->allocator = allocator;
  session->step = *step;
  size_t pointers_in = sizeof(void *) * (step->num_inputs + 1);
  size_t pointers_out = sizeof(void *) * (step->num_outputs + 1);
  session->inputs = allocator.allocate(allocator.self, pointers_in, kAlignment);
  session->outputs = allocator.allocate(allocator.self, pointers_out, kAlignment);
  session->bound = allocator.allocate(allocator.self, step->num_inputs + 1, kAlignment);
  int ok = session->inputs && session->outputs && session->bound;
  if (ok) {
    memset(session->inputs, 0, pointers_in);
    memset(session->outputs, 0, pointers_out);
    memset(session->bound, 0, step->num_inputs + 1);
  }
  for (int32_t i = 0; ok && i < step->num_inputs; ++i)
    ok = (session->inputs[i] = allocator.allocate(
              allocator.self, step->inputs[i].byte_size, kAlignment)) != NULL;
  for (int32_t i = 0; ok && i < step->num_outputs; ++i)
    ok = (session->outputs[i] = allocator.allocate(
              allocator.self, step->outputs[i].byte_size, kAlignment)) != NULL;
  if (!ok) {
    free_buffers(session);
    allocator.deallocate(allocator.self, session);
    return kiln_make_status(KILN_STATUS_RESOURCE_EXHAUSTED,
                            "cannot allocate the buffers of step '%s'",
                            step->name);
  }
  *out_session = session;
  return NULL;
}

void kiln_session_retain(kiln_session_t *session) {
  if (session)
    ++session->references;
}

void kiln_session_release(kiln_session_t *session) {
  if (!session || --session->references > 0)
    return;
  kiln_allocator_t allocator = session->allocator;
  free_buffers(session);
  allocator.deallocate(allocator.self, session);
}

kiln_status_t kiln_session_bind_input(kiln_session_t *session,
                                      const char *name, kiln_dtype_t dtype,
                                      int32_t rank, const int64_t *shape,
                                      const void *data, uint64_t byte_size) {
  if (!session || !name || (!data && byte_size))
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_session_bind_input: session, name and data "
                            "are required");
  const kiln_step_info_t *step = &session->step;
  int32_t index = 0;
  while (index < step->num_inputs && strcmp(step->inputs[index].name, name))
    ++index;
  if (index == step->num_inputs)
    return kiln_make_status(KILN_STATUS_NOT_FOUND,
                            "step '%s' has no input '%s'", step->name, name);
  const kiln_tensor_info_t *expected = &step->inputs[index];
  int matches = dtype == expected->dtype && rank == expected->rank &&
                byte_size == expected->byte_size;
  for (int32_t d = 0; matches && d < rank; ++d)
    matches = shape && shape[d] == expected->shape[d];
  if (!matches) {
    char want[128], got[128];
    return kiln_make_status(
        KILN_STATUS_INVALID_ARGUMENT,
        "input '%s' of step '%s' expects %s (%llu bytes), got %s (%llu bytes)",
        name, step->name,
        describe(want, sizeof want, expected->dtype, expected->rank,
                 expected->shape),
        (unsigned long long)expected->byte_size,
        describe(got, sizeof got, dtype, shape ? rank : 0, shape),
        (unsigned long long)byte_size);
  }
  memcpy(session->inputs[index], data, byte_size);
  session->bound[index] = 1;
  return NULL;
}

kiln_status_t kiln_session_run(kiln_session_t *session) {
  if (!session)
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_session_run: session is required");
  for (int32_t i = 0; i < session->step.num_inputs; ++i)
    if (!session->bound[i])
      return kiln_make_status(KILN_STATUS_FAILED_PRECONDITION,
                              "input '%s' of step '%s' was never bound",
                              session->step.inputs[i].name, session->step.name);
  session->step.run((const void *const *)session->inputs, session->outputs);
  session->ran = 1;
  return NULL;
}

const void *kiln_session_output_data(kiln_session_t *session, int32_t index) {
  if (!session || !session->ran || index < 0 ||
      index >= session->step.num_outputs)
    return NULL;
  return session->outputs[index];
}
