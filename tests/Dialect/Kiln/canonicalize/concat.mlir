// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a concat of a single input folds to that input.
// CHECK-LABEL: func.func @single_input
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>)
// CHECK-NOT: kiln.concat
// CHECK: return %[[X]]
func.func @single_input(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.concat %x {axis = 1 : i64} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that a single-input concat to a less static type is kept.
// CHECK-LABEL: func.func @single_input_less_static
// CHECK: kiln.concat %{{.+}} {axis = 1 : i64} : (tensor<4x3xf32>) -> tensor<4x?xf32>
func.func @single_input_less_static(%x: tensor<4x3xf32>) -> tensor<4x?xf32> {
  %0 = kiln.concat %x {axis = 1 : i64} : (tensor<4x3xf32>) -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

// Tests that a concat of two inputs is kept.
// CHECK-LABEL: func.func @two_inputs
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>, %[[Y:.+]]: tensor<4x1xf32>)
// CHECK: kiln.concat %[[X]], %[[Y]] {axis = -1 : i64}
func.func @two_inputs(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>) -> tensor<4x4xf32> {
  %0 = kiln.concat %x, %y {axis = -1 : i64} : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Tests that small constants concatenate at compile time, along an inner
// axis too, splats included (a shape built from parts).
// CHECK-LABEL: func.func @fold_constants
// CHECK-DAG: %[[V:.+]] = kiln.constant dense<[4, 3, 8]> : tensor<3xi64>
// CHECK-DAG: %[[M:.+]] = kiln.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 0.000000e+00], [3.000000e+00, 4.000000e+00, 0.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: kiln.concat
// CHECK: return %[[V]], %[[M]]
func.func @fold_constants() -> (tensor<3xi64>, tensor<2x3xf32>) {
  %a = kiln.constant dense<4> : tensor<1xi64>
  %b = kiln.constant dense<[3, 8]> : tensor<2xi64>
  %v = kiln.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  %m2 = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %z = kiln.constant dense<0.0> : tensor<2x1xf32>
  %m = kiln.concat %m2, %z {axis = -1 : i64} : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %v, %m : tensor<3xi64>, tensor<2x3xf32>
}

// -----

// Tests that a concat with a non-constant input stays.
// CHECK-LABEL: func.func @keep_mixed
// CHECK: kiln.concat
func.func @keep_mixed(%x: tensor<1xi64>) -> tensor<2xi64> {
  %a = kiln.constant dense<4> : tensor<1xi64>
  %v = kiln.concat %a, %x {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %v : tensor<2xi64>
}
