// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank1_value(%x: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'kiln.bias_add' op expected value of rank at least 2, got 'tensor<8xf32>'}}
  %0 = kiln.bias_add %x, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @rank2_bias(%x: tensor<2x8xf32>, %b: tensor<1x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'kiln.bias_add' op expected bias of rank 1, got 'tensor<1x8xf32>'}}
  %0 = kiln.bias_add %x, %b : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @mismatched_element_types(%x: tensor<2x8xf32>, %b: tensor<8xf64>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'kiln.bias_add' op expected value and bias to have the same element type, got 'f32' and 'f64'}}
  %0 = kiln.bias_add %x, %b : (tensor<2x8xf32>, tensor<8xf64>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @channel_mismatch(%x: tensor<2x5x5x8xf32>, %b: tensor<4xf32>) -> tensor<2x5x5x8xf32> {
  // expected-error @+1 {{'kiln.bias_add' op bias has 4 elements but value has 8 channels}}
  %0 = kiln.bias_add %x, %b : (tensor<2x5x5x8xf32>, tensor<4xf32>) -> tensor<2x5x5x8xf32>
  return %0 : tensor<2x5x5x8xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<?x?xf32>, %b: tensor<8xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'kiln.bias_add' op expected to have a type compatible with 'tensor<?x8xf32>', got 'tensor<?x4xf32>'}}
  %0 = kiln.bias_add %x, %b : (tensor<?x?xf32>, tensor<8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
