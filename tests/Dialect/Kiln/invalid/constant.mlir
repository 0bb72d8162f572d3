// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @value_type_differs() -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "kiln.constant"() <{value = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @value_shape_differs() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "kiln.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unsupported_element_type() -> tensor<2xi4> {
  // expected-error @+1 {{'kiln.constant' op result #0 must be ranked tensor of TensorFlow dtype values, but got 'tensor<2xi4>'}}
  %0 = kiln.constant dense<[1, 2]> : tensor<2xi4>
  return %0 : tensor<2xi4>
}

// -----

func.func @missing_value() -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.constant' op requires attribute 'value'}}
  %0 = "kiln.constant"() : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
