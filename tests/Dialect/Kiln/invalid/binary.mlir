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
  // expected-error @+1 {{'kiln.mul' op expected to have a type compatible with 'tensor<4x3xf32>', got 'tensor<4x4xf32>'}}
  %0 = kiln.mul %x, %y : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @bool_operands(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.maximum' op operand #0 must be ranked tensor of}}
  %0 = kiln.maximum %x, %y : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @dynamic_not_broadcastable(%x: tensor<?x2xf32>, %y: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'kiln.minimum' op shapes [?, 2] and [3] are not broadcast-compatible}}
  %0 = kiln.minimum %x, %y : (tensor<?x2xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @leading_dims_differ(%x: tensor<2x3xi32>, %y: tensor<3x3xi32>) -> tensor<3x3xi32> {
  // expected-error @+1 {{'kiln.add' op shapes [2, 3] and [3, 3] are not broadcast-compatible}}
  %0 = kiln.add %x, %y : (tensor<2x3xi32>, tensor<3x3xi32>) -> tensor<3x3xi32>
  return %0 : tensor<3x3xi32>
}

// -----

func.func @signedness_differs(%x: tensor<4xi8>, %y: tensor<4xui8>) -> tensor<4xi8> {
  // expected-error @+1 {{'kiln.mul' op expected lhs and rhs to have the same element type, got 'i8' and 'ui8'}}
  %0 = kiln.mul %x, %y : (tensor<4xi8>, tensor<4xui8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @wrong_result_element_type(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'kiln.div' op expected to have a type compatible with 'tensor<4xf32>', got 'tensor<4xf16>'}}
  %0 = kiln.div %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @wrong_result_rank(%x: tensor<4x3xf32>, %y: tensor<3xf32>) -> tensor<12xf32> {
  // expected-error @+1 {{'kiln.pow' op expected to have a type compatible with 'tensor<4x3xf32>', got 'tensor<12xf32>'}}
  %0 = kiln.pow %x, %y : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<12xf32>
  return %0 : tensor<12xf32>
}

// -----

func.func @result_drops_broadcast_dim(%x: tensor<?xf64>, %y: tensor<2x1xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'kiln.maximum' op expected to have a type compatible with 'tensor<2x?xf64>', got 'tensor<?xf64>'}}
  %0 = kiln.maximum %x, %y : (tensor<?xf64>, tensor<2x1xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

func.func @bool_result(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.sub' op result #0 must be ranked tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = kiln.sub %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @bool_rhs(%x: tensor<4xi32>, %y: tensor<4xi1>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.pow' op operand #1 must be ranked tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = kiln.pow %x, %y : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @unranked_operand(%x: tensor<*xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.add' op operand #0 must be ranked tensor of numeric values, but got 'tensor<*xf32>'}}
  %0 = kiln.add %x, %y : (tensor<*xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unsupported_element_type(%x: tensor<4xi4>, %y: tensor<4xi4>) -> tensor<4xi4> {
  // expected-error @+1 {{'kiln.minimum' op operand #0 must be ranked tensor of numeric values, but got 'tensor<4xi4>'}}
  %0 = kiln.minimum %x, %y : (tensor<4xi4>, tensor<4xi4>) -> tensor<4xi4>
  return %0 : tensor<4xi4>
}
