// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a splat true condition picks on_true.
// CHECK-LABEL: func.func @splat_true
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[Y:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.select
// CHECK: return %[[X]]
func.func @splat_true(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %c = kiln.constant dense<true> : tensor<4xi1>
  %0 = kiln.select %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a rank-0 false condition picks on_false.
// CHECK-LABEL: func.func @scalar_false
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xi32>, %[[Y:.+]]: tensor<2x3xi32>)
// CHECK-NOT: kiln.select
// CHECK: return %[[Y]]
func.func @scalar_false(%x: tensor<2x3xi32>, %y: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %c = kiln.constant dense<false> : tensor<i1>
  %0 = kiln.select %c, %x, %y : (tensor<i1>, tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Tests that selecting between a value and itself folds to the value.
// CHECK-LABEL: func.func @same_value
// CHECK-SAME: (%[[C:.+]]: tensor<4xi1>, %[[X:.+]]: tensor<4xf16>)
// CHECK-NOT: kiln.select
// CHECK: return %[[X]]
func.func @same_value(%c: tensor<4xi1>, %x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = kiln.select %c, %x, %x : (tensor<4xi1>, tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Tests that all-constant operands fold with three-way broadcasting.
// CHECK-LABEL: func.func @constants_broadcast
// CHECK: %[[R:.+]] = kiln.constant dense<{{\[}}[1, 2, 3], [-1, -1, -1]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.select
// CHECK: return %[[R]]
func.func @constants_broadcast() -> tensor<2x3xi32> {
  %c = kiln.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %t = kiln.constant dense<[1, 2, 3]> : tensor<3xi32>
  %f = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.select %c, %t, %f : (tensor<2x1xi1>, tensor<3xi32>, tensor<i32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Tests that all-constant operands fold element by element for floats.
// CHECK-LABEL: func.func @constants_elementwise
// CHECK: %[[R:.+]] = kiln.constant dense<[1.000000e+00, -2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NOT: kiln.select
// CHECK: return %[[R]]
func.func @constants_elementwise() -> tensor<3xf32> {
  %c = kiln.constant dense<[true, false, true]> : tensor<3xi1>
  %t = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %f = kiln.constant dense<[-1.0, -2.0, -3.0]> : tensor<3xf32>
  %0 = kiln.select %c, %t, %f : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that a splat condition does not fold when the chosen value would
// first need broadcasting to the result's shape.
// CHECK-LABEL: func.func @splat_needs_broadcast
// CHECK: %[[R:.+]] = kiln.select
// CHECK: return %[[R]]
func.func @splat_needs_broadcast(%s: tensor<f32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %c = kiln.constant dense<true> : tensor<4xi1>
  %0 = kiln.select %c, %s, %x : (tensor<4xi1>, tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that equal values do not fold when the condition broadcasts them.
// CHECK-LABEL: func.func @same_value_broadcast
// CHECK: %[[R:.+]] = kiln.select
// CHECK: return %[[R]]
func.func @same_value_broadcast(%c: tensor<2x4xi1>, %x: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.select %c, %x, %x : (tensor<2x4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a mixed constant condition with non-constant values is kept.
// CHECK-LABEL: func.func @mixed_condition
// CHECK: %[[R:.+]] = kiln.select
// CHECK: return %[[R]]
func.func @mixed_condition(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %c = kiln.constant dense<[true, false]> : tensor<2xi1>
  %0 = kiln.select %c, %x, %y : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
