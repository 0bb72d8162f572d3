// RUN: kiln-opt --split-input-file --kiln-expand-gradients --canonicalize --cse --verify-diagnostics %s | FileCheck %s

// Tests that no gradient flows through a stop: d/dw of sum(w * stop(w))
// is stop(w) alone (TensorFlow's), not 2w, and that the stop is gone
// afterwards.
// CHECK-LABEL: func.func @stop
// CHECK-SAME: (%[[W:.+]]: tensor<3xf32>)
// CHECK-NOT: kiln.stop_gradient
// CHECK: %[[PRODUCT:.+]] = kiln.mul %[[W]], %[[W]]
// CHECK: %[[LOSS:.+]] = kiln.reduce_sum %[[PRODUCT]]
// CHECK: return %[[LOSS]], %[[W]]
func.func @stop(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %s = kiln.stop_gradient %w : tensor<3xf32>
  %0 = kiln.mul %w, %s : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %l = kiln.reduce_sum %0 {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %dw = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<3xf32>)
  return %l, %dw : tensor<f32>, tensor<3xf32>
}

// -----

// Tests that a stop on the only path gives zeros, and that a stop no
// gradient reaches is simply removed.
// CHECK-LABEL: func.func @only_path
// CHECK: %[[ZEROS:.+]] = kiln.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NOT: kiln.stop_gradient
// CHECK: return %{{.+}}, %[[ZEROS]]
func.func @only_path(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %s = kiln.stop_gradient %w : tensor<3xf32>
  %l = kiln.reduce_sum %s {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %dw = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<3xf32>)
  return %l, %dw : tensor<f32>, tensor<3xf32>
}

// -----

func.func @prevented(%w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.stop_gradient' op is differentiated through, which the graph forbids: no second derivatives here}}
  %s = kiln.stop_gradient %w {prevent_message = "no second derivatives here"} : tensor<3xf32>
  %l = kiln.reduce_sum %s {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %dw = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<3xf32>)
  return %dw : tensor<3xf32>
}
