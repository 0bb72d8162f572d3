// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that read_variable of a scoped variable returns the variable's type.
// CHECK-LABEL: func.func @read_weights
// CHECK: %[[W:.+]] = kiln.read_variable @"hidden1/weights" : tensor<784x200xf32>
// CHECK: return %[[W]]
kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
func.func @read_weights() -> tensor<784x200xf32> {
  %0 = kiln.read_variable @"hidden1/weights" : tensor<784x200xf32>
  return %0 : tensor<784x200xf32>
}

// -----

// Tests reads of scalar, i64 and bool variables feeding kiln ops.
// CHECK-LABEL: func.func @read_scalars
// CHECK: %[[STEP:.+]] = kiln.read_variable @global_step : tensor<i64>
// CHECK: %[[FLAG:.+]] = kiln.read_variable @flag : tensor<i1>
// CHECK: kiln.add %[[STEP]], %[[STEP]]
kiln.variable @global_step : tensor<i64>
kiln.variable @flag : tensor<i1>
func.func @read_scalars() -> (tensor<i64>, tensor<i1>) {
  %0 = kiln.read_variable @global_step : tensor<i64>
  %1 = kiln.read_variable @flag : tensor<i1>
  %2 = kiln.add %0, %0 : (tensor<i64>, tensor<i64>) -> tensor<i64>
  return %2, %1 : tensor<i64>, tensor<i1>
}

// -----

// Tests two reads of the same variable: they stay two ops.
// CHECK-LABEL: func.func @read_twice
// CHECK: %[[A:.+]] = kiln.read_variable @v : tensor<2x2xf64>
// CHECK: %[[B:.+]] = kiln.read_variable @v : tensor<2x2xf64>
// CHECK: return %[[A]], %[[B]]
kiln.variable @v : tensor<2x2xf64>
func.func @read_twice() -> (tensor<2x2xf64>, tensor<2x2xf64>) {
  %0 = kiln.read_variable @v : tensor<2x2xf64>
  %1 = kiln.read_variable @v : tensor<2x2xf64>
  return %0, %1 : tensor<2x2xf64>, tensor<2x2xf64>
}
