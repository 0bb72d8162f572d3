/*===- executable.h - the ABI of a compiled kiln step ---------------------===*
 *
 * The one contract between code kiln generates (ahead of time with
 * kiln-compile, or just in time) and the code that calls it. Version 4
 * (KILN_STEP_ABI_VERSION; 3 added the context's max_threads, 4 its error).
 *
 * A compiled step named NAME exports one function:
 *
 *   int32_t NAME_run(const kiln_step_context_t *context,
 *                    const void *const *inputs, void *const *variables,
 *                    void *const *outputs);
 *
 * `inputs[i]` points to the row-major, densely packed bytes of feed i;
 * `variables[v]` to the storage of variable v, which the step reads (when
 * its info says KILN_TENSOR_READ) and updates in place; `outputs[j]` to
 * caller-allocated storage for result j; each with the dtype and static
 * shape the step was compiled for, on the device its info names. Buffers
 * never overlap. The step writes every output completely and keeps no
 * pointer after it returns.
 *
 * Its temporaries live in `context->arena`: at least `arena_bytes` bytes
 * (from the step's info) aligned to `arena_alignment`, owned by the
 * caller, whose contents need not survive between calls. The step
 * allocates no memory of its own, so the context carries no allocator.
 * Calls with different buffers and different arenas may run concurrently;
 * `context->max_threads` bounds the threads each one occupies.
 *
 * The step returns KILN_STATUS_OK (0), or KILN_STATUS_INVALID_ARGUMENT
 * without touching any buffer when the context is missing, of another ABI
 * version, or its arena is too small or misaligned, or max_threads is
 * negative, or a buffer pointer is null (status.h lists the codes).
 *
 * A step whose graph has run-time checks (TensorFlow's: out-of-range
 * gather indices or labels, integer division by zero, CheckNumerics)
 * stops at the first check that fails, before any op that depends on the
 * checked values, and returns KILN_STATUS_INVALID_ARGUMENT; when
 * `context->error` is not NULL it also fills it in (kiln_step_error_t).
 * Variables the step had already updated keep their new values, as in
 * TensorFlow; the next call starts afresh.
 *
 * kiln-compile also writes NAME.h, which describes the step with the types
 * below so a caller can check and allocate buffers without kiln's
 * compiler.
 *
 * Plain C; part of the runtime core.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_EXECUTABLE_H
#define KILN_RUNTIME_EXECUTABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes; a step's info and context carry it. */
#define KILN_STEP_ABI_VERSION 4

typedef enum kiln_dtype_e {
  KILN_DTYPE_F16 = 0,
  KILN_DTYPE_F32 = 1,
  KILN_DTYPE_F64 = 2,
  KILN_DTYPE_I8 = 3,
  KILN_DTYPE_I16 = 4,
  KILN_DTYPE_I32 = 5,
  KILN_DTYPE_I64 = 6,
  KILN_DTYPE_U8 = 7,
  KILN_DTYPE_BOOL = 8,
  KILN_DTYPE_U16 = 9,
  KILN_DTYPE_U32 = 10,
  KILN_DTYPE_U64 = 11,
} kiln_dtype_t;

/* The kind of device a tensor lives on. */
typedef enum kiln_device_kind_e {
  KILN_DEVICE_CPU = 0,
  KILN_DEVICE_CUDA = 1,
} kiln_device_kind_t;

/* A device: its kind and its index among devices of that kind. */
typedef struct kiln_device_t {
  kiln_device_kind_t kind;
  int32_t ordinal;
} kiln_device_t;

/* kiln_tensor_info_t flags. */
enum {
  /* A variable whose value from before the step the step reads: its
     storage must hold an initialized value. */
  KILN_TENSOR_READ = 1,
};

/* Name, dtype, static shape and device of one input, variable or result. */
typedef struct kiln_tensor_info_t {
  const char *name;
  kiln_dtype_t dtype;
  int32_t rank;
  const int64_t *shape;
  uint64_t byte_size;
  kiln_device_t device;
  uint32_t flags;
} kiln_tensor_info_t;

/* What a failed run-time check reports: `format` is a printf format
   naming the op (its graph name) and what failed, with one `%lld` per
   value it uses, in order; it points into the step's own constant data and
   stays valid while the step's code is loaded. */
typedef struct kiln_step_error_t {
  const char *format;
  int64_t values[3];
} kiln_step_error_t;

/* What a step runs with besides its buffers. */
typedef struct kiln_step_context_t {
  /* KILN_STEP_ABI_VERSION of the caller. */
  uint32_t abi_version;
  /* The step's working memory: `arena_bytes` bytes (at least the step's
     arena_bytes), aligned to the step's arena_alignment. May be NULL when
     the step needs none. */
  void *arena;
  uint64_t arena_bytes;
  /* The device stream the step's device work is queued on (a CUstream
     for steps with CUDA tensors); NULL for CPU steps, whose kernels run on
     the kernel library's threads (KILN_NUM_THREADS). */
  void *stream;
  /* At most this many threads work on the step at once (its library
     calls and parallel loops, the calling thread included); 0 lets it use
     every thread of the kernel library. A server running several steps
     side by side gives each its share, as TensorFlow's
     intra_op_parallelism_threads. CPU steps only. */
  int32_t max_threads;
  /* Filled in when a run-time check fails (format NULL otherwise); may be
     NULL when the caller only needs the status. */
  kiln_step_error_t *error;
} kiln_step_context_t;

typedef int32_t (*kiln_step_fn_t)(const kiln_step_context_t *context,
                                  const void *const *inputs,
                                  void *const *variables,
                                  void *const *outputs);

/* Everything a caller needs to run a compiled step. */
typedef struct kiln_step_info_t {
  /* KILN_STEP_ABI_VERSION of the step. */
  uint32_t abi_version;
  const char *name;
  kiln_step_fn_t run;
  int32_t num_inputs;
  const kiln_tensor_info_t *inputs;
  int32_t num_variables;
  const kiln_tensor_info_t *variables;
  int32_t num_outputs;
  const kiln_tensor_info_t *outputs;
  /* The context's arena: size and alignment. */
  uint64_t arena_bytes;
  uint64_t arena_alignment;
} kiln_step_info_t;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_EXECUTABLE_H */
