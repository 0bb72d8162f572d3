/*===- session.c - running a compiled step through the C API --------------===*/

#include "kiln/runtime/session.h"

#include "base/status_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { kAlignment = 64 };

/* One class of the step's buffers (inputs, variables or outputs). */
typedef struct buffer_set_t {
  int32_t count;
  const kiln_tensor_info_t *info;
  void **data;
  unsigned char *bound;
} buffer_set_t;

struct kiln_session_s {
  int references;
  kiln_allocator_t allocator;
  kiln_step_info_t step;
  buffer_set_t inputs, variables, outputs;
  void *arena;
  int ran;
};

static const char *dtype_name(kiln_dtype_t dtype) {
  static const char *names[] = {"f16", "f32", "f64",  "i8",  "i16", "i32",
                                "i64", "u8",  "bool", "u16", "u32", "u64"};
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

static void free_set(kiln_allocator_t *a, buffer_set_t *set) {
  for (int32_t i = 0; set->data && i < set->count; ++i)
    a->deallocate(a->self, set->data[i]);
  a->deallocate(a->self, set->data);
  a->deallocate(a->self, set->bound);
}

static void free_buffers(kiln_session_t *session) {
  kiln_allocator_t *a = &session->allocator;
  free_set(a, &session->inputs);
  free_set(a, &session->variables);
  free_set(a, &session->outputs);
  a->deallocate(a->self, session->arena);
}

/* Allocates the pointer array, bound flags and storage of `set`; 0 when
   out of memory. */
static int allocate_set(kiln_allocator_t *a, buffer_set_t *set, int32_t count,
                        const kiln_tensor_info_t *info) {
  set->count = count;
  set->info = info;
  size_t pointers = sizeof(void *) * (count + 1);
  set->data = a->allocate(a->self, pointers, kAlignment);
  set->bound = a->allocate(a->self, count + 1, kAlignment);
  if (!set->data || !set->bound)
    return 0;
  memset(set->data, 0, pointers);
  memset(set->bound, 0, count + 1);
  for (int32_t i = 0; i < count; ++i)
    if (!(set->data[i] = a->allocate(a->self, info[i].byte_size, kAlignment)))
      return 0;
  return 1;
}

/* RAM installed (UINT64_MAX when the system does not say). */
static uint64_t physical_memory_bytes(void) {
  long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? (uint64_t)pages * (uint64_t)page_size
                                    : UINT64_MAX;
}

/* `total` plus the bytes of `count` tensors, saturating. */
static uint64_t add_tensor_bytes(uint64_t total, int32_t count,
                                 const kiln_tensor_info_t *info) {
  for (int32_t i = 0; i < count; ++i)
    total = info[i].byte_size > UINT64_MAX - total ? UINT64_MAX
                                                   : total + info[i].byte_size;
  return total;
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
  if (step->abi_version != KILN_STEP_ABI_VERSION)
    return kiln_make_status(
        KILN_STATUS_INVALID_ARGUMENT,
        "step '%s' follows step ABI version %u; this runtime runs version %d "
        "(recompile it with this kiln)",
        step->name ? step->name : "?", step->abi_version, KILN_STEP_ABI_VERSION);
  if (step->arena_alignment > kAlignment ||
      (step->arena_alignment & (step->arena_alignment - 1)))
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "step '%s' asks for an arena aligned to %llu bytes",
                            step->name,
                            (unsigned long long)step->arena_alignment);
  /* Fail before touching memory, as the JIT does, rather than let an
     overcommitting allocator hand out pages the step would fault in until
     the system kills the process. */
  uint64_t bytes =
      add_tensor_bytes(step->arena_bytes, step->num_inputs, step->inputs);
  bytes = add_tensor_bytes(bytes, step->num_variables, step->variables);
  bytes = add_tensor_bytes(bytes, step->num_outputs, step->outputs);
  if (bytes > physical_memory_bytes())
    return kiln_make_status(
        KILN_STATUS_RESOURCE_EXHAUSTED,
        "step '%s' needs %llu bytes (arena, inputs, variables and outputs), "
        "more than this machine's memory (%llu bytes)",
        step->name, (unsigned long long)bytes,
        (unsigned long long)physical_memory_bytes());
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
  kiln_allocator_t *a = &session->allocator;
  int ok = allocate_set(a, &session->inputs, step->num_inputs, step->inputs) &&
           allocate_set(a, &session->variables, step->num_variables,
                        step->variables) &&
           allocate_set(a, &session->outputs, step->num_outputs, step->outputs);
  if (ok && step->arena_bytes)
    ok = (session->arena =
              a->allocate(a->self, step->arena_bytes, kAlignment)) != NULL;
  /* A variable the step only writes needs no value before the first run. */
  for (int32_t i = 0; ok && i < step->num_variables; ++i)
    if (!(step->variables[i].flags & KILN_TENSOR_READ)) {
      memset(session->variables.data[i], 0, step->variables[i].byte_size);
      session->variables.bound[i] = 1;
    }
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

/* The index of `name` in `set`, or -1. */
static int32_t find(const buffer_set_t *set, const char *name) {
  for (int32_t i = 0; i < set->count; ++i)
    if (!strcmp(set->info[i].name, name))
      return i;
  return -1;
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
  buffer_set_t *set = &session->inputs;
  int32_t index = find(set, name);
  if (index < 0) {
    set = &session->variables;
    index = find(set, name);
  }
  if (index < 0)
    return kiln_make_status(KILN_STATUS_NOT_FOUND,
                            "step '%s' has no input or variable '%s'",
                            step->name, name);
  const kiln_tensor_info_t *expected = &set->info[index];
  int matches = dtype == expected->dtype && rank == expected->rank &&
                byte_size == expected->byte_size;
  for (int32_t d = 0; matches && d < rank; ++d)
    matches = shape && shape[d] == expected->shape[d];
  if (!matches) {
    char want[128], got[128];
    return kiln_make_status(
        KILN_STATUS_INVALID_ARGUMENT,
        "%s '%s' of step '%s' expects %s (%llu bytes), got %s (%llu bytes)",
        set == &session->inputs ? "input" : "variable", name, step->name,
        describe(want, sizeof want, expected->dtype, expected->rank,
                 expected->shape),
        (unsigned long long)expected->byte_size,
        describe(got, sizeof got, dtype, shape ? rank : 0, shape),
        (unsigned long long)byte_size);
  }
  memcpy(set->data[index], data, byte_size);
  set->bound[index] = 1;
  return NULL;
}

kiln_status_t kiln_session_run(kiln_session_t *session) {
  if (!session)
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_session_run: session is required");
  const kiln_step_info_t *step = &session->step;
  for (int32_t i = 0; i < session->inputs.count; ++i)
    if (!session->inputs.bound[i])
      return kiln_make_status(KILN_STATUS_FAILED_PRECONDITION,
                              "input '%s' of step '%s' was never bound",
                              step->inputs[i].name, step->name);
  for (int32_t i = 0; i < session->variables.count; ++i)
    if (!session->variables.bound[i])
      return kiln_make_status(KILN_STATUS_FAILED_PRECONDITION,
                              "variable '%s' of step '%s' is read before it "
                              "was bound",
                              step->variables[i].name, step->name);
  kiln_step_error_t error = {NULL, {0, 0, 0}};
  kiln_step_context_t context = {KILN_STEP_ABI_VERSION,
                                 session->arena,
                                 step->arena_bytes,
                                 NULL,
                                 0,
                                 &error};
  int32_t code = step->run(&context, (const void *const *)session->inputs.data,
                           session->variables.data, session->outputs.data);
  if (code != KILN_STATUS_OK && error.format) {
    char message[512];
    kiln_step_error_message(&error, message, sizeof message);
    return kiln_make_status((kiln_status_code_t)code, "step '%s': %s",
                            step->name, message);
  }
  if (code != KILN_STATUS_OK)
    return kiln_make_status((kiln_status_code_t)code,
                            "step '%s' refused to run (status %d)", step->name,
                            code);
  session->ran = 1;
  return NULL;
}

const void *kiln_session_output_data(kiln_session_t *session, int32_t index) {
  if (!session || !session->ran || index < 0 ||
      index >= session->outputs.count)
    return NULL;
  return session->outputs.data[index];
}

const kiln_step_info_t *kiln_session_step(const kiln_session_t *session) {
  return session ? &session->step : NULL;
}

const void *kiln_session_variable_data(kiln_session_t *session, int32_t index) {
  if (!session || index < 0 || index >= session->variables.count)
    return NULL;
  return session->variables.data[index];
}

int kiln_step_error_message(const kiln_step_error_t *error, char *buffer,
                            size_t size) {
  if (!error || !error->format) {
    if (size)
      buffer[0] = '\0';
    return 0;
  }
  return snprintf(buffer, size, error->format, (long long)error->values[0],
                  (long long)error->values[1], (long long)error->values[2]);
}
