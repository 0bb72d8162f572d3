// RUN: kiln-opt --split-input-file --kiln-plan-memory --verify-diagnostics %s

// Tests that temporaries each within the limit but live at the same time
// (three of 2^47 bytes) make an arena past 2^48 bytes: an error on the
// step, not an arena no machine can allocate.
// expected-error @+1 {{the step's temporaries need an arena of 422212465065984 bytes, more than kiln can hold (2^48 bytes)}}
func.func @arena_too_large(%out: memref<32768x1073741824xf32>) {
  %a = memref.alloc() : memref<32768x1073741824xf32>
  %b = memref.alloc() : memref<32768x1073741824xf32>
  %c = memref.alloc() : memref<32768x1073741824xf32>
  memref.copy %a, %b : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.copy %b, %c : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.copy %a, %c : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.copy %c, %out : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.dealloc %a : memref<32768x1073741824xf32>
  memref.dealloc %b : memref<32768x1073741824xf32>
  memref.dealloc %c : memref<32768x1073741824xf32>
  return
}

// -----

// Tests that one temporary past 2^48 bytes is refused where it is
// allocated.
func.func @buffer_too_large(%out: memref<131072x1073741824xf32>) {
  // expected-error @+1 {{'memref.alloc' op allocates 'memref<131072x1073741824xf32>', more than kiln can hold (2^48 bytes)}}
  %a = memref.alloc() : memref<131072x1073741824xf32>
  memref.copy %a, %out : memref<131072x1073741824xf32> to memref<131072x1073741824xf32>
  memref.dealloc %a : memref<131072x1073741824xf32>
  return
}

// -----

// Tests the edge: two temporaries of 2^47 bytes live at once fill exactly
// 2^48 bytes, which is allowed.
func.func @arena_at_limit(%out: memref<32768x1073741824xf32>) {
  %a = memref.alloc() : memref<32768x1073741824xf32>
  %b = memref.alloc() : memref<32768x1073741824xf32>
  memref.copy %a, %b : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.copy %b, %out : memref<32768x1073741824xf32> to memref<32768x1073741824xf32>
  memref.dealloc %a : memref<32768x1073741824xf32>
  memref.dealloc %b : memref<32768x1073741824xf32>
  return
}
