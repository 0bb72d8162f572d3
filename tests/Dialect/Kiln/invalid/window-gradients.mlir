// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Several input heights give one output height with stride 2; the result
// must be one the forward conv maps to out_backprop's shape.
func.func @input_shape_not_forward(%w: tensor<3x3x8x16xf32>, %dy: tensor<4x7x7x16xf32>) -> tensor<4x16x14x8xf32> {
  // expected-error @+1 {{'kiln.conv2d_backprop_input' op expects out_backprop of type 'tensor<4x8x7x16xf32>' (the forward op's output), got 'tensor<4x7x7x16xf32>'}}
  %0 = kiln.conv2d_backprop_input %w, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x16x14x8xf32>
  return %0 : tensor<4x16x14x8xf32>
}

// -----

func.func @filter_channels(%w: tensor<3x3x8x16xf32>, %dy: tensor<4x7x7x16xf32>) -> tensor<4x14x14x4xf32> {
  // expected-error @+1 {{'kiln.conv2d_backprop_input' op input has 4 channels but the filter expects 8}}
  %0 = kiln.conv2d_backprop_input %w, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x14x14x4xf32>
  return %0 : tensor<4x14x14x4xf32>
}

// -----

func.func @filter_grad_channels(%x: tensor<4x14x14x8xf32>, %dy: tensor<4x14x14x8xf32>) -> tensor<3x3x8x16xf32> {
  // expected-error @+1 {{'kiln.conv2d_backprop_filter' op expects out_backprop of type 'tensor<4x14x14x16xf32>' (the forward op's output), got 'tensor<4x14x14x8xf32>'}}
  %0 = kiln.conv2d_backprop_filter %x, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<4x14x14x8xf32>, tensor<4x14x14x8xf32>) -> tensor<3x3x8x16xf32>
  return %0 : tensor<3x3x8x16xf32>
}

// -----

func.func @filter_grad_rank(%x: tensor<14x14x8xf32>, %dy: tensor<4x14x14x16xf32>) -> tensor<3x3x8x16xf32> {
  // expected-error @+1 {{'kiln.conv2d_backprop_filter' op expected NHWC input of rank 4, got 'tensor<14x14x8xf32>'}}
  %0 = kiln.conv2d_backprop_filter %x, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<14x14x8xf32>, tensor<4x14x14x16xf32>) -> tensor<3x3x8x16xf32>
  return %0 : tensor<3x3x8x16xf32>
}

// -----

func.func @max_pool_grad_output(%x: tensor<1x8x8x2xf32>, %y: tensor<1x3x3x2xf32>, %dy: tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32> {
  // expected-error @+1 {{'kiln.max_pool_grad' op expects output of type 'tensor<1x4x4x2xf32>' (the forward op's output), got 'tensor<1x3x3x2xf32>'}}
  %0 = kiln.max_pool_grad %x, %y, %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>, tensor<1x3x3x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32>
  return %0 : tensor<1x8x8x2xf32>
}

// -----

func.func @max_pool_grad_result(%x: tensor<1x8x8x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x8x8x3xf32> {
  // expected-error @+1 {{'kiln.max_pool_grad' op failed to verify that all of {input, input_backprop} have same type}}
  %0 = kiln.max_pool_grad %x, %y, %y {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x8x8x3xf32>
  return %0 : tensor<1x8x8x3xf32>
}

// -----

func.func @avg_pool_grad_shape(%dy: tensor<1x4x4x2xf32>) -> tensor<1x9x9x2xf32> {
  // expected-error @+1 {{'kiln.avg_pool_grad' op expects grad of type 'tensor<1x5x5x2xf32>' (the forward op's output), got 'tensor<1x4x4x2xf32>'}}
  %0 = kiln.avg_pool_grad %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x9x9x2xf32>
  return %0 : tensor<1x9x9x2xf32>
}

// -----

func.func @avg_pool_grad_dtype(%dy: tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf64> {
  // expected-error @+1 {{'kiln.avg_pool_grad' op expects the result's element type to be grad's, got 'tensor<1x8x8x2xf64>'}}
  %0 = kiln.avg_pool_grad %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf64>
  return %0 : tensor<1x8x8x2xf64>
}
