// RUN: kiln-opt --split-input-file --kiln-expand-gradients --canonicalize --cse --kiln-split-step="keep-results=1 bucket-bytes=256" --verify-diagnostics %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-expand-gradients --canonicalize --cse --kiln-split-step="keep-results=1" --verify-diagnostics %s | FileCheck %s --check-prefix=ONE

// Tests that a two-layer network's step splits at the first bucket: the
// second layer's weight gradient (256 bytes, ranked first: it needs the
// least of the step) fills bucket 0, which segment 0 returns with the
// loss; segment 1 computes the rest from the logits' gradient and the
// hidden activation, which segment 0 returns as cuts and segment 1 takes
// as fed arguments after the step's own; the variable read segment 1
// needs is repeated there. The 64 bytes of b1's gradient left after the
// second bucket join it. Without bucket-bytes the step stays whole.
// CHECK-LABEL: func.func @main_segment0
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x8xf32> {kiln.feed = "x"}, %{{[^:]+}}: tensor<2xi32> {kiln.feed = "labels"})
// CHECK-SAME: -> (tensor<f32> {kiln.split_result = 0 : i64}, tensor<16x4xf32> {kiln.split_result = 3 : i64},
// CHECK-SAME: tensor<2x4xf32> {kiln.cut = "kiln_cut_0"}, tensor<2x16xf32> {kiln.cut = "kiln_cut_1"})
// CHECK: %[[H:.+]] = kiln.relu
// CHECK: %[[LOSS:.+]] = kiln.reduce_mean
// CHECK: %[[DLOGITS:.+]] = kiln.mul %backprop
// CHECK: %[[DW2:.+]] = kiln.matmul %[[H]], %[[DLOGITS]] {transpose_a = true}
// CHECK: return %[[LOSS]], %[[DW2]], %[[DLOGITS]], %[[H]]
// CHECK-LABEL: func.func @main_segment1
// CHECK-SAME: (%[[X1:[^:]+]]: tensor<2x8xf32> {kiln.feed = "x"}, %{{[^:]+}}: tensor<2xi32> {kiln.feed = "labels"},
// CHECK-SAME: %[[CUT0:[^:]+]]: tensor<2x4xf32> {kiln.feed = "kiln_cut_0"}, %[[CUT1:[^:]+]]: tensor<2x16xf32> {kiln.feed = "kiln_cut_1"})
// CHECK-SAME: -> (tensor<8x16xf32> {kiln.split_result = 1 : i64}, tensor<16xf32> {kiln.split_result = 2 : i64}, tensor<4xf32> {kiln.split_result = 4 : i64})
// CHECK-NOT: kiln.relu
// CHECK-DAG: %[[W2:.+]] = kiln.read_variable @w2
// CHECK-DAG: %[[DB2:.+]] = kiln.reduce_sum %[[CUT0]]
// CHECK-DAG: %[[DH:.+]] = kiln.matmul %[[CUT0]], %[[W2]] {transpose_b = true}
// CHECK-DAG: kiln.greater %[[CUT1]]
// CHECK: %[[DZ1:.+]] = kiln.mul %[[DH]]
// CHECK-DAG: %[[DB1:.+]] = kiln.reduce_sum %[[DZ1]]
// CHECK-DAG: %[[DW1:.+]] = kiln.matmul %[[X1]], %[[DZ1]] {transpose_a = true}
// CHECK: return %[[DW1]], %[[DB1]], %[[DB2]]
// CHECK-NOT: func.func @main
// ONE-NOT: func.func @main(
// ONE-LABEL: func.func @main_segment0
// ONE-SAME: -> (tensor<f32> {kiln.split_result = 0 : i64}, tensor<8x16xf32> {kiln.split_result = 1 : i64}, tensor<16xf32> {kiln.split_result = 2 : i64}, tensor<16x4xf32> {kiln.split_result = 3 : i64}, tensor<4xf32> {kiln.split_result = 4 : i64})
// ONE-NOT: kiln.cut
// ONE-NOT: func.func @main_segment1
kiln.variable trainable @w1 : tensor<8x16xf32>
kiln.variable trainable @b1 : tensor<16xf32>
kiln.variable trainable @w2 : tensor<16x4xf32>
kiln.variable trainable @b2 : tensor<4xf32>
func.func @main(%x: tensor<2x8xf32> {kiln.feed = "x"}, %labels: tensor<2xi32> {kiln.feed = "labels"}) -> (tensor<f32>, tensor<8x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) {
  %w1 = kiln.read_variable @w1 : tensor<8x16xf32>
  %b1 = kiln.read_variable @b1 : tensor<16xf32>
  %w2 = kiln.read_variable @w2 : tensor<16x4xf32>
  %b2 = kiln.read_variable @b2 : tensor<4xf32>
  %0 = kiln.matmul %x, %w1 : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
  %1 = kiln.bias_add %0, %b1 : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  %2 = kiln.relu %1 : tensor<2x16xf32>
  %3 = kiln.matmul %2, %w2 : (tensor<2x16xf32>, tensor<16x4xf32>) -> tensor<2x4xf32>
  %4 = kiln.bias_add %3, %b2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %loss, %backprop = kiln.sparse_softmax_cross_entropy_with_logits %4, %labels : (tensor<2x4xf32>, tensor<2xi32>) -> (tensor<2xf32>, tensor<2x4xf32>)
  %m = kiln.reduce_mean %loss {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  %g:4 = kiln.gradients %m wrt %w1, %b1, %w2, %b2 : tensor<f32>, (tensor<8x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> (tensor<8x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>)
  return %m, %g#0, %g#1, %g#2, %g#3 : tensor<f32>, tensor<8x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>
}

// -----

// Tests that a gradient a segment already computes is returned there (the
// second copy of dw, ranked into a bucket of its own, leaves no third
// segment), and that a constant gradient (zeros for a variable the loss
// does not use; ranked first, needing nothing) is returned by the segment
// of its bucket with the constant repeated there. The relu's output
// crosses to segment 1, which recomputes its mask from it.
// CHECK-LABEL: func.func @main_segment0
// CHECK-SAME: -> (tensor<f32> {kiln.split_result = 0 : i64}, tensor<8x8xf32> {kiln.split_result = 2 : i64}, tensor<5x8xf32> {kiln.cut = "kiln_cut_0"})
// CHECK: %[[ZEROS:.+]] = kiln.constant dense<0.000000e+00> : tensor<8x8xf32>
// CHECK: %[[H:.+]] = kiln.relu
// CHECK: return %{{.+}}, %[[ZEROS]], %[[H]]
// CHECK-LABEL: func.func @main_segment1
// CHECK-SAME: %[[CUT:[^:]+]]: tensor<5x8xf32> {kiln.feed = "kiln_cut_0"})
// CHECK-SAME: -> (tensor<16x8xf32> {kiln.split_result = 1 : i64}, tensor<16x8xf32> {kiln.split_result = 3 : i64})
// CHECK: kiln.greater %[[CUT]]
// CHECK: %[[DW:.+]] = kiln.matmul
// CHECK: return %[[DW]], %[[DW]]
// CHECK-NOT: func.func
kiln.variable trainable @w : tensor<16x8xf32>
kiln.variable trainable @unused : tensor<8x8xf32>
func.func @main(%x: tensor<5x16xf32> {kiln.feed = "x"}) -> (tensor<f32>, tensor<16x8xf32>, tensor<8x8xf32>, tensor<16x8xf32>) {
  %w = kiln.read_variable @w : tensor<16x8xf32>
  %u = kiln.read_variable @unused : tensor<8x8xf32>
  %0 = kiln.matmul %x, %w : (tensor<5x16xf32>, tensor<16x8xf32>) -> tensor<5x8xf32>
  %1 = kiln.relu %0 : tensor<5x8xf32>
  %m = kiln.reduce_sum %1 {axes = array<i64: 0, 1>} : (tensor<5x8xf32>) -> tensor<f32>
  %g:2 = kiln.gradients %m wrt %w, %u : tensor<f32>, (tensor<16x8xf32>, tensor<8x8xf32>) -> (tensor<16x8xf32>, tensor<8x8xf32>)
  return %m, %g#0, %g#1, %g#0 : tensor<f32>, tensor<16x8xf32>, tensor<8x8xf32>, tensor<16x8xf32>
}

// -----

// Tests that a step with ops that write memory (a random generator, a
// variable update no result depends on) stays one segment, with every op,
// whatever the buckets.
// CHECK-LABEL: func.func @main_segment0
// CHECK-SAME: -> (tensor<f32> {kiln.split_result = 0 : i64}, tensor<64x8xf32> {kiln.split_result = 1 : i64}, tensor<8x8xf32> {kiln.split_result = 2 : i64})
// CHECK: kiln.assign_add_variable @count
// CHECK: kiln.random_uniform
// CHECK-NOT: func.func
kiln.variable trainable @a : tensor<64x8xf32>
kiln.variable trainable @b : tensor<8x8xf32>
kiln.variable @count : tensor<i64>
func.func @main(%x: tensor<8x64xf32> {kiln.feed = "x"}) -> (tensor<f32>, tensor<64x8xf32>, tensor<8x8xf32>) {
  %one = kiln.constant dense<1> : tensor<i64>
  kiln.assign_add_variable @count, %one : tensor<i64>
  %a = kiln.read_variable @a : tensor<64x8xf32>
  %b = kiln.read_variable @b : tensor<8x8xf32>
  %noise = kiln.random_uniform {seed = 1 : i64, seed2 = 2 : i64} : tensor<8x8xf32>
  %0 = kiln.matmul %x, %a : (tensor<8x64xf32>, tensor<64x8xf32>) -> tensor<8x8xf32>
  %1 = kiln.mul %0, %noise : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %2 = kiln.matmul %1, %b : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %m = kiln.reduce_sum %2 {axes = array<i64: 0, 1>} : (tensor<8x8xf32>) -> tensor<f32>
  %g:2 = kiln.gradients %m wrt %a, %b : tensor<f32>, (tensor<64x8xf32>, tensor<8x8xf32>) -> (tensor<64x8xf32>, tensor<8x8xf32>)
  return %m, %g#0, %g#1 : tensor<f32>, tensor<64x8xf32>, tensor<8x8xf32>
}

// -----

// expected-error @+1 {{no step function 'main' to split}}
module {
  func.func @other() {
    return
  }
}

// -----

// expected-error @+1 {{keep-results is 1 but the step has 0 results}}
func.func @main() {
  return
}
