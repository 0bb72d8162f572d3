// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that the identity permutation is removed.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.+]]: tensor<4x3x2xf32>)
// CHECK-NOT: kiln.transpose
// CHECK: return %[[X]]
func.func @identity(%x: tensor<4x3x2xf32>) -> tensor<4x3x2xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<4x3x2xf32>) -> tensor<4x3x2xf32>
  return %0 : tensor<4x3x2xf32>
}

// -----

// Tests that an identity permutation to a less static type is kept.
// CHECK-LABEL: func.func @identity_less_static
// CHECK: kiln.transpose %{{.+}} {perm = array<i64: 0, 1>} : (tensor<4x3xf32>) -> tensor<?x3xf32>
func.func @identity_less_static(%x: tensor<4x3xf32>) -> tensor<?x3xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 0, 1>} : (tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that a transpose of a transpose becomes one transpose with the
// composed permutation (r[i] = p[q[i]]).
// CHECK-LABEL: func.func @compose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.+]] = kiln.transpose %[[X]] {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[T]]
func.func @compose(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 0, 2, 1>} : (tensor<3x4x2xf32>) -> tensor<3x2x4xf32>
  return %1 : tensor<3x2x4xf32>
}

// -----

// Tests that two transposes whose composition is the identity cancel.
// CHECK-LABEL: func.func @cancel
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: kiln.transpose
// CHECK: return %[[X]]
func.func @cancel(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Tests that a matrix transposed twice cancels to the input.
// CHECK-LABEL: func.func @cancel_matrix
// CHECK-SAME: (%[[X:.+]]: tensor<784x200xf32>)
// CHECK-NOT: kiln.transpose
// CHECK: return %[[X]]
func.func @cancel_matrix(%x: tensor<784x200xf32>) -> tensor<784x200xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<784x200xf32>) -> tensor<200x784xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0>} : (tensor<200x784xf32>) -> tensor<784x200xf32>
  return %1 : tensor<784x200xf32>
}

// -----

// Tests that a small constant matrix is transposed at compile time.
// CHECK-LABEL: func.func @fold_matrix
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[C]]
func.func @fold_matrix() -> tensor<3x2xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = kiln.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// Tests constant folding of a rank-3 permutation: y[i][j][k] = x[k][i][j].
// CHECK-LABEL: func.func @fold_rank3
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}{{\[}}[1.000000e+00, 7.000000e+00], [2.000000e+00, 8.000000e+00]], {{\[}}[3.000000e+00, 9.000000e+00], [4.000000e+00, 1.000000e+01]], {{\[}}[5.000000e+00, 1.100000e+01], [6.000000e+00, 1.200000e+01]]]> : tensor<3x2x2xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[C]]
func.func @fold_rank3() -> tensor<3x2x2xf32> {
  %c = kiln.constant dense<[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]]> : tensor<2x3x2xf32>
  %0 = kiln.transpose %c {perm = array<i64: 1, 2, 0>} : (tensor<2x3x2xf32>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

// -----

// Tests constant folding of bool and ui8 matrices and of a splat.
// CHECK-LABEL: func.func @fold_other_types
// CHECK-DAG: %[[B:.+]] = kiln.constant dense<{{\[}}[true, false], [false, false], [true, true]]> : tensor<3x2xi1>
// CHECK-DAG: %[[U:.+]] = kiln.constant dense<{{\[}}[1, 4], [2, 5], [255, 6]]> : tensor<3x2xui8>
// CHECK-DAG: %[[S:.+]] = kiln.constant dense<1.500000e+00> : tensor<3x2xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[B]], %[[U]], %[[S]]
func.func @fold_other_types() -> (tensor<3x2xi1>, tensor<3x2xui8>, tensor<3x2xf32>) {
  %b = kiln.constant dense<[[true, false, true], [false, false, true]]> : tensor<2x3xi1>
  %0 = kiln.transpose %b {perm = array<i64: 1, 0>} : (tensor<2x3xi1>) -> tensor<3x2xi1>
  %u = kiln.constant dense<[[1, 2, 255], [4, 5, 6]]> : tensor<2x3xui8>
  %1 = kiln.transpose %u {perm = array<i64: 1, 0>} : (tensor<2x3xui8>) -> tensor<3x2xui8>
  %s = kiln.constant dense<1.5> : tensor<2x3xf32>
  %2 = kiln.transpose %s {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0, %1, %2 : tensor<3x2xi1>, tensor<3x2xui8>, tensor<3x2xf32>
}

// -----

// Tests that a constant is not folded into a dynamic result type.
// CHECK-LABEL: func.func @no_fold_dynamic_result
// CHECK: kiln.transpose %{{.+}} {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<?x2xi32>
func.func @no_fold_dynamic_result() -> tensor<?x2xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = kiln.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<?x2xi32>
  return %0 : tensor<?x2xi32>
}
