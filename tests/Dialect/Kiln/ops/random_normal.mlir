// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests random_normal with a seed and a stddev.
// CHECK-LABEL: func.func @seeded
// CHECK: %[[R:.+]] = kiln.random_normal {seed = 42 : i64, stddev = 1.000000e-01 : f64} : tensor<3x4xf32>
// CHECK: return %[[R]]
func.func @seeded() -> tensor<3x4xf32> {
  %0 = kiln.random_normal {seed = 42 : i64, stddev = 0.1 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that default attributes (seeds 0, mean 0, stddev 1) are elided.
// CHECK-LABEL: func.func @defaults
// CHECK: kiln.random_normal : tensor<784x200xf32>
// CHECK: kiln.random_normal : tensor<2xf64>
func.func @defaults() -> (tensor<784x200xf32>, tensor<2xf64>) {
  %0 = kiln.random_normal : tensor<784x200xf32>
  %1 = kiln.random_normal {seed = 0 : i64, seed2 = 0 : i64, mean = 0.0 : f64, stddev = 1.0 : f64} : tensor<2xf64>
  return %0, %1 : tensor<784x200xf32>, tensor<2xf64>
}

// -----

// Tests all attributes set, a rank-0 result and f16 / bf16 results.
// CHECK-LABEL: func.func @all_attributes
// CHECK: kiln.random_normal {mean = -1.000000e+00 : f64, seed = 1 : i64, seed2 = 2 : i64, stddev = 3.000000e+00 : f64} : tensor<f32>
// CHECK: kiln.random_normal {seed2 = 5 : i64} : tensor<8xf16>
// CHECK: kiln.random_normal : tensor<8xbf16>
func.func @all_attributes() -> (tensor<f32>, tensor<8xf16>, tensor<8xbf16>) {
  %0 = kiln.random_normal {seed = 1 : i64, seed2 = 2 : i64, mean = -1.0 : f64, stddev = 3.0 : f64} : tensor<f32>
  %1 = kiln.random_normal {seed2 = 5 : i64} : tensor<8xf16>
  %2 = kiln.random_normal : tensor<8xbf16>
  return %0, %1, %2 : tensor<f32>, tensor<8xf16>, tensor<8xbf16>
}
