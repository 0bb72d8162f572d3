// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a reshape to the operand's own type is removed.
// CHECK-LABEL: func.func @same_type
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>)
// CHECK-NOT: kiln.reshape
// CHECK: return %[[X]]
func.func @same_type(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that a reshape to a less static type is kept.
// CHECK-LABEL: func.func @less_static
// CHECK: kiln.reshape %{{.+}} : (tensor<4x3xf32>) -> tensor<?x3xf32>
func.func @less_static(%x: tensor<4x3xf32>) -> tensor<?x3xf32> {
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that a reshape of a reshape becomes one reshape of the original value.
// CHECK-LABEL: func.func @merge
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>)
// CHECK: %[[R:.+]] = kiln.reshape %[[X]] : (tensor<4x3xf32>) -> tensor<2x6xf32>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[R]]
func.func @merge(%x: tensor<4x3xf32>) -> tensor<2x6xf32> {
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<12xf32>
  %1 = kiln.reshape %0 : (tensor<12xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

// Tests that a chain of three reshapes merges into one, with dynamic
// dimensions.
// CHECK-LABEL: func.func @merge_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>)
// CHECK: %[[R:.+]] = kiln.reshape %[[X]] : (tensor<?x4xf32>) -> tensor<?x8xf32>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[R]]
func.func @merge_dynamic(%x: tensor<?x4xf32>) -> tensor<?x8xf32> {
  %0 = kiln.reshape %x : (tensor<?x4xf32>) -> tensor<?x2x2xf32>
  %1 = kiln.reshape %0 : (tensor<?x2x2xf32>) -> tensor<?xf32>
  %2 = kiln.reshape %1 : (tensor<?xf32>) -> tensor<?x8xf32>
  return %2 : tensor<?x8xf32>
}

// -----

// Tests that a reshape back to the original type removes both reshapes.
// CHECK-LABEL: func.func @round_trip
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>)
// CHECK-NOT: kiln.reshape
// CHECK: return %[[X]]
func.func @round_trip(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<12xf32>
  %1 = kiln.reshape %0 : (tensor<12xf32>) -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// Tests that the inner reshape stays while it has other users.
// CHECK-LABEL: func.func @merge_shared
// CHECK-SAME: (%[[X:.+]]: tensor<4x3xf32>)
// CHECK-DAG: %[[A:.+]] = kiln.reshape %[[X]] : (tensor<4x3xf32>) -> tensor<12xf32>
// CHECK-DAG: %[[B:.+]] = kiln.reshape %[[X]] : (tensor<4x3xf32>) -> tensor<3x4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @merge_shared(%x: tensor<4x3xf32>) -> (tensor<12xf32>, tensor<3x4xf32>) {
  %0 = kiln.reshape %x : (tensor<4x3xf32>) -> tensor<12xf32>
  %1 = kiln.reshape %0 : (tensor<12xf32>) -> tensor<3x4xf32>
  return %0, %1 : tensor<12xf32>, tensor<3x4xf32>
}

// -----

// Tests that a reshape of a dense constant folds to a constant of the new
// shape, keeping the row-major element order.
// CHECK-LABEL: func.func @fold_constant
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[C]]
func.func @fold_constant() -> tensor<3x2xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = kiln.reshape %c : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// Tests that reshapes of splat and scalar constants fold.
// CHECK-LABEL: func.func @fold_splat_and_scalar
// CHECK-DAG: %[[S:.+]] = kiln.constant dense<2.000000e+00> : tensor<6xf32>
// CHECK-DAG: %[[K:.+]] = kiln.constant dense<7> : tensor<1x1xi64>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[S]], %[[K]]
func.func @fold_splat_and_scalar() -> (tensor<6xf32>, tensor<1x1xi64>) {
  %s = kiln.constant dense<2.0> : tensor<2x3xf32>
  %0 = kiln.reshape %s : (tensor<2x3xf32>) -> tensor<6xf32>
  %k = kiln.constant dense<7> : tensor<i64>
  %1 = kiln.reshape %k : (tensor<i64>) -> tensor<1x1xi64>
  return %0, %1 : tensor<6xf32>, tensor<1x1xi64>
}

// -----

// Tests that a reshape of a constant to a dynamic shape does not fold.
// CHECK-LABEL: func.func @no_fold_dynamic_result
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
// CHECK: kiln.reshape %[[C]] : (tensor<2x3xi32>) -> tensor<?x2xi32>
func.func @no_fold_dynamic_result() -> tensor<?x2xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = kiln.reshape %c : (tensor<2x3xi32>) -> tensor<?x2xi32>
  return %0 : tensor<?x2xi32>
}
