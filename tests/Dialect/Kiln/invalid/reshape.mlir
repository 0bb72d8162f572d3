// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @element_count(%x: tensor<4x3xf32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape a tensor of 12 elements into 'tensor<5x3xf32>'}}
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

func.func @element_count_from_scalar(%x: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape a tensor of 1 elements into 'tensor<2xf32>'}}
  %0 = kiln.reshape %x : (tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @element_type(%x: tensor<4x3xf32>) -> tensor<12xi32> {
  // expected-error @+1 {{'kiln.reshape' op expected input and result to have the same element type, got 'f32' and 'i32'}}
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<12xi32>
  return %0 : tensor<12xi32>
}

// -----

func.func @two_dynamic_dims(%x: tensor<4x3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'kiln.reshape' op expected at most one dynamic result dimension, got 'tensor<?x?xf32>'}}
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @two_dynamic_dims_dynamic_input(%x: tensor<?x3xf32>) -> tensor<?x3x?xf32> {
  // expected-error @+1 {{'kiln.reshape' op expected at most one dynamic result dimension, got 'tensor<?x3x?xf32>'}}
  %0 = kiln.reshape %x : (tensor<?x3xf32>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// -----

func.func @unranked(%x: tensor<*xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.reshape' op operand #0 must be ranked tensor of}}
  %0 = kiln.reshape %x : (tensor<*xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
