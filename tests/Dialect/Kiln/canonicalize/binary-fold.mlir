// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that sub folds f32 and i32 constants with broadcasting.
// CHECK-LABEL: func.func @sub
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[-1.000000e+00, -2.500000e+00], [1.000000e+00, 3.500000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[5, 10, 6], [-9, -4, -8]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.sub
// CHECK: return %[[F]], %[[I]]
func.func @sub() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.sub %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, -3, 1]> : tensor<3xi32>
  %1 = kiln.sub %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that mul folds f32 and i32 constants with broadcasting.
// CHECK-LABEL: func.func @mul
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[2.000000e+00, -1.000000e+00], [6.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[14, -21, 7], [-14, 21, -7]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.mul
// CHECK: return %[[F]], %[[I]]
func.func @mul() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.mul %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, -3, 1]> : tensor<3xi32>
  %1 = kiln.mul %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that integer multiplication wraps on overflow.
// CHECK-LABEL: func.func @mul_i8_wraps
// CHECK: %[[C:.+]] = kiln.constant dense<[44, -44]> : tensor<2xi8>
// CHECK-NOT: kiln.mul
// CHECK: return %[[C]]
func.func @mul_i8_wraps() -> tensor<2xi8> {
  %a = kiln.constant dense<[100, -100]> : tensor<2xi8>
  %b = kiln.constant dense<3> : tensor<i8>
  %0 = kiln.mul %a, %b : (tensor<2xi8>, tensor<i8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that div folds f32 constants and truncates i32 quotients toward zero.
// CHECK-LABEL: func.func @div
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[5.000000e-01, -4.000000e+00], [1.500000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[3, -2, 7], [-3, 2, -7]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.div
// CHECK: return %[[F]], %[[I]]
func.func @div() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.div %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, -3, 1]> : tensor<3xi32>
  %1 = kiln.div %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that ui8 division is unsigned.
// CHECK-LABEL: func.func @div_ui8
// CHECK: %[[C:.+]] = kiln.constant dense<[66, 0]> : tensor<2xui8>
// CHECK-NOT: kiln.div
// CHECK: return %[[C]]
func.func @div_ui8() -> tensor<2xui8> {
  %a = kiln.constant dense<[200, 10]> : tensor<2xui8>
  %b = kiln.constant dense<[3, 20]> : tensor<2xui8>
  %0 = kiln.div %a, %b : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Tests that float division by zero folds to signed infinities.
// CHECK-LABEL: func.func @div_float_by_zero
// CHECK: %[[C:.+]] = kiln.constant dense<[0x7F800000, 0xFF800000]> : tensor<2xf32>
// CHECK-NOT: kiln.div
// CHECK: return %[[C]]
func.func @div_float_by_zero() -> tensor<2xf32> {
  %a = kiln.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %z = kiln.constant dense<0.0> : tensor<f32>
  %0 = kiln.div %a, %z : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that integer division by zero does not fold, even when only one
// element divides by zero.
// CHECK-LABEL: func.func @div_int_by_zero
// CHECK: %[[R:.+]] = kiln.div
// CHECK: return %[[R]]
func.func @div_int_by_zero() -> tensor<2xi32> {
  %a = kiln.constant dense<[4, 5]> : tensor<2xi32>
  %z = kiln.constant dense<[1, 0]> : tensor<2xi32>
  %0 = kiln.div %a, %z : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that INT_MIN / -1, which overflows, does not fold.
// CHECK-LABEL: func.func @div_int_min_by_minus_one
// CHECK: %[[R:.+]] = kiln.div
// CHECK: return %[[R]]
func.func @div_int_min_by_minus_one() -> tensor<i32> {
  %a = kiln.constant dense<-2147483648> : tensor<i32>
  %b = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.div %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// Tests that maximum folds f32 and i32 constants with broadcasting.
// CHECK-LABEL: func.func @maximum
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[2.000000e+00, 5.000000e-01], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[7, 7, 7], [2, -3, 1]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.maximum
// CHECK: return %[[F]], %[[I]]
func.func @maximum() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.maximum %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, -3, 1]> : tensor<3xi32>
  %1 = kiln.maximum %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that minimum folds f32 and i32 constants with broadcasting.
// CHECK-LABEL: func.func @minimum
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[1.000000e+00, -2.000000e+00], [2.000000e+00, 5.000000e-01]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[2, -3, 1], [-7, -7, -7]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.minimum
// CHECK: return %[[F]], %[[I]]
func.func @minimum() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.minimum %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, -3, 1]> : tensor<3xi32>
  %1 = kiln.minimum %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that maximum and minimum propagate a NaN from either side.
// CHECK-LABEL: func.func @min_max_nan
// CHECK: %[[NAN:.+]] = kiln.constant dense<0x7FC00000> : tensor<2xf32>
// CHECK-NOT: kiln.maximum
// CHECK-NOT: kiln.minimum
// CHECK: return %[[NAN]], %[[NAN]]
func.func @min_max_nan() -> (tensor<2xf32>, tensor<2xf32>) {
  %a = kiln.constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
  %b = kiln.constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %0 = kiln.maximum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = kiln.minimum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Tests that maximum compares ui8 values as unsigned.
// CHECK-LABEL: func.func @maximum_ui8
// CHECK: %[[C:.+]] = kiln.constant dense<[200, 20]> : tensor<2xui8>
// CHECK-NOT: kiln.maximum
// CHECK: return %[[C]]
func.func @maximum_ui8() -> tensor<2xui8> {
  %a = kiln.constant dense<[200, 10]> : tensor<2xui8>
  %b = kiln.constant dense<[3, 20]> : tensor<2xui8>
  %0 = kiln.maximum %a, %b : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Tests that pow folds f32 and i32 constants with broadcasting, including
// x ^ 0 = 1 and a negative base.
// CHECK-LABEL: func.func @pow
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [9.000000e+00, 5.000000e-01]]> : tensor<2x2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<{{\[}}[49, 343, 1], [49, -343, 1]]> : tensor<2x3xi32>
// CHECK-NOT: kiln.pow
// CHECK: return %[[F]], %[[I]]
func.func @pow() -> (tensor<2x2xf32>, tensor<2x3xi32>) {
  %a = kiln.constant dense<[[1.0, 4.0], [3.0, 0.25]]> : tensor<2x2xf32>
  %b = kiln.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.pow %a, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %c = kiln.constant dense<[[7], [-7]]> : tensor<2x1xi32>
  %d = kiln.constant dense<[2, 3, 0]> : tensor<3xi32>
  %1 = kiln.pow %c, %d : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xi32>
}

// -----

// Tests that an integer pow with a negative exponent does not fold.
// CHECK-LABEL: func.func @pow_negative_int_exponent
// CHECK: %[[R:.+]] = kiln.pow
// CHECK: return %[[R]]
func.func @pow_negative_int_exponent() -> tensor<2xi32> {
  %a = kiln.constant dense<[4, 5]> : tensor<2xi32>
  %b = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.pow %a, %b : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that constants do not fold into a dynamically shaped result.
// CHECK-LABEL: func.func @dynamic_result
// CHECK: %[[R:.+]] = kiln.sub
// CHECK: return %[[R]]
func.func @dynamic_result() -> tensor<?xf32> {
  %a = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = kiln.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %0 = kiln.sub %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
