/*===- allocator.h - host memory for the kiln runtime ---------------------===*
 *
 * Every object the runtime creates gets its memory from a kiln_allocator_t
 * the caller passes in (XNNPACK / IREE style), so embedders control where
 * buffers live. kiln_allocator_system() uses aligned malloc/free.
 *
 * An allocator must stay valid for as long as anything created with it.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_ALLOCATOR_H
#define KILN_RUNTIME_ALLOCATOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kiln_allocator_t {
  void *self;
  /* Returns `size` bytes aligned to `alignment` (a power of two), or NULL. */
  void *(*allocate)(void *self, size_t size, size_t alignment);
  /* Releases memory from `allocate`; NULL is allowed. */
  void (*deallocate)(void *self, void *pointer);
} kiln_allocator_t;

/* The process heap, 64-byte aligned. */
kiln_allocator_t kiln_allocator_system(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_ALLOCATOR_H */
