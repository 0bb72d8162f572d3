// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests assigning a function argument to a scoped variable.
// CHECK-LABEL: func.func @assign_weights
// CHECK-SAME: (%[[W:.+]]: tensor<784x200xf32>)
// CHECK: kiln.assign_variable @"hidden1/weights", %[[W]] : tensor<784x200xf32>
kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
func.func @assign_weights(%w: tensor<784x200xf32>) {
  kiln.assign_variable @"hidden1/weights", %w : tensor<784x200xf32>
  return
}

// -----

// Tests an initializer step: a random value is assigned, then read back.
// CHECK-LABEL: func.func @init
// CHECK: %[[R:.+]] = kiln.truncated_normal {seed = 1 : i64, stddev = 1.000000e-01 : f64} : tensor<4x4xf32>
// CHECK: kiln.assign_variable @"dense/kernel", %[[R]] : tensor<4x4xf32>
// CHECK: %[[V:.+]] = kiln.read_variable @"dense/kernel" : tensor<4x4xf32>
// CHECK: return %[[V]]
kiln.variable trainable @"dense/kernel" : tensor<4x4xf32>
func.func @init() -> tensor<4x4xf32> {
  %0 = kiln.truncated_normal {seed = 1 : i64, stddev = 0.1 : f64} : tensor<4x4xf32>
  kiln.assign_variable @"dense/kernel", %0 : tensor<4x4xf32>
  %1 = kiln.read_variable @"dense/kernel" : tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}

// -----

// Tests assigning bool and scalar variables from constants.
// CHECK-LABEL: func.func @assign_constants
// CHECK: %[[T:.+]] = kiln.constant dense<true> : tensor<i1>
// CHECK: kiln.assign_variable @flag, %[[T]] : tensor<i1>
// CHECK: %[[Z:.+]] = kiln.constant dense<0> : tensor<i64>
// CHECK: kiln.assign_variable @global_step, %[[Z]] : tensor<i64>
kiln.variable @flag : tensor<i1>
kiln.variable @global_step : tensor<i64>
func.func @assign_constants() {
  %0 = kiln.constant dense<true> : tensor<i1>
  kiln.assign_variable @flag, %0 : tensor<i1>
  %1 = kiln.constant dense<0> : tensor<i64>
  kiln.assign_variable @global_step, %1 : tensor<i64>
  return
}
