// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests random_uniform over a symmetric range.
// CHECK-LABEL: func.func @symmetric
// CHECK: %[[R:.+]] = kiln.random_uniform {maxval = 2.000000e+00 : f64, minval = -2.000000e+00 : f64, seed = 3 : i64} : tensor<3x4xf32>
// CHECK: return %[[R]]
func.func @symmetric() -> tensor<3x4xf32> {
  %0 = kiln.random_uniform {seed = 3 : i64, minval = -2.0 : f64, maxval = 2.0 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that default attributes (seeds 0, range [0, 1)) are elided.
// CHECK-LABEL: func.func @defaults
// CHECK: kiln.random_uniform : tensor<10xf64>
// CHECK: kiln.random_uniform {minval = 5.000000e-01 : f64} : tensor<10xbf16>
func.func @defaults() -> (tensor<10xf64>, tensor<10xbf16>) {
  %0 = kiln.random_uniform {seed = 0 : i64, minval = 0.0 : f64, maxval = 1.0 : f64} : tensor<10xf64>
  %1 = kiln.random_uniform {minval = 0.5 : f64} : tensor<10xbf16>
  return %0, %1 : tensor<10xf64>, tensor<10xbf16>
}

// -----

// Tests both seeds, a rank-0 result and f16 elements.
// CHECK-LABEL: func.func @seeds
// CHECK: kiln.random_uniform {maxval = 1.000000e+01 : f64, seed = 1 : i64, seed2 = 2 : i64} : tensor<f16>
func.func @seeds() -> tensor<f16> {
  %0 = kiln.random_uniform {seed = 1 : i64, seed2 = 2 : i64, maxval = 10.0 : f64} : tensor<f16>
  return %0 : tensor<f16>
}
