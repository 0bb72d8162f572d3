// RUN: kiln-opt --split-input-file --kiln-make-results-distinct %s | FileCheck %s

// Tests that a value returned twice gets a copy for its second use.
// CHECK-LABEL: func.func @twice
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[V:.+]] = linalg.abs
// CHECK: %[[ALLOC:.+]] = bufferization.alloc_tensor() : tensor<4xf32>
// CHECK: %[[COPY:.+]] = linalg.copy ins(%[[V]] : tensor<4xf32>) outs(%[[ALLOC]] : tensor<4xf32>)
// CHECK: return %[[V]], %[[COPY]]
func.func @twice(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %v = linalg.abs ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %v, %v : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that an argument returned as is is copied.
// CHECK-LABEL: func.func @passthrough
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[COPY:.+]] = linalg.copy ins(%[[X]] : tensor<2x3xf32>)
// CHECK: return %[[COPY]]
func.func @passthrough(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

// -----

// Tests that distinct computed results are left alone.
// CHECK-LABEL: func.func @distinct
// CHECK-NOT: linalg.copy
// CHECK-NOT: alloc_tensor
func.func @distinct(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.abs ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %b = linalg.negf ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
