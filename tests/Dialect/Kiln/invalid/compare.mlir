// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @non_bool_result(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.less' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = kiln.less %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @integer_result(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.equal' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xi32>'}}
  %0 = kiln.equal %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @less_on_bool(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.less' op operand #0 must be ranked tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = kiln.less %x, %y : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @greater_on_bool(%x: tensor<4xf32>, %y: tensor<i1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.greater' op operand #1 must be ranked tensor of numeric values, but got 'tensor<i1>'}}
  %0 = kiln.greater %x, %y : (tensor<4xf32>, tensor<i1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @mismatched_element_types(%x: tensor<4xf32>, %y: tensor<4xf64>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.equal' op expected lhs and rhs to have the same element type, got 'f32' and 'f64'}}
  %0 = kiln.equal %x, %y : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @bool_against_int(%x: tensor<4xi1>, %y: tensor<4xi8>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.equal' op expected lhs and rhs to have the same element type, got 'i1' and 'i8'}}
  %0 = kiln.equal %x, %y : (tensor<4xi1>, tensor<4xi8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @not_broadcastable(%x: tensor<4x3xi64>, %y: tensor<4xi64>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'kiln.greater' op shapes [4, 3] and [4] are not broadcast-compatible}}
  %0 = kiln.greater %x, %y : (tensor<4x3xi64>, tensor<4xi64>) -> tensor<4x3xi1>
  return %0 : tensor<4x3xi1>
}

// -----

func.func @wrong_result_shape(%x: tensor<4x1xf16>, %y: tensor<3xf16>) -> tensor<4x4xi1> {
  // expected-error @+1 {{'kiln.less' op expected to have a type compatible with 'tensor<4x3xi1>', got 'tensor<4x4xi1>'}}
  %0 = kiln.less %x, %y : (tensor<4x1xf16>, tensor<3xf16>) -> tensor<4x4xi1>
  return %0 : tensor<4x4xi1>
}

// -----

func.func @result_not_broadcast(%x: tensor<ui8>, %y: tensor<5xui8>) -> tensor<i1> {
  // expected-error @+1 {{'kiln.equal' op expected to have a type compatible with 'tensor<5xi1>', got 'tensor<i1>'}}
  %0 = kiln.equal %x, %y : (tensor<ui8>, tensor<5xui8>) -> tensor<i1>
  return %0 : tensor<i1>
}
