// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// Tests that the window gradient ops round-trip with their attributes.
// CHECK-LABEL: func.func @gradients
// CHECK: kiln.conv2d_backprop_input %{{.+}}, %{{.+}} {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x14x14x8xf32>
// CHECK: kiln.conv2d_backprop_filter %{{.+}}, %{{.+}} {dilations = array<i64: 2, 1>, explicit_paddings = array<i64: 1, 1, 0, 2>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<4x14x14x8xf32>, tensor<4x12x14x16xf32>) -> tensor<3x3x8x16xf32>
// CHECK: kiln.max_pool_grad %{{.+}}, %{{.+}}, %{{.+}} {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<4x8x8x2xf32>, tensor<4x4x4x2xf32>, tensor<4x4x4x2xf32>) -> tensor<4x8x8x2xf32>
// CHECK: kiln.avg_pool_grad %{{.+}} {ksize = array<i64: 1, 1>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf64>) -> tensor<1x1x1x1xf64>
func.func @gradients(%w: tensor<3x3x8x16xf32>, %dy: tensor<4x7x7x16xf32>, %x: tensor<4x14x14x8xf32>,
                     %dy2: tensor<4x12x14x16xf32>, %p: tensor<4x8x8x2xf32>, %q: tensor<4x4x4x2xf32>,
                     %one: tensor<1x1x1x1xf64>) {
  %0 = kiln.conv2d_backprop_input %w, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x14x14x8xf32>
  %1 = kiln.conv2d_backprop_filter %x, %dy2 {dilations = array<i64: 2, 1>, explicit_paddings = array<i64: 1, 1, 0, 2>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<4x14x14x8xf32>, tensor<4x12x14x16xf32>) -> tensor<3x3x8x16xf32>
  %2 = kiln.max_pool_grad %p, %q, %q {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<4x8x8x2xf32>, tensor<4x4x4x2xf32>, tensor<4x4x4x2xf32>) -> tensor<4x8x8x2xf32>
  %3 = kiln.avg_pool_grad %one {ksize = array<i64: 1, 1>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf64>) -> tensor<1x1x1x1xf64>
  return
}
