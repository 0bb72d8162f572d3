// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @size_changes(%x: tensor<4xf32>) -> tensor<5xi32> {
  // expected-error @+1 {{'kiln.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = kiln.cast %x : (tensor<4xf32>) -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

func.func @rank_changes(%x: tensor<2x2xi8>) -> tensor<4xf16> {
  // expected-error @+1 {{'kiln.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = kiln.cast %x : (tensor<2x2xi8>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @scalar_to_vector(%x: tensor<f64>) -> tensor<1xf64> {
  // expected-error @+1 {{'kiln.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = kiln.cast %x : (tensor<f64>) -> tensor<1xf64>
  return %0 : tensor<1xf64>
}

// -----

func.func @dynamic_keeps_static_dims(%x: tensor<?x3xf32>) -> tensor<?x4xi1> {
  // expected-error @+1 {{'kiln.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = kiln.cast %x : (tensor<?x3xf32>) -> tensor<?x4xi1>
  return %0 : tensor<?x4xi1>
}

// -----

func.func @unsupported_result_type(%x: tensor<4xf32>) -> tensor<4xi4> {
  // expected-error @+1 {{'kiln.cast' op result #0 must be ranked tensor of TensorFlow dtype values, but got 'tensor<4xi4>'}}
  %0 = kiln.cast %x : (tensor<4xf32>) -> tensor<4xi4>
  return %0 : tensor<4xi4>
}

// -----

func.func @unsupported_operand_type(%x: tensor<4xui4>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.cast' op operand #0 must be ranked tensor of TensorFlow dtype values, but got 'tensor<4xui4>'}}
  %0 = kiln.cast %x : (tensor<4xui4>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
