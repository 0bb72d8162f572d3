// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that x * 1 folds to x.
// CHECK-LABEL: func.func @mul_one
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.mul
// CHECK: return %[[X]]
func.func @mul_one(%x: tensor<4xf32>) -> tensor<4xf32> {
  %one = kiln.constant dense<1.0> : tensor<4xf32>
  %0 = kiln.mul %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that 1 * x folds to x, with a rank-0 one that broadcasts into x.
// CHECK-LABEL: func.func @one_mul
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xi32>)
// CHECK-NOT: kiln.mul
// CHECK: return %[[X]]
func.func @one_mul(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %one = kiln.constant dense<1> : tensor<i32>
  %0 = kiln.mul %one, %x : (tensor<i32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Tests that x * 1 folds to x for the unsigned ui8 element type.
// CHECK-LABEL: func.func @mul_one_ui8
// CHECK-SAME: (%[[X:.+]]: tensor<4xui8>)
// CHECK-NOT: kiln.mul
// CHECK: return %[[X]]
func.func @mul_one_ui8(%x: tensor<4xui8>) -> tensor<4xui8> {
  %one = kiln.constant dense<1> : tensor<4xui8>
  %0 = kiln.mul %x, %one : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Tests that x - 0 folds to x.
// CHECK-LABEL: func.func @sub_zero
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xi64>)
// CHECK-NOT: kiln.sub
// CHECK: return %[[X]]
func.func @sub_zero(%x: tensor<?x4xi64>) -> tensor<?x4xi64> {
  %zero = kiln.constant dense<0> : tensor<4xi64>
  %0 = kiln.sub %x, %zero : (tensor<?x4xi64>, tensor<4xi64>) -> tensor<?x4xi64>
  return %0 : tensor<?x4xi64>
}

// -----

// Tests that x / 1 folds to x.
// CHECK-LABEL: func.func @div_one
// CHECK-SAME: (%[[X:.+]]: tensor<8xf16>)
// CHECK-NOT: kiln.div
// CHECK: return %[[X]]
func.func @div_one(%x: tensor<8xf16>) -> tensor<8xf16> {
  %one = kiln.constant dense<1.0> : tensor<8xf16>
  %0 = kiln.div %x, %one : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// Tests that x ^ 1 folds to x.
// CHECK-LABEL: func.func @pow_one
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.pow
// CHECK: return %[[X]]
func.func @pow_one(%x: tensor<4xf32>) -> tensor<4xf32> {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %0 = kiln.pow %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that max(x, x) folds to x.
// CHECK-LABEL: func.func @max_self
// CHECK-SAME: (%[[X:.+]]: tensor<4xbf16>)
// CHECK-NOT: kiln.maximum
// CHECK: return %[[X]]
func.func @max_self(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = kiln.maximum %x, %x : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// Tests that min(x, x) folds to x.
// CHECK-LABEL: func.func @min_self
// CHECK-SAME: (%[[X:.+]]: tensor<2x2xi8>)
// CHECK-NOT: kiln.minimum
// CHECK: return %[[X]]
func.func @min_self(%x: tensor<2x2xi8>) -> tensor<2x2xi8> {
  %0 = kiln.minimum %x, %x : (tensor<2x2xi8>, tensor<2x2xi8>) -> tensor<2x2xi8>
  return %0 : tensor<2x2xi8>
}

// -----

// Tests that 0 - x is not mistaken for x - 0.
// CHECK-LABEL: func.func @zero_sub
// CHECK: kiln.sub
func.func @zero_sub(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = kiln.constant dense<0.0> : tensor<4xf32>
  %0 = kiln.sub %zero, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that 1 / x is not mistaken for x / 1.
// CHECK-LABEL: func.func @one_div
// CHECK: kiln.div
func.func @one_div(%x: tensor<4xf32>) -> tensor<4xf32> {
  %one = kiln.constant dense<1.0> : tensor<4xf32>
  %0 = kiln.div %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that 1 ^ x is not mistaken for x ^ 1.
// CHECK-LABEL: func.func @one_pow
// CHECK: kiln.pow
func.func @one_pow(%x: tensor<4xi32>) -> tensor<4xi32> {
  %one = kiln.constant dense<1> : tensor<4xi32>
  %0 = kiln.pow %one, %x : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that x * 1 does not fold when broadcasting would change x's shape.
// CHECK-LABEL: func.func @mul_one_broadcasts
// CHECK: kiln.mul
func.func @mul_one_broadcasts(%x: tensor<4xf32>) -> tensor<3x4xf32> {
  %one = kiln.constant dense<1.0> : tensor<3x4xf32>
  %0 = kiln.mul %x, %one : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that x - 0 does not fold when the result is more static than x.
// CHECK-LABEL: func.func @sub_zero_refines_type
// CHECK: kiln.sub
func.func @sub_zero_refines_type(%x: tensor<?xf32>) -> tensor<4xf32> {
  %zero = kiln.constant dense<0.0> : tensor<4xf32>
  %0 = kiln.sub %x, %zero : (tensor<?xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that multiplying by a constant other than 1, or by a non-splat
// constant, does not fold.
// CHECK-LABEL: func.func @mul_not_one
// CHECK: kiln.mul
// CHECK: kiln.mul
func.func @mul_not_one(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %two = kiln.constant dense<2.0> : tensor<2xf32>
  %0 = kiln.mul %x, %two : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %mixed = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = kiln.mul %x, %mixed : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Tests that max(x, y) of distinct values is kept.
// CHECK-LABEL: func.func @max_distinct
// CHECK: kiln.maximum
func.func @max_distinct(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.maximum %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that max(x, x) does not fold to x when the result type is less static
// than x's: replacing it would change the type seen by its users.
// CHECK-LABEL: func.func @max_self_less_static
// CHECK: %[[R:.+]] = kiln.maximum
// CHECK: return %[[R]]
func.func @max_self_less_static(%x: tensor<4xf32>) -> tensor<?xf32> {
  %0 = kiln.maximum %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that min(x, x) does not fold to x when the result type is more static
// than x's.
// CHECK-LABEL: func.func @min_self_more_static
// CHECK: %[[R:.+]] = kiln.minimum
// CHECK: return %[[R]]
func.func @min_self_more_static(%x: tensor<?x3xi32>) -> tensor<2x3xi32> {
  %0 = kiln.minimum %x, %x : (tensor<?x3xi32>, tensor<?x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
