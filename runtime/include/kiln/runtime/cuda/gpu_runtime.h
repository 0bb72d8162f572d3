/*===- gpu_runtime.h - what compiled GPU launches call ----------*- C -*-===*
 *
 * MLIR's gpu-to-llvm lowering turns kernel launches into calls of the
 * mgpu* functions below (their names and signatures are MLIR's); kiln
 * implements them on its own dlopen'd driver (driver.h), so a compiled
 * step needs neither libcuda at link time nor MLIR's CUDA runtime wrappers.
 *
 * These functions return no error: a failure (no driver, no GPU, a launch
 * the driver refuses) is recorded as the calling thread's first CUDA error,
 * later calls on a failed module or function do nothing, and the step
 * collects the error with kiln_cuda_take_status() when its body returns.
 *
 * Plain C; part of the CUDA layer (KilnRuntimeCuda).
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_CUDA_GPU_RUNTIME_H
#define KILN_RUNTIME_CUDA_GPU_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads PTX text (JIT-compiled by the driver) or a cubin. NULL on failure. */
void *mgpuModuleLoadJIT(void *ptx, int optLevel);
void *mgpuModuleLoad(void *data, size_t bytes);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void *mgpuStreamCreate(void);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamDestroy(void *stream);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void *stream,
                      void **parameters, void **extra, size_t count);

/* Copies `bytes` bytes at device address `device` to host address `host`,
 * once the work queued before has finished: how a step's host code reads
 * what a kernel computed for it (a run-time check's first bad position and
 * value). After an earlier failure, or when the copy fails, the host bytes
 * are zeros and the step's status is the failure's. */
void kiln_cuda_copy_to_host(uint64_t host, uint64_t device, uint64_t bytes);

/* The calling thread's first CUDA error since the last call, as a
 * kiln_status_code_t (0 when none), and clears it. */
int32_t kiln_cuda_take_status(void);
/* The message of the thread's pending CUDA error, or else of the one
 * kiln_cuda_take_status() last returned ("" when that was none): what a
 * caller prints after a step returned a CUDA failure. Valid until the
 * thread's next CUDA call. */
const char *kiln_cuda_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_CUDA_GPU_RUNTIME_H */
