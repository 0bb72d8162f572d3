// RUN: kiln-opt --split-input-file --kiln-externalize-variables --verify-diagnostics %s | FileCheck %s

// Tests that each variable a step touches becomes a trailing buffer
// argument, reads before any assignment come from that buffer, an
// assign_add is an add of the current value, a later read sees the
// assignment, final values are written back at the end, and declarations
// nobody uses any more disappear.
// CHECK-NOT: kiln.variable
// CHECK-LABEL: func.func @train
// CHECK-SAME: (%[[D:[^:]+]]: tensor<i64>, %[[X:[^:]+]]: tensor<4xf32>,
// CHECK-SAME: %[[STEP:[^:]+]]: memref<i64> {kiln.variable = "global_step", kiln.variable_read},
// CHECK-SAME: %[[W:[^:]+]]: memref<4xf32> {kiln.variable = "w", kiln.variable_read},
// CHECK-SAME: %[[B:[^:]+]]: memref<4xf32> {kiln.variable = "b"})
// CHECK-DAG: %[[W0:.+]] = bufferization.to_tensor %[[W]] restrict : memref<4xf32> to tensor<4xf32>
// CHECK-DAG: %[[S0:.+]] = bufferization.to_tensor %[[STEP]] restrict : memref<i64> to tensor<i64>
// CHECK: %[[S1:.+]] = kiln.add %[[S0]], %[[D]]
// CHECK: %[[W1:.+]] = kiln.mul %[[W0]], %[[X]]
// CHECK: %[[SUM:.+]] = kiln.add %[[W1]], %[[X]]
// CHECK: bufferization.materialize_in_destination %[[S1]] in restrict writable %[[STEP]]
// CHECK: bufferization.materialize_in_destination %[[W1]] in restrict writable %[[W]]
// CHECK: bufferization.materialize_in_destination %[[X]] in restrict writable %[[B]]
// CHECK: return %[[S1]], %[[SUM]]
kiln.variable @global_step : tensor<i64>
kiln.variable trainable @w : tensor<4xf32>
kiln.variable trainable @b : tensor<4xf32>
kiln.variable @unused : tensor<2xf32>
func.func @train(%d: tensor<i64>, %x: tensor<4xf32>) -> (tensor<i64>, tensor<4xf32>) {
  kiln.assign_add_variable @global_step, %d : tensor<i64>
  %s = kiln.read_variable @global_step : tensor<i64>
  %w = kiln.read_variable @w : tensor<4xf32>
  %y = kiln.mul %w, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  kiln.assign_variable @w, %y : tensor<4xf32>
  %w2 = kiln.read_variable @w : tensor<4xf32>
  %sum = kiln.add %w2, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  kiln.assign_variable @b, %x : tensor<4xf32>
  return %s, %sum : tensor<i64>, tensor<4xf32>
}

// -----

// Tests that returning a variable's entry value, directly or reshaped,
// while the step overwrites that variable returns a copy taken before the
// write-back; a read-only variable is returned as is.
// CHECK-LABEL: func.func @fetch_old_value
// CHECK-SAME: %[[V:[^:]+]]: memref<2x2xf32> {kiln.variable = "v", kiln.variable_read}
// CHECK-SAME: %[[R:[^:]+]]: memref<3xf32> {kiln.variable = "r", kiln.variable_read}
// CHECK-DAG: %[[OLD:.+]] = bufferization.to_tensor %[[V]] restrict
// CHECK-DAG: %[[RO:.+]] = bufferization.to_tensor %[[R]] restrict
// CHECK: %[[COPY:.+]] = bufferization.alloc_tensor() copy(%[[OLD]])
// CHECK: %[[FLAT:.+]] = kiln.reshape %[[OLD]]
// CHECK: %[[FLATCOPY:.+]] = bufferization.alloc_tensor() copy(%[[FLAT]])
// CHECK: bufferization.materialize_in_destination
// CHECK: return %[[COPY]], %[[FLATCOPY]], %[[RO]]
kiln.variable @v : tensor<2x2xf32>
kiln.variable @r : tensor<3xf32>
func.func @fetch_old_value(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<4xf32>, tensor<3xf32>) {
  %old = kiln.read_variable @v : tensor<2x2xf32>
  %flat = kiln.reshape %old : (tensor<2x2xf32>) -> tensor<4xf32>
  %r = kiln.read_variable @r : tensor<3xf32>
  kiln.assign_variable @v, %x : tensor<2x2xf32>
  return %old, %flat, %r : tensor<2x2xf32>, tensor<4xf32>, tensor<3xf32>
}

// -----

kiln.variable @v : tensor<f32>
func.func @in_region(%x: tensor<f32>) -> tensor<f32> {
  %0 = kiln.fusion "read" (%x) : (tensor<f32>) -> tensor<f32> {
  ^bb0(%a: tensor<f32>):
    // expected-error @below {{accesses a variable inside a region}}
    %r = kiln.read_variable @v : tensor<f32>
    kiln.yield %r : tensor<f32>
  }
  return %0 : tensor<f32>
}
