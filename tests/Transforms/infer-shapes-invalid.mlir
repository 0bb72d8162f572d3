// RUN: kiln-opt --split-input-file --kiln-infer-shapes --verify-diagnostics %s

// A batch of 32 reaches an add with a batch of 16 once the matmul's dynamic
// batch is refined.
func.func @add_batch_conflict(%x: tensor<32x4xf32>, %w: tensor<4x4xf32>, %y: tensor<16x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'kiln.add' op shapes [32, 4] and [16, 4] are not broadcast-compatible}}
  %1 = kiln.add %0, %y : (tensor<?x4xf32>, tensor<16x4xf32>) -> tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}

// -----

// The conflict is found two ops downstream of the refined value.
func.func @conflict_downstream(%x: tensor<32x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>, %y: tensor<16x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %1 = kiln.bias_add %0, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %2 = kiln.relu %1 : tensor<?x4xf32>
  // expected-error @+1 {{'kiln.sub' op shapes [32, 4] and [16, 4] are not broadcast-compatible}}
  %3 = kiln.sub %2, %y : (tensor<?x4xf32>, tensor<16x4xf32>) -> tensor<?x4xf32>
  return %3 : tensor<?x4xf32>
}

// -----

// A result declared with a static size that the refined operands contradict.
func.func @declared_result_conflict(%x: tensor<32x4xf32>, %w: tensor<4x4xf32>, %y: tensor<1x4xf32>) -> tensor<16x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'kiln.add' op expected result #0 to have a type compatible with 'tensor<32x4xf32>' after shape refinement, got 'tensor<16x4xf32>'}}
  %1 = kiln.add %0, %y : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<16x4xf32>
  return %1 : tensor<16x4xf32>
}

// -----

// A reshape whose operand turns out to have a different number of elements.
func.func @reshape_conflict(%x: tensor<32x4xf32>, %w: tensor<4x4xf32>) -> tensor<3x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'kiln.reshape' op cannot reshape a tensor of 128 elements into 'tensor<3x4xf32>'}}
  %1 = kiln.reshape %0 : (tensor<?x4xf32>) -> tensor<3x4xf32>
  return %1 : tensor<3x4xf32>
}

// -----

// Features and labels disagree on the batch once the features are refined.
func.func @xent_batch_conflict(%x: tensor<32x10xf32>, %w: tensor<10x10xf32>, %l: tensor<16xi32>) -> tensor<?xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x10xf32>, tensor<10x10xf32>) -> tensor<?x10xf32>
  // expected-error @+1 {{'kiln.sparse_softmax_cross_entropy_with_logits' op features have batch size 32 but labels have 16}}
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %0, %l : (tensor<?x10xf32>, tensor<16xi32>) -> (tensor<?xf32>, tensor<?x10xf32>)
  return %loss : tensor<?xf32>
}

// -----

// Concat inputs disagree outside the axis once the first is refined.
func.func @concat_conflict(%x: tensor<32x10xf32>, %w: tensor<10x10xf32>, %y: tensor<16x3xf32>) -> tensor<?x13xf32> {
  %0 = kiln.matmul %x, %w : (tensor<32x10xf32>, tensor<10x10xf32>) -> tensor<?x10xf32>
  // expected-error @+1 {{'kiln.concat' op input 1 has size 16 in dimension 0, expected 32}}
  %1 = kiln.concat %0, %y {axis = 1 : i64} : (tensor<?x10xf32>, tensor<16x3xf32>) -> tensor<?x13xf32>
  return %1 : tensor<?x13xf32>
}

// -----

// A transposed refined value meets a matmul with a mismatched contraction.
func.func @matmul_conflict(%a: tensor<6x4xf32>, %b: tensor<4x6xf32>, %c: tensor<5x2xf32>) -> tensor<?x2xf32> {
  %0 = kiln.matmul %a, %b : (tensor<6x4xf32>, tensor<4x6xf32>) -> tensor<?x?xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // expected-error @+1 {{'kiln.matmul' op contracting dimensions differ: a has 6, b has 5}}
  %2 = kiln.matmul %1, %c : (tensor<?x?xf32>, tensor<5x2xf32>) -> tensor<?x2xf32>
  return %2 : tensor<?x2xf32>
}
