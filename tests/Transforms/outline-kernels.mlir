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
