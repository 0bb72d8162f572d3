// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that reduce_sum round-trips and removes the reduced axis by default.
// CHECK-LABEL: func.func @one_axis
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: kiln.reduce_sum %[[X]] {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
func.func @one_axis(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that keep_dims keeps the reduced axis as size 1.
// CHECK-LABEL: func.func @keep_dims
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
func.func @keep_dims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// Tests that keep_dims = false is the default and is elided.
// CHECK-LABEL: func.func @keep_dims_false
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: kiln.reduce_sum %[[X]] {axes = array<i64: 0>} : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
func.func @keep_dims_false(%x: tensor<2x3x4xf32>) -> tensor<3x4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 0>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that a negative axis counts from the innermost dimension and is
// printed as written.
// CHECK-LABEL: func.func @negative_axis
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: -3>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
func.func @negative_axis(%x: tensor<2x3x4xf32>) -> (tensor<2x3xf32>, tensor<1x3x4xf32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %1 = kiln.reduce_sum %x {axes = array<i64: -3>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<1x3x4xf32>
}

// -----

// Tests several (unsorted, mixed-sign) axes, with and without keep_dims.
// CHECK-LABEL: func.func @several_axes
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: -1, 0>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
func.func @several_axes(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<1x3x1xf32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64: 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = kiln.reduce_sum %x {axes = array<i64: -1, 0>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0, %1 : tensor<3xf32>, tensor<1x3x1xf32>
}

// -----

// Tests that reducing every axis gives a rank-0 tensor, or all ones with
// keep_dims.
// CHECK-LABEL: func.func @all_axes
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 0, 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
func.func @all_axes(%x: tensor<2x3x4xf32>) -> (tensor<f32>, tensor<1x1x1xf32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
  %1 = kiln.reduce_sum %x {axes = array<i64: 0, 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return %0, %1 : tensor<f32>, tensor<1x1x1xf32>
}

// -----

// Tests that empty axes leave the shape unchanged, also for a scalar.
// CHECK-LABEL: func.func @empty_axes
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64>} : (tensor<f32>) -> tensor<f32>
func.func @empty_axes(%x: tensor<2x3x4xf32>, %s: tensor<f32>) -> (tensor<2x3x4xf32>, tensor<f32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = kiln.reduce_sum %s {axes = array<i64>} : (tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<f32>
}

// -----

// Tests that dynamic dimensions survive when kept and that a reduced dynamic
// dimension becomes 1 with keep_dims.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 1>} : (tensor<?x4xf32>) -> tensor<?xf32>
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 0>, keep_dims = true} : (tensor<?x4xf32>) -> tensor<1x4xf32>
func.func @dynamic(%x: tensor<?x4xf32>) -> (tensor<?xf32>, tensor<1x4xf32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>} : (tensor<?x4xf32>) -> tensor<?xf32>
  %1 = kiln.reduce_sum %x {axes = array<i64: 0>, keep_dims = true} : (tensor<?x4xf32>) -> tensor<1x4xf32>
  return %0, %1 : tensor<?xf32>, tensor<1x4xf32>
}
