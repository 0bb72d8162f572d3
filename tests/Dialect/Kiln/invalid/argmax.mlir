// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank0_input(%x: tensor<f32>) -> tensor<i64> {
  // expected-error @+1 {{'kiln.argmax' op expected input of rank at least 1, got 'tensor<f32>'}}
  %0 = kiln.argmax %x {axis = 0 : i64} : (tensor<f32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @axis_out_of_range(%x: tensor<4x8xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{'kiln.argmax' op axis 2 is out of range for rank 2}}
  %0 = kiln.argmax %x {axis = 2 : i64} : (tensor<4x8xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @negative_axis_out_of_range(%x: tensor<4x8xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{'kiln.argmax' op axis -3 is out of range for rank 2}}
  %0 = kiln.argmax %x {axis = -3 : i64} : (tensor<4x8xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @float_result(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.argmax' op result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<4x8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @i16_result(%x: tensor<4x8xf32>) -> tensor<4xi16> {
  // expected-error @+1 {{'kiln.argmax' op result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<4x8xf32>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

func.func @wrong_result_shape(%x: tensor<4x8xf32>) -> tensor<8xi64> {
  // expected-error @+1 {{'kiln.argmax' op expected to have a type compatible with 'tensor<4xi64>', got 'tensor<8xi64>'}}
  %0 = kiln.argmax %x {axis = -1 : i64} : (tensor<4x8xf32>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// -----

func.func @bool_input(%x: tensor<4x8xi1>) -> tensor<4xi64> {
  // expected-error @+1 {{'kiln.argmax' op operand #0 must be ranked tensor of numeric values}}
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<4x8xi1>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
