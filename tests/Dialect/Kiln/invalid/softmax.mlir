// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @softmax_rank0(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.softmax' op expected logits of rank at least 1, got 'tensor<f32>'}}
  %0 = kiln.softmax %x : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @log_softmax_rank0(%x: tensor<f64>) -> tensor<f64> {
  // expected-error @+1 {{'kiln.log_softmax' op expected logits of rank at least 1, got 'tensor<f64>'}}
  %0 = kiln.log_softmax %x : tensor<f64>
  return %0 : tensor<f64>
}

// -----

func.func @softmax_int(%x: tensor<4x10xi32>) -> tensor<4x10xi32> {
  // expected-error @+1 {{'kiln.softmax' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.softmax %x : tensor<4x10xi32>
  return %0 : tensor<4x10xi32>
}

// -----

func.func @log_softmax_int(%x: tensor<10xi64>) -> tensor<10xi64> {
  // expected-error @+1 {{'kiln.log_softmax' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.log_softmax %x : tensor<10xi64>
  return %0 : tensor<10xi64>
}

// -----

func.func @result_type_differs(%x: tensor<4x10xf32>) -> tensor<4x10xf16> {
  // expected-error @+1 {{'kiln.softmax' op failed to verify that all of {logits, output} have same type}}
  %0 = "kiln.softmax"(%x) : (tensor<4x10xf32>) -> tensor<4x10xf16>
  return %0 : tensor<4x10xf16>
}
