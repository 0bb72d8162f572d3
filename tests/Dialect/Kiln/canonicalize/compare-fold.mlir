// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that equal folds f32 constants with broadcasting.
// CHECK-LABEL: func.func @equal
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[true, false, false], [false, true, false]]> : tensor<2x3xi1>
// CHECK-NOT: kiln.equal
// CHECK: return %[[C]]
func.func @equal() -> tensor<2x3xi1> {
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = kiln.equal %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Tests that less folds f32 constants with broadcasting.
// CHECK-LABEL: func.func @less
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[false, true, true], [false, false, true]]> : tensor<2x3xi1>
// CHECK-NOT: kiln.less
// CHECK: return %[[C]]
func.func @less() -> tensor<2x3xi1> {
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = kiln.less %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Tests that greater folds f32 constants with broadcasting.
// CHECK-LABEL: func.func @greater
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[false, false, false], [true, false, false]]> : tensor<2x3xi1>
// CHECK-NOT: kiln.greater
// CHECK: return %[[C]]
func.func @greater() -> tensor<2x3xi1> {
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = kiln.greater %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Tests that i32 comparisons fold with signed order.
// CHECK-LABEL: func.func @signed_i32
// CHECK-DAG: %[[EQ:.+]] = kiln.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[LT:.+]] = kiln.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: %[[GT:.+]] = kiln.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK-NOT: kiln.equal
// CHECK-NOT: kiln.less
// CHECK-NOT: kiln.greater
// CHECK: return %[[EQ]], %[[LT]], %[[GT]]
func.func @signed_i32() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %a = kiln.constant dense<[-5, 0, 5]> : tensor<3xi32>
  %b = kiln.constant dense<0> : tensor<i32>
  %0 = kiln.equal %a, %b : (tensor<3xi32>, tensor<i32>) -> tensor<3xi1>
  %1 = kiln.less %a, %b : (tensor<3xi32>, tensor<i32>) -> tensor<3xi1>
  %2 = kiln.greater %a, %b : (tensor<3xi32>, tensor<i32>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// Tests that ui8 comparisons fold with unsigned order.
// CHECK-LABEL: func.func @unsigned_ui8
// CHECK-DAG: %[[GT:.+]] = kiln.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG: %[[LT:.+]] = kiln.constant dense<[false, true]> : tensor<2xi1>
// CHECK-NOT: kiln.greater
// CHECK-NOT: kiln.less
// CHECK: return %[[GT]], %[[LT]]
func.func @unsigned_ui8() -> (tensor<2xi1>, tensor<2xi1>) {
  %a = kiln.constant dense<[200, 5]> : tensor<2xui8>
  %b = kiln.constant dense<100> : tensor<ui8>
  %0 = kiln.greater %a, %b : (tensor<2xui8>, tensor<ui8>) -> tensor<2xi1>
  %1 = kiln.less %a, %b : (tensor<2xui8>, tensor<ui8>) -> tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}

// -----

// Tests that equal folds bool operands.
// CHECK-LABEL: func.func @equal_bool
// CHECK: %[[C:.+]] = kiln.constant dense<[false, true]> : tensor<2xi1>
// CHECK-NOT: kiln.equal
// CHECK: return %[[C]]
func.func @equal_bool() -> tensor<2xi1> {
  %a = kiln.constant dense<[true, false]> : tensor<2xi1>
  %b = kiln.constant dense<false> : tensor<i1>
  %0 = kiln.equal %a, %b : (tensor<2xi1>, tensor<i1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that a NaN compares unequal to itself.
// CHECK-LABEL: func.func @equal_nan
// CHECK: %[[C:.+]] = kiln.constant dense<[false, true]> : tensor<2xi1>
// CHECK-NOT: kiln.equal
// CHECK: return %[[C]]
func.func @equal_nan() -> tensor<2xi1> {
  %a = kiln.constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
  %0 = kiln.equal %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that equal(x, x) on a non-constant float is kept, as x may hold NaN.
// CHECK-LABEL: func.func @equal_self
// CHECK: %[[R:.+]] = kiln.equal
// CHECK: return %[[R]]
func.func @equal_self(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = kiln.equal %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that comparisons of scalar f64 constants fold to scalars.
// CHECK-LABEL: func.func @scalar_f64
// CHECK-DAG: %[[T:.+]] = kiln.constant dense<true> : tensor<i1>
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<false> : tensor<i1>
// CHECK-NOT: kiln.less
// CHECK-NOT: kiln.greater
// CHECK: return %[[T]], %[[F]]
func.func @scalar_f64() -> (tensor<i1>, tensor<i1>) {
  %a = kiln.constant dense<-0.5> : tensor<f64>
  %b = kiln.constant dense<0.25> : tensor<f64>
  %0 = kiln.less %a, %b : (tensor<f64>, tensor<f64>) -> tensor<i1>
  %1 = kiln.greater %a, %b : (tensor<f64>, tensor<f64>) -> tensor<i1>
  return %0, %1 : tensor<i1>, tensor<i1>
}
