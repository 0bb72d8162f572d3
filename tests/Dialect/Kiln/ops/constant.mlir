// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests a dense f32 constant.
// CHECK-LABEL: func.func @dense_f32
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: return %[[C]]
func.func @dense_f32() -> tensor<2x2xf32> {
  %0 = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that a splat constant stays a splat.
// CHECK-LABEL: func.func @splat
// CHECK: kiln.constant dense<0.000000e+00> : tensor<784x200xf32>
func.func @splat() -> tensor<784x200xf32> {
  %0 = kiln.constant dense<0.0> : tensor<784x200xf32>
  return %0 : tensor<784x200xf32>
}

// -----

// Tests i64 constants, dense and splat.
// CHECK-LABEL: func.func @i64
// CHECK: kiln.constant dense<[-1, 0, 9223372036854775807]> : tensor<3xi64>
// CHECK: kiln.constant dense<7> : tensor<2x3xi64>
func.func @i64() -> (tensor<3xi64>, tensor<2x3xi64>) {
  %0 = kiln.constant dense<[-1, 0, 9223372036854775807]> : tensor<3xi64>
  %1 = kiln.constant dense<7> : tensor<2x3xi64>
  return %0, %1 : tensor<3xi64>, tensor<2x3xi64>
}

// -----

// Tests bool (i1) constants.
// CHECK-LABEL: func.func @i1
// CHECK: kiln.constant dense<[true, false, true]> : tensor<3xi1>
func.func @i1() -> tensor<3xi1> {
  %0 = kiln.constant dense<[true, false, true]> : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Tests unsigned uint8 constants up to 255.
// CHECK-LABEL: func.func @ui8
// CHECK: kiln.constant dense<[0, 128, 255]> : tensor<3xui8>
func.func @ui8() -> tensor<3xui8> {
  %0 = kiln.constant dense<[0, 128, 255]> : tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// Tests rank-0 constants.
// CHECK-LABEL: func.func @rank0
// CHECK: kiln.constant dense<2.500000e-01> : tensor<f64>
// CHECK: kiln.constant dense<0> : tensor<i64>
// CHECK: kiln.constant dense<false> : tensor<i1>
func.func @rank0() -> (tensor<f64>, tensor<i64>, tensor<i1>) {
  %0 = kiln.constant dense<0.25> : tensor<f64>
  %1 = kiln.constant dense<0> : tensor<i64>
  %2 = kiln.constant dense<false> : tensor<i1>
  return %0, %1, %2 : tensor<f64>, tensor<i64>, tensor<i1>
}

// -----

// Tests an empty constant and f16 / bf16 elements.
// CHECK-LABEL: func.func @empty_and_half
// CHECK: kiln.constant dense<> : tensor<0x4xf32>
// CHECK: kiln.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf16>
// CHECK: kiln.constant dense<1.000000e+00> : tensor<2xbf16>
func.func @empty_and_half() -> (tensor<0x4xf32>, tensor<2xf16>, tensor<2xbf16>) {
  %0 = kiln.constant dense<> : tensor<0x4xf32>
  %1 = kiln.constant dense<[1.5, -2.0]> : tensor<2xf16>
  %2 = kiln.constant dense<1.0> : tensor<2xbf16>
  return %0, %1, %2 : tensor<0x4xf32>, tensor<2xf16>, tensor<2xbf16>
}
