// RUN: kiln-opt --split-input-file --kiln-import-cleanup-pipeline %s | FileCheck %s

// Tests that shapes are refined, that a reshape which becomes an identity once
// both sides are static is then folded away, and that duplicate constants and
// ops are merged.
// CHECK-LABEL: func.func @cleanup
// CHECK-SAME: (%[[X:.+]]: tensor<32x784xf32>, %[[W:.+]]: tensor<784x200xf32>)
// CHECK-SAME: -> (tensor<32x200xf32>, tensor<32x200xf32>)
// CHECK: %[[B:.+]] = kiln.constant dense<0.000000e+00> : tensor<200xf32>
// CHECK-NOT: kiln.constant
// CHECK: %[[M:.+]] = kiln.matmul %[[X]], %[[W]] : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<32x200xf32>
// CHECK: %[[Y:.+]] = kiln.bias_add %[[M]], %[[B]] : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
// CHECK-NOT: kiln.matmul
// CHECK-NOT: kiln.bias_add
// CHECK-NOT: kiln.reshape
// CHECK-NOT: kiln.transpose
// CHECK: return %[[Y]], %[[Y]]
func.func @cleanup(%x: tensor<32x784xf32>, %w: tensor<784x200xf32>) -> (tensor<32x200xf32>, tensor<?x200xf32>) {
  %c = kiln.constant dense<0.0> : tensor<200xf32>
  %c2 = kiln.constant dense<0.0> : tensor<200xf32>
  %0 = kiln.matmul %x, %w : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<?x200xf32>
  %1 = kiln.bias_add %0, %c : (tensor<?x200xf32>, tensor<200xf32>) -> tensor<?x200xf32>
  %2 = kiln.reshape %1 : (tensor<?x200xf32>) -> tensor<32x200xf32>
  %3 = kiln.matmul %x, %w : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<?x200xf32>
  %4 = kiln.bias_add %3, %c2 : (tensor<?x200xf32>, tensor<200xf32>) -> tensor<?x200xf32>
  %5 = kiln.transpose %4 {perm = array<i64: 0, 1>} : (tensor<?x200xf32>) -> tensor<?x200xf32>
  return %2, %5 : tensor<32x200xf32>, tensor<?x200xf32>
}

// -----

// Tests that constants fold before shape inference, so that a reshape and a
// transpose of constants leave only the folded constant.
// CHECK-LABEL: func.func @fold_constants
// CHECK-SAME: -> tensor<3x2xi32>
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NOT: kiln.transpose
// CHECK-NOT: kiln.reshape
// CHECK: return %[[C]]
func.func @fold_constants() -> tensor<3x2xi32> {
  %c = kiln.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
  %0 = kiln.reshape %c : (tensor<6xi32>) -> tensor<2x3xi32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %1 : tensor<3x2xi32>
}

// -----

// Tests that a transpose pair whose identity composition is hidden by dynamic
// result types cancels once shape inference makes them static, and that the
// add of zero folds away.
// CHECK-LABEL: func.func @fold_after_inference
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-SAME: -> tensor<4x8xf32>
// CHECK-NOT: kiln.
// CHECK: return %[[X]] : tensor<4x8xf32>
func.func @fold_after_inference(%x: tensor<4x8xf32>) -> tensor<?x?xf32> {
  %zero = kiln.constant dense<0.0> : tensor<4x8xf32>
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<?x?xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = kiln.add %1, %zero : (tensor<?x?xf32>, tensor<4x8xf32>) -> tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}

// -----

// Tests that stateful ops survive the pipeline: generators are not merged and
// reads are not moved across assignments.
// CHECK-LABEL: func.func @state_kept
// CHECK: kiln.random_normal {seed = 1 : i64} : tensor<2xf32>
// CHECK: kiln.random_normal {seed = 1 : i64} : tensor<2xf32>
// CHECK: kiln.read_variable @v
// CHECK: kiln.assign_variable @v
// CHECK: kiln.read_variable @v
kiln.variable @v : tensor<2xf32>
func.func @state_kept() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = kiln.random_normal {seed = 1 : i64} : tensor<2xf32>
  %1 = kiln.random_normal {seed = 1 : i64} : tensor<2xf32>
  %2 = kiln.read_variable @v : tensor<2xf32>
  kiln.assign_variable @v, %0 : tensor<2xf32>
  %3 = kiln.read_variable @v : tensor<2xf32>
  return %1, %0, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
