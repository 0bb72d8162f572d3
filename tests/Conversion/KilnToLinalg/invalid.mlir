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

// Tests that a variable left un-externalized is rejected with the pass to run.
// expected-error @+1 {{'kiln.variable' op accesses a variable; run kiln-externalize-variables first, which gives the step its variables' buffers}}
kiln.variable @w : tensor<4xf32>

// -----

// Tests that reading a variable is rejected before externalization (the
// declaration comes after the function so the read is reported first).
func.func @read_variable() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.read_variable' op accesses a variable; run kiln-externalize-variables first, which gives the step its variables' buffers}}
  %0 = kiln.read_variable @w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
kiln.variable @w : tensor<4xf32>

// -----

// Tests that assigning a variable is rejected before externalization.
func.func @assign_variable(%v: tensor<i64>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op accesses a variable; run kiln-externalize-variables first, which gives the step its variables' buffers}}
  kiln.assign_add_variable @step, %v : tensor<i64>
  return
}
kiln.variable @step : tensor<i64>


// -----

// Tests that a fusion left in place is reported: kernels lower as the
// functions kiln-outline-fusions makes of them.
func.func @fusion_not_outlined(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.fusion' op is a kernel; run kiln-outline-fusions first, which moves it into a function of its own}}
  %0 = kiln.fusion "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %e = kiln.exp %a : tensor<4xf32>
    %n = kiln.neg %e : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
