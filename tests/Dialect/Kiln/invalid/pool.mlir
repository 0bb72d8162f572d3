// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank3_input(%x: tensor<28x28x1xf32>) -> tensor<14x14x1xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expected NHWC input of rank 4, got 'tensor<28x28x1xf32>'}}
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<28x28x1xf32>) -> tensor<14x14x1xf32>
  return %0 : tensor<14x14x1xf32>
}

// -----

// TensorFlow's four-value NHWC ksize must be converted to (height, width).
func.func @ksize_count(%x: tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expected ksize to have 2 values (height, width), got 4}}
  %0 = kiln.max_pool %x {ksize = array<i64: 1, 2, 2, 1>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @ksize_zero(%x: tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op expected ksize values to be positive, got [0, 2]}}
  %0 = kiln.avg_pool %x {ksize = array<i64: 0, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @strides_count(%x: tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op expected strides to have 2 values (height, width), got 3}}
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2, 1>} : (tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @strides_negative(%x: tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expected strides values to be positive, got [2, -2]}}
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, -2>} : (tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @explicit_padding(%x: tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expected padding SAME or VALID, got EXPLICIT}}
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @window_larger_than_valid_input(%x: tensor<1x8x2x1xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op input width 2 (after padding) is smaller than the window 3 (after dilation)}}
  %0 = kiln.avg_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x8x2x1xf32>) -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

func.func @int_avg_pool(%x: tensor<1x8x8x1xi32>) -> tensor<1x4x4x1xi32> {
  // expected-error @+1 {{'kiln.avg_pool' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xi32>) -> tensor<1x4x4x1xi32>
  return %0 : tensor<1x4x4x1xi32>
}

// -----

func.func @bool_max_pool(%x: tensor<1x8x8x1xi1>) -> tensor<1x4x4x1xi1> {
  // expected-error @+1 {{'kiln.max_pool' op operand #0 must be ranked tensor of numeric values}}
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xi1>) -> tensor<1x4x4x1xi1>
  return %0 : tensor<1x4x4x1xi1>
}

// -----

func.func @wrong_result_shape(%x: tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expected to have a type compatible with 'tensor<1x3x3x3xf32>', got 'tensor<1x4x4x3xf32>'}}
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}
