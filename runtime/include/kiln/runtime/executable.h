/*===- executable.h - the ABI of a compiled kiln step ---------------------===*
 *
 * The one contract between code kiln generates (ahead of time with
 * kiln-compile, or just in time) and the code that calls it.
 *
 * A compiled step named NAME exports one function:
 *
 *   void NAME_run(const void *const *inputs, void *const *outputs);
 *
 * `inputs[i]` points to the row-major, densely packed bytes of argument i
 * and `outputs[j]` to caller-allocated storage for result j, each with the
 * dtype and static shape the step was compiled for. The step reads the
 * inputs, writes every output completely, keeps no pointer after it
 * returns, and may be called again with other buffers. Temporaries are
 * allocated with malloc and freed before returning. Calls on different
 * buffers may run concurrently.
 *
 * kiln-compile also writes NAME.h, which describes the arguments and
 * results with the types below so a caller can check and allocate buffers
 * without kiln's compiler.
 *
 * Plain C; part of the runtime core.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_EXECUTABLE_H
#define KILN_RUNTIME_EXECUTABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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
} kiln_dtype_t;

/* Name, dtype and static shape of one argument or result. */
typedef struct kiln_tensor_info_t {
  const char *name;
  kiln_dtype_t dtype;
  int32_t rank;
  const int64_t *shape;
  uint64_t byte_size;
} kiln_tensor_info_t;

typedef void (*kiln_step_fn_t)(const void *const *inputs, void *const *outputs);

/* Everything a caller needs to run a compiled step. */
typedef struct kiln_step_info_t {
  const char *name;
  kiln_step_fn_t run;
  int32_t num_inputs;
  const kiln_tensor_info_t *inputs;
  int32_t num_outputs;
  const kiln_tensor_info_t *outputs;
} kiln_step_info_t;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_EXECUTABLE_H */
