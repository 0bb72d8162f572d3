// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that matmul round-trips without transposes (MxK times KxN).
// CHECK-LABEL: func.func @no_transpose
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<8x3xf32>)
// CHECK: kiln.matmul %[[A]], %[[B]] : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
func.func @no_transpose(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that transpose_a contracts over the first dimension of a.
// CHECK-LABEL: func.func @transpose_a
// CHECK: kiln.matmul %{{.+}}, %{{.+}} {transpose_a = true} : (tensor<8x4xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
func.func @transpose_a(%a: tensor<8x4xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.matmul %a, %b {transpose_a = true} : (tensor<8x4xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that transpose_b contracts over the second dimension of b.
// CHECK-LABEL: func.func @transpose_b
// CHECK: kiln.matmul %{{.+}}, %{{.+}} {transpose_b = true} : (tensor<4x8xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
func.func @transpose_b(%a: tensor<4x8xf32>, %b: tensor<3x8xf32>) -> tensor<4x3xf32> {
  %0 = kiln.matmul %a, %b {transpose_b = true} : (tensor<4x8xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that both operands can be transposed at once.
// CHECK-LABEL: func.func @transpose_both
// CHECK: kiln.matmul %{{.+}}, %{{.+}} {transpose_a = true, transpose_b = true} : (tensor<8x4xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
func.func @transpose_both(%a: tensor<8x4xf32>, %b: tensor<3x8xf32>) -> tensor<4x3xf32> {
  %0 = kiln.matmul %a, %b {transpose_a = true, transpose_b = true} : (tensor<8x4xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that explicit false transposes are the default and are elided.
// CHECK-LABEL: func.func @default_transposes
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<8x3xf32>)
// CHECK: kiln.matmul %[[A]], %[[B]] : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
func.func @default_transposes(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.matmul %a, %b {transpose_a = false, transpose_b = false} : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests a dynamic M (batch) dimension and a dynamic contracting dimension.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.matmul {{.+}} : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
// CHECK: kiln.matmul {{.+}} : (tensor<4x?xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
func.func @dynamic(%a: tensor<?x8xf32>, %b: tensor<8x3xf32>, %c: tensor<4x?xf32>) -> (tensor<?x3xf32>, tensor<4x3xf32>) {
  %0 = kiln.matmul %a, %b : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  %1 = kiln.matmul %c, %b : (tensor<4x?xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<4x3xf32>
}

// -----

// Tests that a result type less static than the inferred one is legal.
// CHECK-LABEL: func.func @less_static_result
// CHECK: kiln.matmul {{.+}} : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<?x?xf32>
func.func @less_static_result(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<?x?xf32> {
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests an integer (i32) matmul.
// CHECK-LABEL: func.func @int32
// CHECK: kiln.matmul {{.+}} : (tensor<2x5xi32>, tensor<5x7xi32>) -> tensor<2x7xi32>
func.func @int32(%a: tensor<2x5xi32>, %b: tensor<5x7xi32>) -> tensor<2x7xi32> {
  %0 = kiln.matmul %a, %b : (tensor<2x5xi32>, tensor<5x7xi32>) -> tensor<2x7xi32>
  return %0 : tensor<2x7xi32>
}
