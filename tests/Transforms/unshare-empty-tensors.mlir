// RUN: kiln-opt --split-input-file --kiln-unshare-empty-tensors %s | FileCheck %s

// Tests that each destination of a CSE'd tensor.empty gets its own op,
// placed right before its user.
// CHECK-LABEL: func.func @shared
// CHECK: %[[E0:.+]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[A:.+]] = linalg.exp ins(%{{.+}} : tensor<4xf32>) outs(%[[E0]] : tensor<4xf32>)
// CHECK: %[[E1:.+]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[B:.+]] = linalg.exp ins(%[[A]] : tensor<4xf32>) outs(%[[E1]] : tensor<4xf32>)
// CHECK: %[[E2:.+]] = tensor.empty() : tensor<4xf32>
// CHECK: linalg.exp ins(%[[B]] : tensor<4xf32>) outs(%[[E2]] : tensor<4xf32>)
func.func @shared(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %b = linalg.exp ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %c = linalg.exp ins(%b : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Tests that dynamic sizes are cloned along, and single-use or unused
// empties stay as they are.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?xf32>, %[[N:.+]]: index)
// CHECK: tensor.empty() : tensor<8xf32>
// CHECK: %[[E0:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: linalg.exp ins(%[[X]] : tensor<?xf32>) outs(%[[E0]] : tensor<?xf32>)
// CHECK: %[[E1:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: linalg.negf ins(%[[X]] : tensor<?xf32>) outs(%[[E1]] : tensor<?xf32>)
func.func @dynamic(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %unused = tensor.empty() : tensor<8xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %a = linalg.exp ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %b = linalg.negf ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  return %a, %b : tensor<?xf32>, tensor<?xf32>
}
