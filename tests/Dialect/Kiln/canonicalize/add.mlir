// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that x + 0 folds to x.
// CHECK-LABEL: func.func @add_zero
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.add
// CHECK: return %[[X]]
func.func @add_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = kiln.constant dense<0.0> : tensor<4xf32>
  %0 = kiln.add %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that 0 + x does not fold when broadcasting would change x's shape.
// CHECK-LABEL: func.func @add_zero_broadcasts
// CHECK: kiln.add
func.func @add_zero_broadcasts(%x: tensor<4xf32>) -> tensor<3x4xf32> {
  %zero = kiln.constant dense<0.0> : tensor<3x4xf32>
  %0 = kiln.add %zero, %x : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests constant folding with broadcasting.
// CHECK-LABEL: func.func @fold_constants
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1.100000e+01, 2.200000e+01], [1.300000e+01, 2.400000e+01]]> : tensor<2x2xf32>
// CHECK-NOT: kiln.add
// CHECK: return %[[C]]
func.func @fold_constants() -> tensor<2x2xf32> {
  %a = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %0 = kiln.add %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
