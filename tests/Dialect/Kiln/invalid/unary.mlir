// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @sigmoid_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.sigmoid' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = kiln.sigmoid %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @tanh_int(%x: tensor<2x3xi8>) -> tensor<2x3xi8> {
  // expected-error @+1 {{'kiln.tanh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<2x3xi8>'}}
  %0 = kiln.tanh %x : tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @exp_int(%x: tensor<i64>) -> tensor<i64> {
  // expected-error @+1 {{'kiln.exp' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<i64>'}}
  %0 = kiln.exp %x : tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @log_unsigned(%x: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.log' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xui8>'}}
  %0 = kiln.log %x : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @sqrt_int(%x: tensor<?xi16>) -> tensor<?xi16> {
  // expected-error @+1 {{'kiln.sqrt' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<?xi16>'}}
  %0 = kiln.sqrt %x : tensor<?xi16>
  return %0 : tensor<?xi16>
}

// -----

func.func @rsqrt_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.rsqrt' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi1>'}}
  %0 = kiln.rsqrt %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @relu_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.relu' op operand #0 must be ranked tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = kiln.relu %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @neg_bool(%x: tensor<i1>) -> tensor<i1> {
  // expected-error @+1 {{'kiln.neg' op operand #0 must be ranked tensor of numeric values, but got 'tensor<i1>'}}
  %0 = kiln.neg %x : tensor<i1>
  return %0 : tensor<i1>
}

// -----

func.func @abs_unsupported_width(%x: tensor<4xi4>) -> tensor<4xi4> {
  // expected-error @+1 {{'kiln.abs' op operand #0 must be ranked tensor of numeric values, but got 'tensor<4xi4>'}}
  %0 = kiln.abs %x : tensor<4xi4>
  return %0 : tensor<4xi4>
}

// -----

func.func @square_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.square' op operand #0 must be ranked tensor of numeric values, but got 'tensor<*xf32>'}}
  %0 = "kiln.square"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @result_element_type_differs(%x: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{'kiln.relu' op failed to verify that all of {x, y} have same type}}
  %0 = "kiln.relu"(%x) : (tensor<4xf32>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

func.func @result_shape_differs(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'kiln.neg' op failed to verify that all of {x, y} have same type}}
  %0 = "kiln.neg"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @result_less_static(%x: tensor<4xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.exp' op failed to verify that all of {x, y} have same type}}
  %0 = "kiln.exp"(%x) : (tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @result_float_to_int(%x: tensor<4xf16>) -> tensor<4xi16> {
  // expected-error @+1 {{'kiln.abs' op failed to verify that all of {x, y} have same type}}
  %0 = "kiln.abs"(%x) : (tensor<4xf16>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

func.func @floor_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.floor' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = kiln.floor %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @sin_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.sin' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi1>'}}
  %0 = kiln.sin %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @sign_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.sign' op operand #0 must be ranked tensor of}}
  %0 = kiln.sign %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @round_type_mismatch(%x: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{}}
  %0 = "kiln.round"(%x) : (tensor<4xf32>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}
