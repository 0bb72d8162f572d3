// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a cast to the operand's own type is removed.
// CHECK-LABEL: func.func @same_type
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.cast
// CHECK: return %[[X]]
func.func @same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.cast %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a cast changing only the static-ness of the shape is kept.
// CHECK-LABEL: func.func @same_element_type
// CHECK: %[[R:.+]] = kiln.cast
// CHECK: return %[[R]]
func.func @same_element_type(%x: tensor<4xf32>) -> tensor<?xf32> {
  %0 = kiln.cast %x : (tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that float to i32 truncates toward zero.
// CHECK-LABEL: func.func @f32_to_i32
// CHECK: %[[C:.+]] = kiln.constant dense<[1, -1, 0, 2]> : tensor<4xi32>
// CHECK-NOT: kiln.cast
// CHECK: return %[[C]]
func.func @f32_to_i32() -> tensor<4xi32> {
  %c = kiln.constant dense<[1.9, -1.9, -0.5, 2.0]> : tensor<4xf32>
  %0 = kiln.cast %c : (tensor<4xf32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that i32 to f32 rounds to nearest even when the value is not exact.
// CHECK-LABEL: func.func @i32_to_f32
// CHECK: %[[C:.+]] = kiln.constant dense<[-3.000000e+00, 0.000000e+00, 0x4B800000]> : tensor<3xf32>
// CHECK-NOT: kiln.cast
// CHECK: return %[[C]]
func.func @i32_to_f32() -> tensor<3xf32> {
  %c = kiln.constant dense<[-3, 0, 16777217]> : tensor<3xi32>
  %0 = kiln.cast %c : (tensor<3xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that ui8 converts as unsigned to i32 and f32.
// CHECK-LABEL: func.func @ui8_to_wider
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[255, 1]> : tensor<2xi32>
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[2.550000e+02, 1.000000e+00]> : tensor<2xf32>
// CHECK-NOT: kiln.cast
// CHECK: return %[[I]], %[[F]]
func.func @ui8_to_wider() -> (tensor<2xi32>, tensor<2xf32>) {
  %c = kiln.constant dense<[255, 1]> : tensor<2xui8>
  %0 = kiln.cast %c : (tensor<2xui8>) -> tensor<2xi32>
  %1 = kiln.cast %c : (tensor<2xui8>) -> tensor<2xf32>
  return %0, %1 : tensor<2xi32>, tensor<2xf32>
}

// -----

// Tests that narrowing an integer keeps the low bits.
// CHECK-LABEL: func.func @i32_to_i8
// CHECK: %[[C:.+]] = kiln.constant dense<[44, -1]> : tensor<2xi8>
// CHECK-NOT: kiln.cast
// CHECK: return %[[C]]
func.func @i32_to_i8() -> tensor<2xi8> {
  %c = kiln.constant dense<[300, -1]> : tensor<2xi32>
  %0 = kiln.cast %c : (tensor<2xi32>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that a cast to bool is x != 0 for floats and integers.
// CHECK-LABEL: func.func @to_bool
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[false, true]> : tensor<2xi1>
// CHECK-NOT: kiln.cast
// CHECK: return %[[F]], %[[I]]
func.func @to_bool() -> (tensor<3xi1>, tensor<2xi1>) {
  %f = kiln.constant dense<[0.5, -0.0, -2.0]> : tensor<3xf32>
  %0 = kiln.cast %f : (tensor<3xf32>) -> tensor<3xi1>
  %i = kiln.constant dense<[0, 256]> : tensor<2xi64>
  %1 = kiln.cast %i : (tensor<2xi64>) -> tensor<2xi1>
  return %0, %1 : tensor<3xi1>, tensor<2xi1>
}

// -----

// Tests that bool converts to 0 or 1.
// CHECK-LABEL: func.func @bool_to_number
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[1, 0]> : tensor<2xi32>
// CHECK-NOT: kiln.cast
// CHECK: return %[[F]], %[[I]]
func.func @bool_to_number() -> (tensor<2xf32>, tensor<2xi32>) {
  %b = kiln.constant dense<[true, false]> : tensor<2xi1>
  %0 = kiln.cast %b : (tensor<2xi1>) -> tensor<2xf32>
  %1 = kiln.cast %b : (tensor<2xi1>) -> tensor<2xi32>
  return %0, %1 : tensor<2xf32>, tensor<2xi32>
}

// -----

// Tests that float narrowing rounds and overflows to infinity.
// CHECK-LABEL: func.func @f32_to_f16
// CHECK: %[[C:.+]] = kiln.constant dense<[1.000000e+00, 0x7C00]> : tensor<2xf16>
// CHECK-NOT: kiln.cast
// CHECK: return %[[C]]
func.func @f32_to_f16() -> tensor<2xf16> {
  %c = kiln.constant dense<[1.0, 70000.0]> : tensor<2xf32>
  %0 = kiln.cast %c : (tensor<2xf32>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// Tests that in-range floats fold to i8 and ui8 at the edges of the range.
// CHECK-LABEL: func.func @float_to_narrow_int
// CHECK-DAG: %[[S:.+]] = kiln.constant dense<[127, -128]> : tensor<2xi8>
// CHECK-DAG: %[[U:.+]] = kiln.constant dense<[255, 0]> : tensor<2xui8>
// CHECK-NOT: kiln.cast
// CHECK: return %[[S]], %[[U]]
func.func @float_to_narrow_int() -> (tensor<2xi8>, tensor<2xui8>) {
  %s = kiln.constant dense<[127.5, -128.9]> : tensor<2xf32>
  %0 = kiln.cast %s : (tensor<2xf32>) -> tensor<2xi8>
  %u = kiln.constant dense<[255.9, -0.5]> : tensor<2xf32>
  %1 = kiln.cast %u : (tensor<2xf32>) -> tensor<2xui8>
  return %0, %1 : tensor<2xi8>, tensor<2xui8>
}

// -----

// Tests that an out-of-range float to i8 does not fold.
// CHECK-LABEL: func.func @out_of_range_to_i8
// CHECK: %[[R:.+]] = kiln.cast
// CHECK: return %[[R]]
func.func @out_of_range_to_i8() -> tensor<2xi8> {
  %c = kiln.constant dense<[127.5, 300.0]> : tensor<2xf32>
  %0 = kiln.cast %c : (tensor<2xf32>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that a negative float to ui8 does not fold.
// CHECK-LABEL: func.func @negative_to_ui8
// CHECK: %[[R:.+]] = kiln.cast
// CHECK: return %[[R]]
func.func @negative_to_ui8() -> tensor<ui8> {
  %c = kiln.constant dense<-1.0> : tensor<f32>
  %0 = kiln.cast %c : (tensor<f32>) -> tensor<ui8>
  return %0 : tensor<ui8>
}

// -----

// Tests that NaN to an integer does not fold.
// CHECK-LABEL: func.func @nan_to_i32
// CHECK: %[[R:.+]] = kiln.cast
// CHECK: return %[[R]]
func.func @nan_to_i32() -> tensor<1xi32> {
  %c = kiln.constant dense<0x7FC00000> : tensor<1xf32>
  %0 = kiln.cast %c : (tensor<1xf32>) -> tensor<1xi32>
  return %0 : tensor<1xi32>
}
