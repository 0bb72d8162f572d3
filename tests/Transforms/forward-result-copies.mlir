// RUN: kiln-opt --split-input-file --kiln-forward-result-copies %s | FileCheck %s

// Tests that a kernel's hoisted result buffer, copied into the step's
// out-parameter, becomes the out-parameter itself.
// CHECK-LABEL: func.func @kernel_result
// CHECK-SAME: (%[[X:[^:]+]]: memref<4xf32>, %[[OUT:[^:]+]]: memref<4xf32>)
// CHECK-NOT: memref.alloc
// CHECK: call @k(%[[X]], %[[OUT]])
// CHECK-NOT: memref.copy
// CHECK: return
func.func private @k(%x: memref<4xf32>, %y: memref<4xf32>)
func.func @kernel_result(%x: memref<4xf32>, %out: memref<4xf32>) {
  %r = memref.alloc() : memref<4xf32>
  call @k(%x, %r) : (memref<4xf32>, memref<4xf32>) -> ()
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Tests copies that must stay: the buffer is read after the copy; the
// out-parameter has another use; the source is an argument, not a fresh
// allocation.
// CHECK-LABEL: func.func @read_after
// CHECK: memref.alloc
// CHECK: memref.copy
// CHECK-LABEL: func.func @out_used_twice
// CHECK: memref.alloc
// CHECK: memref.copy
// CHECK-LABEL: func.func @from_argument
// CHECK: memref.copy
func.func private @k(%x: memref<4xf32>, %y: memref<4xf32>)
func.func @read_after(%x: memref<4xf32>, %out: memref<4xf32>, %out2: memref<4xf32>) {
  %r = memref.alloc() : memref<4xf32>
  call @k(%x, %r) : (memref<4xf32>, memref<4xf32>) -> ()
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  call @k(%r, %out2) : (memref<4xf32>, memref<4xf32>) -> ()
  return
}
func.func @out_used_twice(%x: memref<4xf32>, %out: memref<4xf32>) {
  %r = memref.alloc() : memref<4xf32>
  call @k(%out, %r) : (memref<4xf32>, memref<4xf32>) -> ()
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  return
}
func.func @from_argument(%x: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %x, %out : memref<4xf32> to memref<4xf32>
  return
}
