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
