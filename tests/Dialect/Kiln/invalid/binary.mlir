// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @mismatched_element_types(%x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.add' op expected lhs and rhs to have the same element type, got 'f32' and 'i32'}}
  %0 = kiln.add %x, %y : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @not_broadcastable(%x: tensor<4x3xf32>, %y: tensor<4xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.sub' op shapes [4, 3] and [4] are not broadcast-compatible}}
  %0 = kiln.sub %x, %y : (tensor<4x3xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<4x3xf32>, %y: tensor<3xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.mul' op expected to have type 'tensor<4x3xf32>' (or a less static one), got 'tensor<4x4xf32>'}}
  %0 = kiln.mul %x, %y : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @bool_operands(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.maximum' op operand #0 must be ranked tensor of}}
  %0 = kiln.maximum %x, %y : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
