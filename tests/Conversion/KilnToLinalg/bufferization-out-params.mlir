// RUN: kiln-opt --split-input-file --kiln-lowering-pipeline --kiln-bufferization-pipeline %s | FileCheck %s

// The bufferization pipeline promises (Pipelines.cpp, hoistStaticAllocs) that
// a static result allocation becomes the caller's out-parameter itself: the
// ops write straight into it, with no allocation and no copy for the result.

// Tests that a dense layer writes its result directly into the out-parameter.
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%{{.+}}: memref<4x8xf32>, %{{.+}}: memref<8x16xf32>, %{{.+}}: memref<16xf32>, %[[OUT:.+]]: memref<4x16xf32>) attributes {kiln.arena_bytes = 0 : i64, kiln.arena_lower_bound = 0 : i64, llvm.emit_c_interface} {{[{]$}}
// CHECK-NOT: memref.alloc
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%[[OUT]] : memref<4x16xf32>)
// CHECK-NOT: memref.alloc
// CHECK: linalg.generic {{.+}} outs(%[[OUT]] : memref<4x16xf32>)
// CHECK: linalg.generic {{.+}} outs(%[[OUT]] : memref<4x16xf32>)
// CHECK-NOT: memref.copy
// CHECK: return{{$}}
func.func @dense(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> attributes {llvm.emit_c_interface} {
  %0 = kiln.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = kiln.bias_add %0, %b : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %2 = kiln.relu %1 : tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// Tests that softmax writes its exponentials and then the normalized result
// into the out-parameter, allocating only the row statistics.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: memref<4x10xf32>, %[[OUT:.+]]: memref<4x10xf32>, %{{.+}}: memref<{{[0-9]+}}xi8> {kiln.arena_slot = 0 : i64})
// CHECK-NOT: memref.alloc() {{.*}}: memref<4x10xf32>
// CHECK: linalg.generic {{.+}} outs(%[[OUT]] : memref<4x10xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.+}} outs(%[[OUT]] : memref<4x10xf32>)
// CHECK: arith.divf
// CHECK-NOT: memref.copy
// CHECK: return{{$}}
func.func @softmax(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = kiln.softmax %x : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}
