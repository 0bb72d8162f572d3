// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @slice_out_of_bounds(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.slice' op dimension 1: [3, 6) is outside [0, 5)}}
  %0 = kiln.slice %x {begin = array<i64: 0, 3>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @slice_rank(%x: tensor<4x5xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.slice' op needs one begin per dimension of 'tensor<4x5xf32>' and a result of the same rank, got 2 and 'tensor<2xf32>'}}
  %0 = kiln.slice %x {begin = array<i64: 0, 0>} : (tensor<4x5xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reverse_axis(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'kiln.reverse' op axis 2 is out of range for rank 2}}
  %0 = kiln.reverse %x {axes = array<i64: 2>} : tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @reverse_twice(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'kiln.reverse' op reverses axis 0 twice}}
  %0 = kiln.reverse %x {axes = array<i64: 0, 0>} : tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
