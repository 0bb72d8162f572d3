// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @repeated_index(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.transpose' op perm [0, 0] is not a permutation of [0, 2)}}
  %0 = kiln.transpose %x {perm = array<i64: 0, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @index_out_of_range(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.transpose' op perm [1, 2] is not a permutation of [0, 2)}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 2>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_index(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.transpose' op perm [-1, 0] is not a permutation of [0, 2)}}
  %0 = kiln.transpose %x {perm = array<i64: -1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @too_long(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.transpose' op expected perm of 2 values, got [1, 0, 2]}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @too_short(%x: tensor<2x4x3xf32>) -> tensor<3x4x2xf32> {
  // expected-error @+1 {{'kiln.transpose' op expected perm of 3 values, got [1, 0]}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x4x3xf32>) -> tensor<3x4x2xf32>
  return %0 : tensor<3x4x2xf32>
}

// -----

func.func @wrong_result_shape(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.transpose' op expected to have a type compatible with 'tensor<3x4xf32>', got 'tensor<4x3xf32>'}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @wrong_result_element_type(%x: tensor<4x3xf32>) -> tensor<3x4xf64> {
  // expected-error @+1 {{'kiln.transpose' op expected to have a type compatible with 'tensor<3x4xf32>', got 'tensor<3x4xf64>'}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf64>
  return %0 : tensor<3x4xf64>
}

// -----

func.func @wrong_result_rank(%x: tensor<?x3xf32>) -> tensor<3x?x1xf32> {
  // expected-error @+1 {{'kiln.transpose' op expected to have a type compatible with 'tensor<3x?xf32>', got 'tensor<3x?x1xf32>'}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<?x3xf32>) -> tensor<3x?x1xf32>
  return %0 : tensor<3x?x1xf32>
}

// -----

func.func @missing_perm(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.transpose' op requires attribute 'perm'}}
  %0 = kiln.transpose %x : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
