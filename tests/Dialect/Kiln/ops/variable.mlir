// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests trainable variables whose quoted names hold TensorFlow scopes.
// CHECK: kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
// CHECK-NEXT: kiln.variable trainable @"hidden1/biases" : tensor<200xf32>
// CHECK-NEXT: kiln.variable trainable @"softmax_linear/weights:0" : tensor<200x10xf32>
kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
kiln.variable trainable @"hidden1/biases" : tensor<200xf32>
kiln.variable trainable @"softmax_linear/weights:0" : tensor<200x10xf32>

// -----

// Tests non-trainable variables with plain names, a scalar and a bool.
// CHECK: kiln.variable @global_step : tensor<i64>
// CHECK-NEXT: kiln.variable @"train/is_training" : tensor<i1>
// CHECK-NEXT: kiln.variable @counts : tensor<10xui8>
// CHECK-NOT: trainable
kiln.variable @global_step : tensor<i64>
kiln.variable @"train/is_training" : tensor<i1>
kiln.variable @counts : tensor<10xui8>

// -----

// Tests that an explicit sym_visibility survives in the attribute dictionary.
// CHECK: kiln.variable trainable @"conv1/kernel" {sym_visibility = "private"} : tensor<5x5x1x32xf32>
kiln.variable trainable @"conv1/kernel" {sym_visibility = "private"} : tensor<5x5x1x32xf32>

// -----

// Tests that variables live beside functions in the module and are read from
// them.
// CHECK: kiln.variable trainable @"dense/bias" : tensor<4xf32>
// CHECK-LABEL: func.func @use
// CHECK: kiln.read_variable @"dense/bias" : tensor<4xf32>
kiln.variable trainable @"dense/bias" : tensor<4xf32>
func.func @use() -> tensor<4xf32> {
  %0 = kiln.read_variable @"dense/bias" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests a variable carrying the value it starts with (imported weights).
// CHECK: kiln.variable trainable @fc.weight {kiln.initial_value = dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf32>} : tensor<2xf32>
kiln.variable trainable @fc.weight {kiln.initial_value = dense<[0.5, -0.25]> : tensor<2xf32>} : tensor<2xf32>
