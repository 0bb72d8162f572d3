// RUN: kiln-opt --split-input-file --kiln-outline-kernels %s | FileCheck %s

// Tests that each linalg op becomes a call to a private kernel whose
// buffer arguments are noalias, with captured scalars passed along.
// CHECK-LABEL: func.func private @step_kernel_0
// CHECK-SAME: (%{{.+}}: f32, %{{.+}}: memref<4xf32> {llvm.noalias})
// CHECK: linalg.fill
// CHECK-LABEL: func.func private @step_kernel_1
// CHECK-SAME: (%{{.+}}: memref<4xf32> {llvm.noalias}, %{{.+}}: memref<4xf32> {llvm.noalias})
// CHECK: linalg.exp
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:.+]]: memref<4xf32>, %[[OUT:.+]]: memref<4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant
// CHECK: call @step_kernel_0(%[[ZERO]], %[[OUT]])
// CHECK: call @step_kernel_1(%[[X]], %[[OUT]])
// CHECK-NOT: linalg.
func.func @step(%x: memref<4xf32>, %out: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<4xf32>)
  linalg.exp ins(%x : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}

// -----

// Tests that an in-place op, which reads and writes one buffer, gets that
// buffer once: a single argument cannot alias itself.
// CHECK-LABEL: func.func private @inplace_kernel_0
// CHECK-SAME: (%[[B:.+]]: memref<4xf32> {llvm.noalias})
// CHECK: linalg.exp ins(%[[B]] : memref<4xf32>) outs(%[[B]] : memref<4xf32>)
func.func @inplace(%b: memref<4xf32>) {
  linalg.exp ins(%b : memref<4xf32>) outs(%b : memref<4xf32>)
  return
}

// -----

// Tests that private functions are not outlined.
// CHECK-LABEL: func.func private @helper
// CHECK-NEXT: linalg.exp
func.func private @helper(%b: memref<4xf32>, %c: memref<4xf32>) {
  linalg.exp ins(%b : memref<4xf32>) outs(%c : memref<4xf32>)
  return
}

// -----

// Tests views of one planned block: two views of the same bytes with the
// same type (an in-place op) pass as one argument, noalias since it is the
// only one; views at overlapping but different offsets stay two arguments
// without noalias; disjoint views are noalias.
// CHECK-LABEL: func.func private @planned_kernel_0
// CHECK-SAME: (%[[A:.+]]: memref<4xf32> {llvm.noalias})
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<4xf32>) outs(%[[A]] : memref<4xf32>)
// CHECK-LABEL: func.func private @planned_kernel_1
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>)
// CHECK-LABEL: func.func private @planned_kernel_2
// CHECK-SAME: (%{{.+}}: memref<4xf32> {llvm.noalias}, %{{.+}}: memref<4xf32> {llvm.noalias})
// CHECK-LABEL: func.func @planned
// CHECK: call @planned_kernel_0(%[[VIEW_A:[^)]+]])
func.func @planned(%out: memref<4xf32>) {
  %block = memref.alloc() : memref<128xi8>
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %a = memref.view %block[%c0][] : memref<128xi8> to memref<4xf32>
  %same = memref.view %block[%c0][] : memref<128xi8> to memref<4xf32>
  %shifted = memref.view %block[%c8][] : memref<128xi8> to memref<4xf32>
  %b = memref.view %block[%c64][] : memref<128xi8> to memref<4xf32>
  linalg.exp ins(%a : memref<4xf32>) outs(%same : memref<4xf32>)
  linalg.exp ins(%same : memref<4xf32>) outs(%shifted : memref<4xf32>)
  linalg.exp ins(%shifted : memref<4xf32>) outs(%b : memref<4xf32>)
  linalg.copy ins(%b : memref<4xf32>) outs(%out : memref<4xf32>)
  memref.dealloc %block : memref<128xi8>
  return
}

// -----

// Tests that a reshape of a buffer and the buffer itself are one buffer.
// CHECK-LABEL: func.func private @reshaped_kernel_0
// CHECK-SAME: (%{{.+}}: memref<2x2xf32>, %{{.+}}: memref<4xf32>)
func.func @reshaped(%x: memref<4xf32>, %shape: memref<2xindex>) {
  %r = memref.reshape %x(%shape) : (memref<4xf32>, memref<2xindex>) -> memref<2x2xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0 * 2 + d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%r : memref<2x2xf32>) outs(%x : memref<4xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  return
}
