/*===- cpu_kernels.h - library kernels called by compiled CPU steps -------===*
 *
 * kiln-cpu-library-calls replaces some linalg ops of a step by calls to
 * these functions. Each takes its buffers as MLIR strided memref
 * descriptors (the `llvm.emit_c_interface` convention: the step calls
 * `_mlir_ciface_<name>` with pointers to descriptors).
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_KERNELS_CPU_KERNELS_H
#define KILN_KERNELS_CPU_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The function names the compiler emits calls to. */
#define KILN_CPU_MATMUL_F32 "kiln_cpu_matmul_f32"
#define KILN_CPU_MATMUL_F64 "kiln_cpu_matmul_f64"
#define KILN_CPU_MATMUL_BIAS_F32 "kiln_cpu_matmul_bias_f32"
#define KILN_CPU_MATMUL_BIAS_F64 "kiln_cpu_matmul_bias_f64"
#define KILN_CPU_MATMUL_PACKED_F32 "kiln_cpu_matmul_packed_f32"
#define KILN_CPU_MATMUL_BIAS_PACKED_F32 "kiln_cpu_matmul_bias_packed_f32"
#define KILN_CPU_CONV2D_F32 "kiln_cpu_conv2d_f32"
#define KILN_CPU_CONV2D_F64 "kiln_cpu_conv2d_f64"
#define KILN_CPU_CONV2D_BIAS_F32 "kiln_cpu_conv2d_bias_f32"
#define KILN_CPU_CONV2D_BIAS_F64 "kiln_cpu_conv2d_bias_f64"
#define KILN_CPU_CONV2D_PADDED_F32 "kiln_cpu_conv2d_padded_f32"
#define KILN_CPU_CONV2D_PADDED_F64 "kiln_cpu_conv2d_padded_f64"
#define KILN_CPU_CONV2D_BIAS_PADDED_F32 "kiln_cpu_conv2d_bias_padded_f32"
#define KILN_CPU_CONV2D_BIAS_PADDED_F64 "kiln_cpu_conv2d_bias_padded_f64"
#define KILN_CPU_CONV2D_BIAS_ADD_F32 "kiln_cpu_conv2d_bias_add_f32"
#define KILN_CPU_CONV2D_BIAS_ADD_F64 "kiln_cpu_conv2d_bias_add_f64"
#define KILN_CPU_CONV2D_BACKPROP_FILTER_F32 "kiln_cpu_conv2d_backprop_filter_f32"
#define KILN_CPU_CONV2D_BACKPROP_FILTER_F64 "kiln_cpu_conv2d_backprop_filter_f64"
#define KILN_CPU_LIMIT_THREADS "kiln_cpu_limit_threads"

/* Applied to every output element after the bias. */
enum KilnCpuActivation {
  KILN_CPU_ACTIVATION_NONE = 0,
  KILN_CPU_ACTIVATION_RELU = 1,
};

typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} KilnMemRef2xF32;
typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} KilnMemRef1xF32;
typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} KilnMemRef1xI32;
typedef struct {
  double *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} KilnMemRef2xF64;
typedef struct {
  double *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} KilnMemRef1xF64;

typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[4], strides[4];
} KilnMemRef4xF32;
typedef struct {
  double *allocated, *aligned;
  int64_t offset, sizes[4], strides[4];
} KilnMemRef4xF64;

/* out = activation(a x b): a is MxK, b is KxN, out is MxN. */
void _mlir_ciface_kiln_cpu_matmul_f32(const KilnMemRef2xF32 *a,
                                      const KilnMemRef2xF32 *b,
                                      const KilnMemRef2xF32 *out,
                                      int32_t activation);
void _mlir_ciface_kiln_cpu_matmul_f64(const KilnMemRef2xF64 *a,
                                      const KilnMemRef2xF64 *b,
                                      const KilnMemRef2xF64 *out,
                                      int32_t activation);
/* out = activation(a x b + bias), bias of size N broadcast over rows. */
void _mlir_ciface_kiln_cpu_matmul_bias_f32(const KilnMemRef2xF32 *a,
                                           const KilnMemRef2xF32 *b,
                                           const KilnMemRef1xF32 *bias,
                                           const KilnMemRef2xF32 *out,
                                           int32_t activation);
void _mlir_ciface_kiln_cpu_matmul_bias_f64(const KilnMemRef2xF64 *a,
                                           const KilnMemRef2xF64 *b,
                                           const KilnMemRef1xF64 *bias,
                                           const KilnMemRef2xF64 *out,
                                           int32_t activation);

/* The same products for a `b` that never changes while the executable
 * is loaded (a constant of the graph). The kernel copies b once into
 * `panels`, in the layout its micro-kernel reads, and reuses that copy on
 * every later call instead of packing b again. `panels` holds at least
 * kiln_cpu_packed_panels_size(K, N) floats and `state` one int32, both
 * zero-initialized, owned by the caller and used with this b only. The
 * first call to see state 0 packs (state 1 while it does, 2 once done);
 * calls racing with it pack b for themselves, as the plain kernels do. */
#define KILN_CPU_PACKED_PANEL_COLUMNS 32
/* Products of fewer rows read b where it lies: panels would go unused. */
#define KILN_CPU_PACKED_MIN_ROWS 3
static inline int64_t kiln_cpu_packed_panels_size(int64_t k, int64_t n) {
  return (n + KILN_CPU_PACKED_PANEL_COLUMNS - 1) /
         KILN_CPU_PACKED_PANEL_COLUMNS * KILN_CPU_PACKED_PANEL_COLUMNS * k;
}
void _mlir_ciface_kiln_cpu_matmul_packed_f32(const KilnMemRef2xF32 *a,
                                             const KilnMemRef2xF32 *b,
                                             const KilnMemRef2xF32 *out,
                                             const KilnMemRef1xF32 *panels,
                                             const KilnMemRef1xI32 *state,
                                             int32_t activation);
