// RUN: kiln-opt --split-input-file --kiln-infer-shapes %s | FileCheck %s

// Tests that a static batch reaches every op of an MLP step and the function's
// result types.
// CHECK-LABEL: func.func @mlp
// CHECK-SAME: -> (tensor<32x200xf32>, tensor<32xf32>, tensor<f32>, tensor<32xi64>)
// CHECK: kiln.matmul {{.+}} -> tensor<32x200xf32>
// CHECK: kiln.bias_add {{.+}} : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
// CHECK: kiln.relu %{{.+}} : tensor<32x200xf32>
// CHECK: kiln.add {{.+}} : (tensor<32x200xf32>, tensor<32x200xf32>) -> tensor<32x200xf32>
// CHECK: kiln.softmax %{{.+}} : tensor<32x200xf32>
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} : (tensor<32x200xf32>, tensor<32xi64>) -> (tensor<32xf32>, tensor<32x200xf32>)
// CHECK: kiln.reduce_mean {{.+}} : (tensor<32xf32>) -> tensor<f32>
// CHECK: kiln.reduce_sum {{.+}} : (tensor<32x200xf32>) -> tensor<32xf32>
// CHECK: kiln.argmax {{.+}} : (tensor<32x200xf32>) -> tensor<32xi64>
// CHECK: return {{.+}} : tensor<32x200xf32>, tensor<32xf32>, tensor<f32>, tensor<32xi64>
func.func @mlp(%x: tensor<32x784xf32>, %w: tensor<784x200xf32>, %b: tensor<200xf32>, %l: tensor<32xi64>) -> (tensor<?x200xf32>, tensor<?xf32>, tensor<f32>, tensor<?xi64>) {
  %0 = kiln.matmul %x, %w : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<?x200xf32>
  %1 = kiln.bias_add %0, %b : (tensor<?x200xf32>, tensor<200xf32>) -> tensor<?x200xf32>
  %2 = kiln.relu %1 : tensor<?x200xf32>
  %3 = kiln.add %2, %2 : (tensor<?x200xf32>, tensor<?x200xf32>) -> tensor<?x?xf32>
  %4 = kiln.softmax %3 : tensor<?x?xf32>
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %3, %l : (tensor<?x?xf32>, tensor<32xi64>) -> (tensor<?xf32>, tensor<?x?xf32>)
  %5 = kiln.reduce_mean %loss {axes = array<i64: 0>} : (tensor<?xf32>) -> tensor<f32>
  %6 = kiln.reduce_sum %4 {axes = array<i64: 1>} : (tensor<?x?xf32>) -> tensor<?xf32>
  %7 = kiln.argmax %grad {axis = 1 : i64} : (tensor<?x?xf32>) -> tensor<?xi64>
  return %2, %6, %5, %7 : tensor<?x200xf32>, tensor<?xf32>, tensor<f32>, tensor<?xi64>
}

// -----

// Tests that the labels' static batch refines the cross-entropy results when
// the features' batch is dynamic.
// CHECK-LABEL: func.func @batch_from_labels
// CHECK-SAME: -> tensor<16xf32>
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} : (tensor<?x10xf32>, tensor<16xi32>) -> (tensor<16xf32>, tensor<16x10xf32>)
func.func @batch_from_labels(%f: tensor<?x10xf32>, %l: tensor<16xi32>) -> tensor<?xf32> {
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<?x10xf32>, tensor<16xi32>) -> (tensor<?xf32>, tensor<?x10xf32>)
  return %loss : tensor<?xf32>
}

// -----

