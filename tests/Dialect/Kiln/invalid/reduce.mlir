// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' op axis 2 is out of range for rank 2}}
  %0 = kiln.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.reduce_mean' op axis -3 is out of range for rank 2}}
  %0 = kiln.reduce_mean %x {axes = array<i64: -3>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @axis_on_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.reduce_max' op axis 0 is out of range for rank 0}}
  %0 = kiln.reduce_max %x {axes = array<i64: 0>} : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @duplicate_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' op axis 1 is reduced more than once}}
  %0 = kiln.reduce_sum %x {axes = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// -1 and rank - 1 name the same axis.
func.func @duplicate_axis_aliased(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.reduce_max' op axis -1 is reduced more than once}}
  %0 = kiln.reduce_max %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @missing_keep_dims_result(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' op expected to have a type compatible with 'tensor<2x1xf32>', got 'tensor<2xf32>'}}
  %0 = kiln.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<2x3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.reduce_mean' op expected to have a type compatible with 'tensor<2x4xf32>', got 'tensor<2x3xf32>'}}
  %0 = kiln.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @bool_input(%x: tensor<4xi1>) -> tensor<i1> {
  // expected-error @+1 {{'kiln.reduce_max' op operand #0 must be ranked tensor of numeric values}}
  %0 = kiln.reduce_max %x {axes = array<i64: 0>} : (tensor<4xi1>) -> tensor<i1>
  return %0 : tensor<i1>
}

// -----

func.func @missing_axes(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' op requires attribute 'axes'}}
  %0 = kiln.reduce_sum %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @prod_wrong_result(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.reduce_prod' op expected to have a type compatible with 'tensor<2xf32>', got 'tensor<3xf32>'}}
  %0 = kiln.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
