// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank3_input(%x: tensor<28x28x1xf32>, %w: tensor<5x5x1x32xf32>) -> tensor<28x28x32xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected NHWC input of rank 4, got 'tensor<28x28x1xf32>'}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<28x28x32xf32>
  return %0 : tensor<28x28x32xf32>
}

// -----

func.func @rank3_filter(%x: tensor<1x28x28x1xf32>, %w: tensor<5x5x32xf32>) -> tensor<1x28x28x32xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected HWIO filter of rank 4, got 'tensor<5x5x32xf32>'}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x28x28x1xf32>, tensor<5x5x32xf32>) -> tensor<1x28x28x32xf32>
  return %0 : tensor<1x28x28x32xf32>
}

// -----

func.func @mismatched_element_types(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf16>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected input and filter to have the same element type, got 'f32' and 'f16'}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf16>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @int_input(%x: tensor<1x8x8x1xi32>, %w: tensor<3x3x1x4xi32>) -> tensor<1x8x8x4xi32> {
  // expected-error @+1 {{'kiln.conv2d' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xi32>, tensor<3x3x1x4xi32>) -> tensor<1x8x8x4xi32>
  return %0 : tensor<1x8x8x4xi32>
}

// -----

func.func @missing_strides(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op requires attribute 'strides'}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// TensorFlow's four-value NHWC strides must be converted to (height, width).
func.func @strides_count(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected strides to have 2 values (height, width), got 4}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 2, 2, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @strides_zero(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected strides values to be positive, got [1, 0]}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 0>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @dilations_count(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected dilations to have 2 values (height, width), got 1}}
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @dilations_negative(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected dilations values to be positive, got [-1, 1]}}
  %0 = kiln.conv2d %x, %w {dilations = array<i64: -1, 1>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @explicit_without_paddings(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op padding EXPLICIT needs explicit_paddings with 4 values (top, bottom, left, right)}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// TensorFlow's eight-value explicit_paddings (a pair per NHWC dimension) must
// be converted to (top, bottom, left, right).
func.func @explicit_wrong_count(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op padding EXPLICIT needs explicit_paddings with 4 values (top, bottom, left, right)}}
  %0 = kiln.conv2d %x, %w {explicit_paddings = array<i64: 0, 0, 1, 1, 1, 1, 0, 0>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @paddings_with_same(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op explicit_paddings is only allowed with padding EXPLICIT}}
  %0 = kiln.conv2d %x, %w {explicit_paddings = array<i64: 1, 1, 1, 1>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

func.func @negative_padding(%x: tensor<1x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x7x6x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected non-negative explicit_paddings, got [1, -1, 0, 0]}}
  %0 = kiln.conv2d %x, %w {explicit_paddings = array<i64: 1, -1, 0, 0>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x7x6x4xf32>
  return %0 : tensor<1x7x6x4xf32>
}

// -----

func.func @channel_mismatch(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x4x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{'kiln.conv2d' op input has 3 channels but the filter expects 4}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x4x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @window_larger_than_valid_input(%x: tensor<1x2x8x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x1x6x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op input height 2 (after padding) is smaller than the window 3 (after dilation)}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x2x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x1x6x4xf32>
  return %0 : tensor<1x1x6x4xf32>
}

// -----

func.func @dilated_window_larger_than_input(%x: tensor<1x8x4x1xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x4x1x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op input width 4 (after padding) is smaller than the window 5 (after dilation)}}
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x8x4x1xf32>, tensor<3x3x1x4xf32>) -> tensor<1x4x1x4xf32>
  return %0 : tensor<1x4x1x4xf32>
}

// -----

func.func @explicit_window_larger_than_padded_input(%x: tensor<1x1x8x1xf32>, %w: tensor<4x3x1x4xf32>) -> tensor<1x1x8x4xf32> {
  // expected-error @+1 {{'kiln.conv2d' op input height 3 (after padding) is smaller than the window 4 (after dilation)}}
  %0 = kiln.conv2d %x, %w {explicit_paddings = array<i64: 1, 1, 1, 1>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<1x1x8x1xf32>, tensor<4x3x1x4xf32>) -> tensor<1x1x8x4xf32>
  return %0 : tensor<1x1x8x4xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<2x7x7x3xf32>, %w: tensor<3x3x3x5xf32>) -> tensor<2x3x3x5xf32> {
  // expected-error @+1 {{'kiln.conv2d' op expected to have a type compatible with 'tensor<2x4x4x5xf32>', got 'tensor<2x3x3x5xf32>'}}
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x3x3x5xf32>
  return %0 : tensor<2x3x3x5xf32>
}
