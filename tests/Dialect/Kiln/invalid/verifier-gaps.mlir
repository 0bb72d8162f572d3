// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Invalid inputs that the verifiers accept today. Each case states the
// diagnostic a fixed verifier should give.

// 12 elements cannot fill a shape whose static dimensions multiply to 5: the
// dynamic dimension would have to be 12 / 5.
func.func @reshape_not_divisible(%x: tensor<4x3xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape a tensor of 12 elements into 'tensor<?x5xf32>'}}
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// 12 elements cannot fill a shape with a static 0 dimension.
func.func @reshape_into_zero(%x: tensor<4x3xf32>) -> tensor<?x0xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape a tensor of 12 elements into 'tensor<?x0xf32>'}}
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<?x0xf32>
  return %0 : tensor<?x0xf32>
}

// -----

// The op is documented to hold a dense (or splat) elements attribute.
func.func @sparse_constant() -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.constant' op}}
  %0 = "kiln.constant"() <{value = sparse<[[0]], [1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
