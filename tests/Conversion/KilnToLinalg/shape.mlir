// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that reshape becomes tensor.reshape with a constant index shape.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[SHAPE:.+]] = arith.constant dense<[6, 4]> : tensor<2xindex>
// CHECK: %[[R:.+]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<2x3x4xf32>, tensor<2xindex>) -> tensor<6x4xf32>
// CHECK: return %[[R]]
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Tests that a reshape to rank 0 uses an empty shape tensor.
// CHECK-LABEL: func.func @reshape_to_scalar
// CHECK-SAME: (%[[X:.+]]: tensor<1x1xi64>)
// CHECK-NOT: kiln.
// CHECK: %[[SHAPE:.+]] = arith.constant dense<> : tensor<0xindex>
// CHECK: %[[R:.+]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<1x1xi64>, tensor<0xindex>) -> tensor<i64>
// CHECK: return %[[R]]
func.func @reshape_to_scalar(%x: tensor<1x1xi64>) -> tensor<i64> {
  %0 = kiln.reshape %x : (tensor<1x1xi64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests that transpose becomes linalg.transpose with the same permutation.
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[R:.+]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[R]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Tests that concat along a negative axis inserts each input at the running
// offset of the innermost dimension.
// CHECK-LABEL: func.func @concat_last_axis
// CHECK-SAME: (%[[A:.+]]: tensor<4x3xf32>, %[[B:.+]]: tensor<4x5xf32>, %[[C:.+]]: tensor<4x1xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<4x9xf32>
// CHECK: %[[S0:.+]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<4x9xf32>
// CHECK: %[[S1:.+]] = tensor.insert_slice %[[B]] into %[[S0]][0, 3] [4, 5] [1, 1] : tensor<4x5xf32> into tensor<4x9xf32>
// CHECK: %[[S2:.+]] = tensor.insert_slice %[[C]] into %[[S1]][0, 8] [4, 1] [1, 1] : tensor<4x1xf32> into tensor<4x9xf32>
// CHECK: return %[[S2]]
func.func @concat_last_axis(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>, %c: tensor<4x1xf32>) -> tensor<4x9xf32> {
  %0 = kiln.concat %a, %b, %c {axis = -1 : i64} : (tensor<4x3xf32>, tensor<4x5xf32>, tensor<4x1xf32>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

// Tests that concat along the leading axis offsets the first dimension.
// CHECK-LABEL: func.func @concat_first_axis
// CHECK-SAME: (%[[A:.+]]: tensor<2x3xi1>, %[[B:.+]]: tensor<1x3xi1>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<3x3xi1>
// CHECK: %[[S0:.+]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [2, 3] [1, 1] : tensor<2x3xi1> into tensor<3x3xi1>
// CHECK: %[[S1:.+]] = tensor.insert_slice %[[B]] into %[[S0]][2, 0] [1, 3] [1, 1] : tensor<1x3xi1> into tensor<3x3xi1>
// CHECK: return %[[S1]]
func.func @concat_first_axis(%a: tensor<2x3xi1>, %b: tensor<1x3xi1>) -> tensor<3x3xi1> {
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<2x3xi1>, tensor<1x3xi1>) -> tensor<3x3xi1>
  return %0 : tensor<3x3xi1>
}
