// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank1_predictions(%p: tensor<10xf32>, %t: tensor<10xi32>) -> tensor<10xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op expected predictions of shape [batch, classes], got 'tensor<10xf32>'}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<10xf32>, tensor<10xi32>) -> tensor<10xi1>
  return %0 : tensor<10xi1>
}

// -----

func.func @rank2_targets(%p: tensor<32x10xf32>, %t: tensor<32x1xi32>) -> tensor<32xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op expected targets of shape [batch], got 'tensor<32x1xi32>'}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<32x1xi32>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

func.func @negative_k(%p: tensor<32x10xf32>, %t: tensor<32xi32>) -> tensor<32xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op expected non-negative k, got -1}}
  %0 = kiln.in_top_k %p, %t {k = -1 : i64} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

func.func @batch_mismatch(%p: tensor<32x10xf32>, %t: tensor<16xi64>) -> tensor<32xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op predictions have batch size 32 but targets have 16}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<16xi64>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

func.func @int_predictions(%p: tensor<32x10xi32>, %t: tensor<32xi32>) -> tensor<32xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xi32>, tensor<32xi32>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

func.func @float_targets(%p: tensor<32x10xf32>, %t: tensor<32xf32>) -> tensor<32xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<32xf32>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

func.func @non_bool_result(%p: tensor<32x10xf32>, %t: tensor<32xi32>) -> tensor<32xi32> {
  // expected-error @+1 {{'kiln.in_top_k' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<32xi32>
  return %0 : tensor<32xi32>
}

// -----

func.func @wrong_result_shape(%p: tensor<32x10xf32>, %t: tensor<32xi32>) -> tensor<10xi1> {
  // expected-error @+1 {{'kiln.in_top_k' op expected to have a type compatible with 'tensor<32xi1>', got 'tensor<10xi1>'}}
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<10xi1>
  return %0 : tensor<10xi1>
}
