// RUN: kiln-opt --split-input-file --kiln-expand-gradients --canonicalize --cse --verify-diagnostics %s | FileCheck %s

// Tests a dense layer with relu and a mean cross-entropy: the logits'
// gradient is the op's backprop scaled by 1/batch, relu masks it (where
// its output is positive, as TensorFlow's ReluGrad), the
// weights' gradient is x^T times it and the bias gradient its column sum.
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[X:[^:]+]]: tensor<5x4xf32>, %[[W:[^:]+]]: tensor<4x3xf32>, %[[B:[^:]+]]: tensor<3xf32>, %{{.+}}: tensor<5xi64>)
// CHECK-DAG: %[[SCALE:.+]] = kiln.constant dense<2.000000e-01> : tensor<5x1xf32>
// CHECK-DAG: %[[ZERO:.+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[PRE:.+]] = kiln.bias_add
// CHECK: %[[ACT:.+]] = kiln.relu %[[PRE]]
// CHECK: %{{.+}}, %[[BACKPROP:[^ ]+]] = kiln.sparse_softmax_cross_entropy_with_logits
// CHECK: %[[SCALED:.+]] = kiln.mul %[[BACKPROP]], %[[SCALE]]
// CHECK: %[[ACTIVE:.+]] = kiln.greater %[[ACT]], %[[ZERO]]
// CHECK: %[[MASK:.+]] = kiln.cast %[[ACTIVE]]
// CHECK: %[[DPRE:.+]] = kiln.mul %[[SCALED]], %[[MASK]]
// CHECK-DAG: %[[DB:.+]] = kiln.reduce_sum %[[DPRE]] {axes = array<i64: 0>}
// CHECK-DAG: %[[DW:.+]] = kiln.matmul %[[X]], %[[DPRE]] {transpose_a = true}
// CHECK: return %{{.+}}, %[[DW]], %[[DB]]
func.func @dense(%x: tensor<5x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>, %l: tensor<5xi64>) -> (tensor<f32>, tensor<4x3xf32>, tensor<3xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<5x4xf32>, tensor<4x3xf32>) -> tensor<5x3xf32>
  %1 = kiln.bias_add %0, %b : (tensor<5x3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  %2 = kiln.relu %1 : tensor<5x3xf32>
  %loss, %bp = kiln.sparse_softmax_cross_entropy_with_logits %2, %l : (tensor<5x3xf32>, tensor<5xi64>) -> (tensor<5xf32>, tensor<5x3xf32>)
  %m = kiln.reduce_mean %loss {axes = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32>
  %dw, %db = kiln.gradients %m wrt %w, %b : tensor<f32>, (tensor<4x3xf32>, tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>)
  return %m, %dw, %db : tensor<f32>, tensor<4x3xf32>, tensor<3xf32>
}

// -----

// Tests that a value used twice gets the sum of both contributions, a
// broadcast operand's gradient is summed back to its shape, and a value
// the loss does not depend on gets zeros.
// CHECK-LABEL: func.func @accumulate
// CHECK-SAME: (%[[A:[^:]+]]: tensor<3xf32>, %[[C:[^:]+]]: tensor<f32>, %{{.+}}: tensor<2xf32>)
// CHECK-DAG: %[[ZEROS:.+]] = kiln.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-DAG: %[[SQUARE:.+]] = kiln.mul %[[A]], %[[A]]
// CHECK-DAG: %[[DC:.+]] = kiln.reduce_sum %[[SQUARE]]
// CHECK-DAG: %[[PART:.+]] = kiln.mul %{{.+}}, %[[A]]
// CHECK-DAG: %[[DA:.+]] = kiln.add %[[PART]], %[[PART]]
// CHECK: return %[[DA]], %[[DC]], %[[ZEROS]]
func.func @accumulate(%a: tensor<3xf32>, %c: tensor<f32>, %u: tensor<2xf32>) -> (tensor<3xf32>, tensor<f32>, tensor<2xf32>) {
  %0 = kiln.mul %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = kiln.mul %0, %c : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = kiln.reduce_sum %1 {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %g:3 = kiln.gradients %2 wrt %a, %c, %u : tensor<f32>, (tensor<3xf32>, tensor<f32>, tensor<2xf32>) -> (tensor<3xf32>, tensor<f32>, tensor<2xf32>)
  return %g#0, %g#1, %g#2 : tensor<3xf32>, tensor<f32>, tensor<2xf32>
}

// -----

// Tests that a differentiable op without a rule is an error naming it: a
// second-order gradient through a pool gradient.
func.func @no_rule(%x: tensor<1x4x4x1xf32>, %dy: tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32> {
  // expected-error @below {{'kiln.avg_pool_grad' op has no gradient in kiln yet}}
  %0 = kiln.avg_pool_grad %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x4x4x1xf32>
  %1 = kiln.mul %0, %x : (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  %2 = kiln.reduce_sum %1 {axes = array<i64: 0, 1, 2, 3>} : (tensor<1x4x4x1xf32>) -> tensor<f32>
  %g = kiln.gradients %2 wrt %dy : tensor<f32>, (tensor<1x3x3x1xf32>) -> (tensor<1x3x3x1xf32>)
  return %g : tensor<1x3x3x1xf32>
}

// -----

// Tests the convolution rule: TensorFlow's two gradient ops with the
// forward op's attributes.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: kiln.conv2d_backprop_input %{{.+}}, %{{.+}} {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<3x3x1x2xf32>, tensor<2x4x4x2xf32>) -> tensor<2x4x4x1xf32>
// CHECK-DAG: kiln.conv2d_backprop_filter %{{.+}}, %{{.+}} {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<2x4x4x1xf32>, tensor<2x4x4x2xf32>) -> tensor<3x3x1x2xf32>
func.func @conv(%x: tensor<2x4x4x1xf32>, %w: tensor<3x3x1x2xf32>) -> (tensor<2x4x4x1xf32>, tensor<3x3x1x2xf32>) {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<2x4x4x1xf32>, tensor<3x3x1x2xf32>) -> tensor<2x4x4x2xf32>
  %1 = kiln.reduce_sum %0 {axes = array<i64: 0, 1, 2, 3>} : (tensor<2x4x4x2xf32>) -> tensor<f32>
  %g:2 = kiln.gradients %1 wrt %x, %w : tensor<f32>, (tensor<2x4x4x1xf32>, tensor<3x3x1x2xf32>) -> (tensor<2x4x4x1xf32>, tensor<3x3x1x2xf32>)
  return %g#0, %g#1 : tensor<2x4x4x1xf32>, tensor<3x3x1x2xf32>
}

// -----

// Tests the pool rules on windows that overlap and pad: TensorFlow's
// gradient ops, fed the forward input and output.
// CHECK-LABEL: func.func @pools
// CHECK: %[[MAX:.+]] = kiln.max_pool %[[X:[^ ]+]]
// CHECK-DAG: kiln.max_pool_grad %[[X]], %[[MAX]], %{{.+}} {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>, tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x5x5x2xf32>
// CHECK-DAG: kiln.avg_pool_grad %{{.+}} {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>) -> tensor<1x5x5x2xf32>
func.func @pools(%x: tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
  %1 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = kiln.reduce_sum %0 {axes = array<i64: 0, 1, 2, 3>} : (tensor<1x3x3x2xf32>) -> tensor<f32>
  %3 = kiln.reduce_sum %1 {axes = array<i64: 0, 1, 2, 3>} : (tensor<1x4x4x2xf32>) -> tensor<f32>
  %4 = kiln.add %2, %3 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %g = kiln.gradients %4 wrt %x : tensor<f32>, (tensor<1x5x5x2xf32>) -> (tensor<1x5x5x2xf32>)
  return %g : tensor<1x5x5x2xf32>
}

// -----

// Tests the slice rule: the box's gradient framed by zeros along each
// sliced axis.
// CHECK-LABEL: func.func @slice
// CHECK-DAG: %[[LOW:.+]] = kiln.constant dense<0.000000e+00> : tensor<1x3xf32>
// CHECK-DAG: %[[HIGH:.+]] = kiln.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK-DAG: %[[COLS:.+]] = kiln.constant dense<0.000000e+00> : tensor<5x1xf32>
// CHECK: %[[ROWS:.+]] = kiln.concat %[[LOW]], %{{.+}}, %[[HIGH]] {axis = 0 : i64} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK: kiln.concat %[[COLS]], %[[ROWS]] {axis = 1 : i64} : (tensor<5x1xf32>, tensor<5x3xf32>) -> tensor<5x4xf32>
func.func @slice(%x: tensor<5x4xf32>) -> tensor<5x4xf32> {
  %0 = kiln.slice %x {begin = array<i64: 1, 1>} : (tensor<5x4xf32>) -> tensor<2x3xf32>
  %1 = kiln.square %0 : tensor<2x3xf32>
  %2 = kiln.reduce_sum %1 {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  %g = kiln.gradients %2 wrt %x : tensor<f32>, (tensor<5x4xf32>) -> (tensor<5x4xf32>)
  return %g : tensor<5x4xf32>
}
