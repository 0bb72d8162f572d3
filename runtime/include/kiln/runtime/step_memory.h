/*===- step_memory.h - memory for a compiled step's temporaries -----------===*
 *
 * malloc and free as a step's own allocations use them, with one change: a
 * freed block stays with the calling thread and the next allocation of the
 * same size there takes it back. A step allocates the same arena blocks at
 * every call; with plain malloc, blocks past its mmap threshold (or a heap
 * it trims) come back as fresh pages that fault in on every step.
 *
 * Each thread keeps at most a few blocks and a bounded number of bytes;
 * what a thread keeps is freed when it exits. Thread-safe.
 *
 * Plain C; part of the runtime core.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_STEP_MEMORY_H
#define KILN_RUNTIME_STEP_MEMORY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* At least `size` bytes, 64-byte aligned, or NULL. */
void *kiln_step_malloc(size_t size);
/* Releases a block from kiln_step_malloc; NULL is allowed. */
void kiln_step_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_STEP_MEMORY_H */
