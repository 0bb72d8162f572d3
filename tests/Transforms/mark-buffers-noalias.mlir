// RUN: kiln-opt --split-input-file --kiln-mark-buffers-noalias %s | FileCheck %s

// Tests that a public step's memref arguments become noalias and scalars
// do not.
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%{{.+}}: memref<4xf32> {llvm.noalias}, %{{.+}}: f32, %{{.+}}: memref<4xf32> {llvm.noalias})
func.func @step(%x: memref<4xf32>, %s: f32, %out: memref<4xf32>) {
  return
}

// -----

// Tests that private functions are left alone: their callers may pass
// overlapping buffers.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>)
// CHECK-NOT: llvm.noalias
func.func private @helper(%x: memref<4xf32>, %y: memref<4xf32>) {
  return
}
