// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that the op round-trips with i32 labels, giving a [batch] loss and a
// [batch, classes] gradient.
// CHECK-LABEL: func.func @i32_labels
// CHECK-SAME: (%[[F:.+]]: tensor<32x10xf32>, %[[L:.+]]: tensor<32xi32>)
// CHECK: %[[LOSS:.+]], %[[GRAD:.+]] = kiln.sparse_softmax_cross_entropy_with_logits %[[F]], %[[L]]
// CHECK-SAME: : (tensor<32x10xf32>, tensor<32xi32>) -> (tensor<32xf32>, tensor<32x10xf32>)
// CHECK: return %[[LOSS]], %[[GRAD]]
func.func @i32_labels(%f: tensor<32x10xf32>, %l: tensor<32xi32>) -> (tensor<32xf32>, tensor<32x10xf32>) {
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<32xi32>) -> (tensor<32xf32>, tensor<32x10xf32>)
  return %loss, %grad : tensor<32xf32>, tensor<32x10xf32>
}

// -----

// Tests i64 labels with f64 features.
// CHECK-LABEL: func.func @i64_labels
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} : (tensor<4x3xf64>, tensor<4xi64>) -> (tensor<4xf64>, tensor<4x3xf64>)
func.func @i64_labels(%f: tensor<4x3xf64>, %l: tensor<4xi64>) -> (tensor<4xf64>, tensor<4x3xf64>) {
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<4x3xf64>, tensor<4xi64>) -> (tensor<4xf64>, tensor<4x3xf64>)
  return %loss, %grad : tensor<4xf64>, tensor<4x3xf64>
}

// -----

// Tests a dynamic batch, including one known only from the labels.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} : (tensor<?x10xf32>, tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>)
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} : (tensor<?x10xf32>, tensor<8xi64>) -> (tensor<8xf32>, tensor<8x10xf32>)
func.func @dynamic_batch(%f: tensor<?x10xf32>, %l: tensor<?xi64>, %m: tensor<8xi64>) -> (tensor<?xf32>, tensor<?x10xf32>, tensor<8xf32>, tensor<8x10xf32>) {
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<?x10xf32>, tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>)
  %loss2, %grad2 = kiln.sparse_softmax_cross_entropy_with_logits %f, %m : (tensor<?x10xf32>, tensor<8xi64>) -> (tensor<8xf32>, tensor<8x10xf32>)
  return %loss, %grad, %loss2, %grad2 : tensor<?xf32>, tensor<?x10xf32>, tensor<8xf32>, tensor<8x10xf32>
}
