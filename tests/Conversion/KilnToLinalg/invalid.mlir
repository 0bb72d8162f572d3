// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg --verify-diagnostics %s

// Tests that a dynamic dimension is reported on the first op that has one.
func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'kiln.relu' op needs static shapes for code generation, got 'tensor<?x4xf32>'; give the feeds concrete shapes and run kiln-infer-shapes}}
  %0 = kiln.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that a dynamic result dimension is reported even when the operands
// are static.
func.func @dynamic_result(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{'kiln.matmul' op needs static shapes for code generation, got 'tensor<?x16xf32>'}}
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// Tests that a variable declaration is rejected as runtime state.
// expected-error @+1 {{'kiln.variable' op is runtime state, which code generation does not support yet}}
kiln.variable @w : tensor<4xf32>

// -----

// Tests that reading a variable is rejected as runtime state (the
// declaration comes after the function so the read is reported first).
func.func @read_variable() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.read_variable' op is runtime state, which code generation does not support yet}}
  %0 = kiln.read_variable @w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
kiln.variable @w : tensor<4xf32>

// -----

// Tests that assigning a variable is rejected as runtime state.
func.func @assign_variable(%v: tensor<i64>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op is runtime state, which code generation does not support yet}}
  kiln.assign_add_variable @step, %v : tensor<i64>
  return
}
kiln.variable @step : tensor<i64>

// -----

// Tests that random generators are rejected as runtime state.
func.func @random() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.random_normal' op is runtime state, which code generation does not support yet}}
  %0 = kiln.random_normal {seed = 1 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that unsigned element types are rejected.
func.func @unsigned(%x: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.relu' op has an unsigned element type, which code generation does not support yet: 'tensor<4xui8>'}}
  %0 = kiln.relu %x : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Tests that an unsigned result type is rejected too (a cast to ui8).
func.func @unsigned_cast(%x: tensor<4xi32>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.cast' op has an unsigned element type, which code generation does not support yet: 'tensor<4xui8>'}}
  %0 = kiln.cast %x : (tensor<4xi32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}
