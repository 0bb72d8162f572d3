/*===- allocator.c - the system allocator ---------------------------------===*/

#include "kiln/runtime/allocator.h"

#include <stdlib.h>

static void *system_allocate(void *self, size_t size, size_t alignment) {
  (void)self;
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  /* aligned_alloc needs a size that is a multiple of the alignment. */
  size_t rounded = (size + alignment - 1) / alignment * alignment;
  return aligned_alloc(alignment, rounded ? rounded : alignment);
}

static void system_deallocate(void *self, void *pointer) {
  (void)self;
  free(pointer);
}

kiln_allocator_t kiln_allocator_system(void) {
  kiln_allocator_t allocator = {NULL, system_allocate, system_deallocate};
  return allocator;
}
