// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests incrementing the global step.
// CHECK-LABEL: func.func @increment_step
// CHECK: %[[ONE:.+]] = kiln.constant dense<1> : tensor<i64>
// CHECK: kiln.assign_add_variable @global_step, %[[ONE]] : tensor<i64>
kiln.variable @global_step : tensor<i64>
func.func @increment_step() {
  %0 = kiln.constant dense<1> : tensor<i64>
  kiln.assign_add_variable @global_step, %0 : tensor<i64>
  return
}

// -----

// Tests an SGD-style update of a scoped trainable variable.
// CHECK-LABEL: func.func @sgd_update
// CHECK-SAME: (%[[DELTA:.+]]: tensor<784x200xf32>)
// CHECK: kiln.assign_add_variable @"hidden1/weights", %[[DELTA]] : tensor<784x200xf32>
kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
func.func @sgd_update(%delta: tensor<784x200xf32>) {
  kiln.assign_add_variable @"hidden1/weights", %delta : tensor<784x200xf32>
  return
}

// -----

// Tests i32 and ui8 variables.
// CHECK-LABEL: func.func @integers
// CHECK: kiln.assign_add_variable @i, %{{.+}} : tensor<3xi32>
// CHECK: kiln.assign_add_variable @u, %{{.+}} : tensor<2x2xui8>
kiln.variable @i : tensor<3xi32>
kiln.variable @u : tensor<2x2xui8>
func.func @integers(%a: tensor<3xi32>, %b: tensor<2x2xui8>) {
  kiln.assign_add_variable @i, %a : tensor<3xi32>
  kiln.assign_add_variable @u, %b : tensor<2x2xui8>
  return
}