// Tests refinement through conv2d (SAME padding, stride 2) and relu.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: -> tensor<8x14x14x32xf32>
// CHECK: kiln.conv2d {{.+}} : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<8x14x14x32xf32>
// CHECK: kiln.relu %{{.+}} : tensor<8x14x14x32xf32>
func.func @conv(%x: tensor<8x28x28x1xf32>, %f: tensor<5x5x1x32xf32>) -> tensor<?x?x?x32xf32> {
  %0 = kiln.conv2d %x, %f {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<?x?x?x32xf32>
  %1 = kiln.relu %0 : tensor<?x?x?x32xf32>
  return %1 : tensor<?x?x?x32xf32>
}

// -----

// Tests refinement through concat (negative axis), transpose and cast.
// CHECK-LABEL: func.func @concat_transpose_cast
// CHECK-SAME: -> tensor<7x8xi32>
// CHECK: kiln.matmul {{.+}} -> tensor<8x5xf32>
// CHECK: kiln.concat {{.+}} : (tensor<8x5xf32>, tensor<8x2xf32>) -> tensor<8x7xf32>
// CHECK: kiln.transpose {{.+}} : (tensor<8x7xf32>) -> tensor<7x8xf32>
// CHECK: kiln.cast {{.+}} : (tensor<7x8xf32>) -> tensor<7x8xi32>
func.func @concat_transpose_cast(%x: tensor<8x3xf32>, %w: tensor<3x5xf32>, %y: tensor<8x2xf32>) -> tensor<?x?xi32> {
  %0 = kiln.matmul %x, %w : (tensor<8x3xf32>, tensor<3x5xf32>) -> tensor<?x?xf32>
  %1 = kiln.concat %0, %y {axis = -1 : i64} : (tensor<?x?xf32>, tensor<8x2xf32>) -> tensor<?x?xf32>
  %2 = kiln.transpose %1 {perm = array<i64: 1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = kiln.cast %2 : (tensor<?x?xf32>) -> tensor<?x?xi32>
  return %3 : tensor<?x?xi32>
}

// -----

// Tests that a dynamic dimension the rules cannot infer stays dynamic, and
// that a reshape (whose result type is explicit) is left alone.
// CHECK-LABEL: func.func @partially_dynamic
// CHECK-SAME: -> (tensor<?x4xf32>, tensor<?x8xf32>)
// CHECK: kiln.relu %{{.+}} : tensor<?x4xf32>
// CHECK: kiln.reshape {{.+}} : (tensor<?x4xf32>) -> tensor<?x8xf32>
func.func @partially_dynamic(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  %0 = kiln.relu %x : tensor<?x4xf32>
  %1 = kiln.reshape %0 : (tensor<?x4xf32>) -> tensor<?x8xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<?x8xf32>
}

// -----

// Tests that a static dimension never changes, even where the rules only
// infer a dynamic one.
// CHECK-LABEL: func.func @static_kept
// CHECK-SAME: -> tensor<8x5xf32>
// CHECK: kiln.matmul {{.+}} : (tensor<?x3xf32>, tensor<3x5xf32>) -> tensor<8x5xf32>
// CHECK: kiln.add {{.+}} : (tensor<8x5xf32>, tensor<?x5xf32>) -> tensor<8x5xf32>
func.func @static_kept(%x: tensor<?x3xf32>, %w: tensor<3x5xf32>, %y: tensor<?x5xf32>) -> tensor<8x5xf32> {
  %0 = kiln.matmul %x, %w : (tensor<?x3xf32>, tensor<3x5xf32>) -> tensor<8x5xf32>
  %1 = kiln.add %0, %y : (tensor<8x5xf32>, tensor<?x5xf32>) -> tensor<8x5xf32>
  return %1 : tensor<8x5xf32>
}

// -----

// Tests that a non-kiln user of a refined value keeps the old type through a
// tensor.cast while kiln users see the refined type.
// CHECK-LABEL: func.func @tensor_cast_user
// CHECK-SAME: -> (tensor<8x4xf32>, tensor<8x4xf32>)
// CHECK: %[[M:.+]] = kiln.matmul {{.+}} -> tensor<8x4xf32>
// CHECK: %[[OLD:.+]] = tensor.cast %[[M]] : tensor<8x4xf32> to tensor<?x4xf32>
// CHECK: tensor.cast %[[OLD]] : tensor<?x4xf32> to tensor<8x4xf32>
// CHECK: kiln.add %[[M]], %{{.+}} : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
func.func @tensor_cast_user(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> (tensor<8x4xf32>, tensor<?x4xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %1 = tensor.cast %0 : tensor<?x4xf32> to tensor<8x4xf32>
  %2 = kiln.add %0, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %1, %2 : tensor<8x4xf32>, tensor<?x4xf32>
}

// -----

// Tests that a value passed to a func.call keeps its type for the call
// through a tensor.cast.
// CHECK-LABEL: func.func @call_user
// CHECK: %[[M:.+]] = kiln.matmul {{.+}} -> tensor<8x4xf32>
// CHECK: %[[OLD:.+]] = tensor.cast %[[M]] : tensor<8x4xf32> to tensor<?x4xf32>
// CHECK: call @sink(%[[OLD]]) : (tensor<?x4xf32>) -> ()
func.func private @sink(tensor<?x4xf32>)
func.func @call_user(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  func.call @sink(%0) : (tensor<?x4xf32>) -> ()
  return
}

// -----

// Tests that nothing changes when every input is dynamic.
// CHECK-LABEL: func.func @all_dynamic
// CHECK-SAME: -> tensor<?x?xf32>
// CHECK: kiln.matmul {{.+}} : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
func.func @all_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.matmul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that constants and variable reads feed refinement.
// CHECK-LABEL: func.func @from_state
// CHECK-SAME: -> tensor<2x3xf32>
// CHECK: kiln.add {{.+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
kiln.variable @w : tensor<2x3xf32>
func.func @from_state() -> tensor<?x?xf32> {
  %0 = kiln.read_variable @w : tensor<2x3xf32>
  %1 = kiln.constant dense<1.0> : tensor<3xf32>
  %2 = kiln.add %0, %1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}
