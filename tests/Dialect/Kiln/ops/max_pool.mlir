// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that max_pool round-trips with SAME padding: ceil(28 / 2) = 14.
// CHECK-LABEL: func.func @same
// CHECK-SAME: (%[[X:.+]]: tensor<8x28x28x32xf32>)
// CHECK: kiln.max_pool %[[X]] {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<8x28x28x32xf32>) -> tensor<8x14x14x32xf32>
func.func @same(%x: tensor<8x28x28x32xf32>) -> tensor<8x14x14x32xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<8x28x28x32xf32>) -> tensor<8x14x14x32xf32>
  return %0 : tensor<8x14x14x32xf32>
}

// -----

// Tests SAME padding on an odd size: ceil(7 / 2) = 4.
// CHECK-LABEL: func.func @same_odd
// CHECK: kiln.max_pool {{.+}} : (tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32>
func.func @same_odd(%x: tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// Tests VALID padding on an odd size: ceil((7 - 2) / 2) = 3.
// CHECK-LABEL: func.func @valid_odd
// CHECK: kiln.max_pool {{.+}} {ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<1x7x7x3xf32>) -> tensor<1x3x3x3xf32>
func.func @valid_odd(%x: tensor<1x7x7x3xf32>) -> tensor<1x3x3x3xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x7x7x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

// Tests a non-square window and stride with VALID padding:
// height ceil((4 - 0) / 1) = 4, width ceil((9 - 2) / 2) = 4.
// CHECK-LABEL: func.func @valid_non_square
// CHECK: kiln.max_pool {{.+}} : (tensor<2x4x9x1xf32>) -> tensor<2x4x4x1xf32>
func.func @valid_non_square(%x: tensor<2x4x9x1xf32>) -> tensor<2x4x4x1xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 1, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 2>} : (tensor<2x4x9x1xf32>) -> tensor<2x4x4x1xf32>
  return %0 : tensor<2x4x4x1xf32>
}

// -----

// Tests that max_pool accepts integer tensors.
// CHECK-LABEL: func.func @int32
// CHECK: kiln.max_pool {{.+}} : (tensor<1x4x4x2xi32>) -> tensor<1x2x2x2xi32>
func.func @int32(%x: tensor<1x4x4x2xi32>) -> tensor<1x2x2x2xi32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xi32>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// -----

// Tests that dynamic dimensions propagate.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.max_pool {{.+}} : (tensor<?x?x?x8xf32>) -> tensor<?x?x?x8xf32>
func.func @dynamic(%x: tensor<?x?x?x8xf32>) -> tensor<?x?x?x8xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<?x?x?x8xf32>) -> tensor<?x?x?x8xf32>
  return %0 : tensor<?x?x?x8xf32>
}
