// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @no_inputs() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.concat' op expected at least one input}}
  %0 = kiln.concat {axis = 0 : i64} : () -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @rank_mismatch(%x: tensor<4x3xf32>, %y: tensor<4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.concat' op expected every input to have rank 2, input 1 has rank 1}}
  %0 = kiln.concat %x, %y {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @element_type_mismatch(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>, %z: tensor<4x1xi32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'kiln.concat' op expected every input to have element type 'f32', input 2 has 'i32'}}
  %0 = kiln.concat %x, %y, %z {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x1xf32>, tensor<4x1xi32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @other_dim_mismatch(%x: tensor<4x3xf32>, %y: tensor<5x1xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.concat' op input 1 has size 5 in dimension 0, expected 4}}
  %0 = kiln.concat %x, %y {axis = 1 : i64} : (tensor<4x3xf32>, tensor<5x1xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A dynamic size in the first input is refined by the second, and the third
// conflicts with the refined size.
func.func @other_dim_mismatch_after_dynamic(%x: tensor<?x3xf32>, %y: tensor<4x1xf32>, %z: tensor<5x1xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{'kiln.concat' op input 2 has size 5 in dimension 0, expected 4}}
  %0 = kiln.concat %x, %y, %z {axis = 1 : i64} : (tensor<?x3xf32>, tensor<4x1xf32>, tensor<5x1xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

func.func @axis_too_large(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.concat' op axis 2 is out of range for rank 2}}
  %0 = kiln.concat %x, %y {axis = 2 : i64} : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @axis_too_negative(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.concat' op axis -3 is out of range for rank 2}}
  %0 = kiln.concat %x, %y {axis = -3 : i64} : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @scalar_inputs(%x: tensor<f32>, %y: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.concat' op axis 0 is out of range for rank 0}}
  %0 = kiln.concat %x, %y {axis = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'kiln.concat' op expected to have a type compatible with 'tensor<4x4xf32>', got 'tensor<4x5xf32>'}}
  %0 = kiln.concat %x, %y {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @wrong_result_element_type(%x: tensor<4x3xi32>, %y: tensor<4x1xi32>) -> tensor<4x4xi64> {
  // expected-error @+1 {{'kiln.concat' op expected to have a type compatible with 'tensor<4x4xi32>', got 'tensor<4x4xi64>'}}
  %0 = kiln.concat %x, %y {axis = 1 : i64} : (tensor<4x3xi32>, tensor<4x1xi32>) -> tensor<4x4xi64>
  return %0 : tensor<4x4xi64>
}
