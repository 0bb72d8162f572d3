// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests truncated_normal as tf.truncated_normal initializes weights.
// CHECK-LABEL: func.func @weights
// CHECK: %[[R:.+]] = kiln.truncated_normal {seed = 42 : i64, stddev = 3.571430e-02 : f64} : tensor<784x200xf32>
// CHECK: return %[[R]]
func.func @weights() -> tensor<784x200xf32> {
  %0 = kiln.truncated_normal {seed = 42 : i64, stddev = 0.0357143 : f64} : tensor<784x200xf32>
  return %0 : tensor<784x200xf32>
}

// -----

// Tests that default attributes are elided.
// CHECK-LABEL: func.func @defaults
// CHECK: kiln.truncated_normal : tensor<5x5x1x32xf32>
func.func @defaults() -> tensor<5x5x1x32xf32> {
  %0 = kiln.truncated_normal {mean = 0.0 : f64, stddev = 1.0 : f64} : tensor<5x5x1x32xf32>
  return %0 : tensor<5x5x1x32xf32>
}

// -----

// Tests all attributes set and an f64 scalar result.
// CHECK-LABEL: func.func @all_attributes
// CHECK: kiln.truncated_normal {mean = 5.000000e-01 : f64, seed = 7 : i64, seed2 = 9 : i64, stddev = 2.000000e+00 : f64} : tensor<f64>
func.func @all_attributes() -> tensor<f64> {
  %0 = kiln.truncated_normal {seed = 7 : i64, seed2 = 9 : i64, mean = 0.5 : f64, stddev = 2.0 : f64} : tensor<f64>
  return %0 : tensor<f64>
}