void _mlir_ciface_kiln_cpu_matmul_bias_packed_f32(
    const KilnMemRef2xF32 *a, const KilnMemRef2xF32 *b,
    const KilnMemRef1xF32 *bias, const KilnMemRef2xF32 *out,
    const KilnMemRef1xF32 *panels, const KilnMemRef1xI32 *state,
    int32_t activation);

/* VALID 2-D convolution of an already padded NHWC input with an HWIO
 * filter into NHWC out (sizes give the output's height and width), then
 * activation(out + bias?), bias of size F along the channels. */
void _mlir_ciface_kiln_cpu_conv2d_f32(const KilnMemRef4xF32 *input,
                                      const KilnMemRef4xF32 *filter,
                                      const KilnMemRef4xF32 *out,
                                      int64_t stride_h, int64_t stride_w,
                                      int64_t dilation_h, int64_t dilation_w,
                                      int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_f64(const KilnMemRef4xF64 *input,
                                      const KilnMemRef4xF64 *filter,
                                      const KilnMemRef4xF64 *out,
                                      int64_t stride_h, int64_t stride_w,
                                      int64_t dilation_h, int64_t dilation_w,
                                      int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_bias_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_bias_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    int32_t activation);

/* The same convolution of an input surrounded by zeros: pad_top rows
 * above it and pad_left columns left of it, and as many below and to the
 * right as the output's windows reach (the caller passes the unpadded
 * input; the kernels never build the padded one). */
void _mlir_ciface_kiln_cpu_conv2d_padded_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef4xF32 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_padded_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef4xF64 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_bias_padded_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, int64_t pad_top,
    int64_t pad_left, int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_bias_padded_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *out, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, int64_t pad_top,
    int64_t pad_left, int32_t activation);

/* out = activation(conv(input, filter) + residual + bias), the padded
 * convolution above with a residual connection (a ResNet block's
 * shortcut) of out's shape; residual may be out itself. */
void _mlir_ciface_kiln_cpu_conv2d_bias_add_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *filter,
    const KilnMemRef1xF32 *bias, const KilnMemRef4xF32 *residual,
    const KilnMemRef4xF32 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation);
void _mlir_ciface_kiln_cpu_conv2d_bias_add_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *filter,
    const KilnMemRef1xF64 *bias, const KilnMemRef4xF64 *residual,
    const KilnMemRef4xF64 *out, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w, int64_t pad_top, int64_t pad_left,
    int32_t activation);

/* filter_backprop (HWIO) = the gradient of a VALID conv2d's filter: input
 * is the forward input already padded, out_backprop the gradient of the
 * forward output; input rows and columns no window reads add nothing. */
void _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f32(
    const KilnMemRef4xF32 *input, const KilnMemRef4xF32 *out_backprop,
    const KilnMemRef4xF32 *filter_backprop, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w);
void _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f64(
    const KilnMemRef4xF64 *input, const KilnMemRef4xF64 *out_backprop,
    const KilnMemRef4xF64 *filter_backprop, int64_t stride_h, int64_t stride_w,
    int64_t dilation_h, int64_t dilation_w);

/* Parallel loops of generated code. kiln-parallelize-loops turns large
 * loops into OpenMP worksharing loops, which LLVM's OpenMP builder lowers
 * to calls of the libomp entry points __kmpc_<name>; kiln renames those
 * calls to KILN_CPU_PARALLEL_PREFIX<name> (so a program that also uses
 * libomp sees no clash) and runs them on the kernels' threads with a
 * static schedule: the few entry points below are all such loops use. */
#define KILN_CPU_PARALLEL_PREFIX "kiln_cpu_omp_"
typedef void (*KilnCpuMicrotask)(int32_t *global_thread, int32_t *team_thread,
                                 ...);
void kiln_cpu_omp_fork_call(void *location, int32_t argument_count,
                            KilnCpuMicrotask microtask, ...);
int32_t kiln_cpu_omp_global_thread_num(void *location);
void kiln_cpu_omp_for_static_init_8u(void *location, int32_t thread,
                                     int32_t schedule, int32_t *is_last,
                                     uint64_t *lower, uint64_t *upper,
                                     int64_t *stride, int64_t increment,
                                     int64_t chunk);
void kiln_cpu_omp_for_static_init_8(void *location, int32_t thread,
                                    int32_t schedule, int32_t *is_last,
                                    int64_t *lower, int64_t *upper,
                                    int64_t *stride, int64_t increment,
                                    int64_t chunk);
void kiln_cpu_omp_for_static_fini(void *location, int32_t thread);
void kiln_cpu_omp_barrier(void *location, int32_t thread);

/* Threads the kernels use on the calling thread's behalf: the pool's size
 * (KILN_NUM_THREADS when set (>= 1), otherwise every hardware thread,
 * fixed at the first kernel call), or less under kiln_cpu_limit_threads. */
int kiln_cpu_num_threads(void);

/* Lets the kernels and parallel loops the calling thread starts use at
 * most `max_threads` threads, itself included (0: the whole pool), until
 * the next call; returns the previous limit. A step calls it with its
 * context's max_threads around its body (kiln/runtime/executable.h). */
int32_t kiln_cpu_limit_threads(int32_t max_threads);

/* Name (with the _mlir_ciface_ prefix, or the parallel-loop entry points'
 * names) and address of every kernel, ending
 * with {0, 0}: the JIT binds them without a symbol lookup in the process. */
typedef struct {
  const char *symbol;
  void *address;
} KilnCpuKernelSymbol;
const KilnCpuKernelSymbol *kiln_cpu_kernel_symbols(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_KERNELS_CPU_KERNELS_H */
