// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a negative axis is rewritten to its non-negative form.
// CHECK-LABEL: func.func @normalize_negative_axis
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[R:.+]] = kiln.reduce_sum %[[X]] {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK: return %[[R]]
func.func @normalize_negative_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that unsorted axes are sorted and keep_dims is preserved.
// CHECK-LABEL: func.func @sort_axes
// CHECK: kiln.reduce_mean %{{.+}} {axes = array<i64: 0, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
func.func @sort_axes(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 2, 0>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// Tests that mixed negative and positive axes are normalized, then sorted.
// CHECK-LABEL: func.func @normalize_and_sort
// CHECK: kiln.reduce_max %{{.+}} {axes = array<i64: 0, 1, 3>} : (tensor<2x3x4x5xi32>) -> tensor<4xi32>
func.func @normalize_and_sort(%x: tensor<2x3x4x5xi32>) -> tensor<4xi32> {
  %0 = kiln.reduce_max %x {axes = array<i64: -1, 0, -3>} : (tensor<2x3x4x5xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that already normalized axes are left alone.
// CHECK-LABEL: func.func @already_normalized
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
func.func @already_normalized(%x: tensor<2x3xf32>) -> tensor<f32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that reductions over no axes fold to their input.
// CHECK-LABEL: func.func @empty_axes
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>, %[[S:.+]]: tensor<i32>)
// CHECK-NOT: kiln.reduce
// CHECK: return %[[X]], %[[X]], %[[S]]
func.func @empty_axes(%x: tensor<2x3xf32>, %s: tensor<i32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<i32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = kiln.reduce_mean %x {axes = array<i64>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = kiln.reduce_max %s {axes = array<i64>} : (tensor<i32>) -> tensor<i32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<i32>
}

// -----

// Tests that reductions with keep_dims over size-1 dimensions only fold to
// their input, whatever the spelling of the axes.
// CHECK-LABEL: func.func @unit_dims_keep_dims
// CHECK-SAME: (%[[X:.+]]: tensor<4x1x3x1xf32>)
// CHECK-NOT: kiln.reduce
// CHECK: return %[[X]], %[[X]], %[[X]]
func.func @unit_dims_keep_dims(%x: tensor<4x1x3x1xf32>) -> (tensor<4x1x3x1xf32>, tensor<4x1x3x1xf32>, tensor<4x1x3x1xf32>) {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>, keep_dims = true} : (tensor<4x1x3x1xf32>) -> tensor<4x1x3x1xf32>
  %1 = kiln.reduce_mean %x {axes = array<i64: -1, 1>, keep_dims = true} : (tensor<4x1x3x1xf32>) -> tensor<4x1x3x1xf32>
  %2 = kiln.reduce_max %x {axes = array<i64: -3>, keep_dims = true} : (tensor<4x1x3x1xf32>) -> tensor<4x1x3x1xf32>
  return %0, %1, %2 : tensor<4x1x3x1xf32>, tensor<4x1x3x1xf32>, tensor<4x1x3x1xf32>
}

// -----

// Tests that a reduction over a size-1 dimension without keep_dims does not
// fold: it changes the rank.
// CHECK-LABEL: func.func @unit_dim_dropped
// CHECK: kiln.reduce_sum %{{.+}} {axes = array<i64: 1>} : (tensor<4x1xf32>) -> tensor<4xf32>
func.func @unit_dim_dropped(%x: tensor<4x1xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>} : (tensor<4x1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a keep_dims reduction over a dimension larger than 1 does not
// fold.
// CHECK-LABEL: func.func @non_unit_dim
// CHECK: kiln.reduce_max %{{.+}} {axes = array<i64: 0>, keep_dims = true} : (tensor<4x1xf32>) -> tensor<1x1xf32>
func.func @non_unit_dim(%x: tensor<4x1xf32>) -> tensor<1x1xf32> {
  %0 = kiln.reduce_max %x {axes = array<i64: 0>, keep_dims = true} : (tensor<4x1xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// Tests that a keep_dims reduction over a dynamic dimension does not fold,
// even when the declared result type (legally less static than the inferred
// tensor<1x4xf32>) equals the input type: the dimension may be larger than 1.
// CHECK-LABEL: func.func @dynamic_dim_keep_dims
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>)
// CHECK: %[[R:.+]] = kiln.reduce_sum %[[X]] {axes = array<i64: 0>, keep_dims = true} : (tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK: return %[[R]]
func.func @dynamic_dim_keep_dims(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 0>, keep_dims = true} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that reduce_prod of constants folds (how tf.gradients' element
// counts, Prod(Shape(x)), become compile-time shapes): over every axis,
// over the last one of a float tensor, and with 32-bit wrap-around.
// CHECK-LABEL: func.func @prod_folds
// CHECK-DAG: %[[ALL:.+]] = kiln.constant dense<-120> : tensor<i32>
// CHECK-DAG: %[[ROWS:.+]] = kiln.constant dense<[1.500000e+00, -8.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[WRAP:.+]] = kiln.constant dense<0> : tensor<1xi32>
// CHECK-NOT: kiln.reduce_prod
// CHECK: return %[[ALL]], %[[ROWS]], %[[WRAP]]
func.func @prod_folds() -> (tensor<i32>, tensor<2xf32>, tensor<1xi32>) {
  %c = kiln.constant dense<[[2, 3], [4, -5]]> : tensor<2x2xi32>
  %0 = kiln.reduce_prod %c {axes = array<i64: 0, 1>} : (tensor<2x2xi32>) -> tensor<i32>
  %f = kiln.constant dense<[[0.5, 3.0], [4.0, -2.0]]> : tensor<2x2xf32>
  %1 = kiln.reduce_prod %f {axes = array<i64: -1>} : (tensor<2x2xf32>) -> tensor<2xf32>
  %big = kiln.constant dense<[65536, 65536]> : tensor<2xi32>
  %2 = kiln.reduce_prod %big {axes = array<i64: 0>, keep_dims = true} : (tensor<2xi32>) -> tensor<1xi32>
  return %0, %1, %2 : tensor<i32>, tensor<2xf32>, tensor<1xi32>
}

// -----

// Tests that reduce_prod of a fed tensor stays (with its axes normalized).
// CHECK-LABEL: func.func @prod_of_feed
// CHECK: kiln.reduce_prod %{{.+}} {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
func.func @prod_of_feed(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = kiln.reduce_prod %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
