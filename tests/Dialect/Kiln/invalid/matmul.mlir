// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank3_operand(%a: tensor<2x4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op expected rank-2 operands, got 'tensor<2x4x8xf32>' and 'tensor<8x3xf32>'}}
  %0 = kiln.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @rank1_operand(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.matmul' op expected rank-2 operands, got 'tensor<4x8xf32>' and 'tensor<8xf32>'}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mismatched_element_types(%a: tensor<4x8xf32>, %b: tensor<8x3xf16>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op expected a and b to have the same element type, got 'f32' and 'f16'}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x3xf16>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @contracting_mismatch(%a: tensor<4x8xf32>, %b: tensor<7x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op contracting dimensions differ: a has 8, b has 7}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<7x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @contracting_mismatch_transposed(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{'kiln.matmul' op contracting dimensions differ: a has 4, b has 3}}
  %0 = kiln.matmul %a, %b {transpose_a = true, transpose_b = true} : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @wrong_result_shape(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.matmul' op expected to have a type compatible with 'tensor<4x3xf32>', got 'tensor<3x4xf32>'}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @wrong_result_element_type(%a: tensor<4x8xi32>, %b: tensor<8x3xi32>) -> tensor<4x3xi64> {
  // expected-error @+1 {{'kiln.matmul' op expected to have a type compatible with 'tensor<4x3xi32>', got 'tensor<4x3xi64>'}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xi32>, tensor<8x3xi32>) -> tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}

// -----

func.func @bool_operands(%a: tensor<4x8xi1>, %b: tensor<8x3xi1>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'kiln.matmul' op operand #0 must be ranked tensor of numeric values}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xi1>, tensor<8x3xi1>) -> tensor<4x3xi1>
  return %0 : tensor<4x3xi1>
}
