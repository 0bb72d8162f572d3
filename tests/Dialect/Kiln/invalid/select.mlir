// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @non_bool_condition(%c: tensor<4xi32>, %t: tensor<4xf32>, %f: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xi32>'}}
  %0 = kiln.select %c, %t, %f : (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @float_condition(%c: tensor<f32>, %t: tensor<4xf32>, %f: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<f32>'}}
  %0 = kiln.select %c, %t, %f : (tensor<f32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mismatched_value_types(%c: tensor<4xi1>, %t: tensor<4xf32>, %f: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op expected on_true and on_false to have the same element type, got 'f32' and 'i32'}}
  %0 = kiln.select %c, %t, %f : (tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @values_not_broadcastable(%c: tensor<i1>, %t: tensor<4xf32>, %f: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op shapes [4] and [3] are not broadcast-compatible}}
  %0 = kiln.select %c, %t, %f : (tensor<i1>, tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The message names the condition's shape and the values' broadcast shape.
func.func @condition_not_broadcastable(%c: tensor<2xi1>, %t: tensor<4x3xf32>, %f: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.select' op condition of type 'tensor<2xi1>' does not broadcast with values 'tensor<4x3xf32>' and 'tensor<3xf32>'}}
  %0 = kiln.select %c, %t, %f : (tensor<2xi1>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @wrong_result_shape(%c: tensor<4x1xi1>, %t: tensor<3xf32>, %f: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.select' op expected to have a type compatible with 'tensor<4x3xf32>', got 'tensor<3xf32>'}}
  %0 = kiln.select %c, %t, %f : (tensor<4x1xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @wrong_result_element_type(%c: tensor<4xi1>, %t: tensor<4xi64>, %f: tensor<4xi64>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.select' op expected to have a type compatible with 'tensor<4xi64>', got 'tensor<4xi32>'}}
  %0 = kiln.select %c, %t, %f : (tensor<4xi1>, tensor<4xi64>, tensor<4xi64>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @result_is_condition_type(%c: tensor<4xi1>, %t: tensor<4xf32>, %f: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.select' op expected to have a type compatible with 'tensor<4xf32>', got 'tensor<4xi1>'}}
  %0 = kiln.select %c, %t, %f : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
