// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @rank1_features(%f: tensor<10xf32>, %l: tensor<10xi32>) -> (tensor<10xf32>, tensor<10xf32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op expected features of shape [batch, classes], got 'tensor<10xf32>'}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<10xf32>, tensor<10xi32>) -> (tensor<10xf32>, tensor<10xf32>)
  return %loss, %grad : tensor<10xf32>, tensor<10xf32>
}

// -----

func.func @rank2_labels(%f: tensor<32x10xf32>, %l: tensor<32x1xi32>) -> (tensor<32xf32>, tensor<32x10xf32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op expected labels of shape [batch], got 'tensor<32x1xi32>'}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<32x1xi32>) -> (tensor<32xf32>, tensor<32x10xf32>)
  return %loss, %grad : tensor<32xf32>, tensor<32x10xf32>
}

// -----

func.func @batch_mismatch(%f: tensor<32x10xf32>, %l: tensor<16xi64>) -> (tensor<32xf32>, tensor<32x10xf32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op features have batch size 32 but labels have 16}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<16xi64>) -> (tensor<32xf32>, tensor<32x10xf32>)
  return %loss, %grad : tensor<32xf32>, tensor<32x10xf32>
}

// -----

func.func @int_features(%f: tensor<32x10xi32>, %l: tensor<32xi32>) -> (tensor<32xi32>, tensor<32x10xi32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op operand #0 must be ranked tensor of floating-point values}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xi32>, tensor<32xi32>) -> (tensor<32xi32>, tensor<32x10xi32>)
  return %loss, %grad : tensor<32xi32>, tensor<32x10xi32>
}

// -----

func.func @float_labels(%f: tensor<32x10xf32>, %l: tensor<32xf32>) -> (tensor<32xf32>, tensor<32x10xf32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<32xf32>) -> (tensor<32xf32>, tensor<32x10xf32>)
  return %loss, %grad : tensor<32xf32>, tensor<32x10xf32>
}

// -----

func.func @wrong_loss_type(%f: tensor<32x10xf32>, %l: tensor<32xi32>) -> (tensor<32x10xf32>, tensor<32x10xf32>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op expected result #0 to have a type compatible with 'tensor<32xf32>', got 'tensor<32x10xf32>'}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<32xi32>) -> (tensor<32x10xf32>, tensor<32x10xf32>)
  return %loss, %grad : tensor<32x10xf32>, tensor<32x10xf32>
}

// -----

func.func @wrong_backprop_element_type(%f: tensor<32x10xf32>, %l: tensor<32xi32>) -> (tensor<32xf32>, tensor<32x10xf64>) {
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op expected result #1 to have a type compatible with 'tensor<32x10xf32>', got 'tensor<32x10xf64>'}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l : (tensor<32x10xf32>, tensor<32xi32>) -> (tensor<32xf32>, tensor<32x10xf64>)
  return %loss, %grad : tensor<32xf32>, tensor<32x10xf64>
}
