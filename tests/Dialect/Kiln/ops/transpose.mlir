// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that a rank-2 transpose round-trips.
// CHECK-LABEL: func.func @matrix
// CHECK-SAME: (%[[X:.+]]: tensor<784x200xf32>)
// CHECK: %[[Y:.+]] = kiln.transpose %[[X]] {perm = array<i64: 1, 0>} : (tensor<784x200xf32>) -> tensor<200x784xf32>
// CHECK: return %[[Y]]
func.func @matrix(%x: tensor<784x200xf32>) -> tensor<200x784xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<784x200xf32>) -> tensor<200x784xf32>
  return %0 : tensor<200x784xf32>
}

// -----

// Tests a rank-4 permutation (NHWC to NCHW).
// CHECK-LABEL: func.func @nhwc_to_nchw
// CHECK: kiln.transpose %{{.+}} {perm = array<i64: 0, 3, 1, 2>} : (tensor<8x28x28x3xf32>) -> tensor<8x3x28x28xf32>
func.func @nhwc_to_nchw(%x: tensor<8x28x28x3xf32>) -> tensor<8x3x28x28xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<8x28x28x3xf32>) -> tensor<8x3x28x28xf32>
  return %0 : tensor<8x3x28x28xf32>
}

// -----

// Tests that dynamic dimensions move with the permutation, and that a less
// static result type is legal.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.transpose %{{.+}} {perm = array<i64: 1, 0>} : (tensor<?x10xi64>) -> tensor<?x?xi64>
func.func @dynamic(%x: tensor<?x10xi64>) -> tensor<?x?xi64> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<?x10xi64>) -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// Tests the identity permutation and the empty permutation of a scalar.
// CHECK-LABEL: func.func @identity
// CHECK: kiln.transpose %{{.+}} {perm = array<i64: 0, 1>} : (tensor<4x3xi1>) -> tensor<4x3xi1>
// CHECK: kiln.transpose %{{.+}} {perm = array<i64>} : (tensor<f32>) -> tensor<f32>
func.func @identity(%x: tensor<4x3xi1>, %s: tensor<f32>) -> (tensor<4x3xi1>, tensor<f32>) {
  %0 = kiln.transpose %x {perm = array<i64: 0, 1>} : (tensor<4x3xi1>) -> tensor<4x3xi1>
  %1 = kiln.transpose %s {perm = array<i64>} : (tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<4x3xi1>, tensor<f32>
}
