// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a slice of a small constant folds: a box of a matrix, one
// dimension of a shape, a splat.
// CHECK-LABEL: func.func @fold_constants
// CHECK-DAG: %[[BOX:.+]] = kiln.constant dense<{{\[}}[6, 7], [10, 11]]> : tensor<2x2xi32>
// CHECK-DAG: %[[DIM:.+]] = kiln.constant dense<7> : tensor<1xi64>
// CHECK-DAG: %[[SPLAT:.+]] = kiln.constant dense<2.500000e+00> : tensor<1x2xf32>
// CHECK-NOT: kiln.slice
// CHECK: return %[[BOX]], %[[DIM]], %[[SPLAT]]
func.func @fold_constants() -> (tensor<2x2xi32>, tensor<1xi64>, tensor<1x2xf32>) {
  %m = kiln.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]> : tensor<3x4xi32>
  %box = kiln.slice %m {begin = array<i64: 1, 2>} : (tensor<3x4xi32>) -> tensor<2x2xi32>
  %shape = kiln.constant dense<[3, 7, 5]> : tensor<3xi64>
  %dim = kiln.slice %shape {begin = array<i64: 1>} : (tensor<3xi64>) -> tensor<1xi64>
  %s = kiln.constant dense<2.5> : tensor<3x3xf32>
  %splat = kiln.slice %s {begin = array<i64: 2, 1>} : (tensor<3x3xf32>) -> tensor<1x2xf32>
  return %box, %dim, %splat : tensor<2x2xi32>, tensor<1xi64>, tensor<1x2xf32>
}

// -----

// Tests that a slice of a value stays.
// CHECK-LABEL: func.func @keep_value
// CHECK: kiln.slice
func.func @keep_value(%x: tensor<3xi64>) -> tensor<1xi64> {
  %dim = kiln.slice %x {begin = array<i64: 1>} : (tensor<3xi64>) -> tensor<1xi64>
  return %dim : tensor<1xi64>
}
