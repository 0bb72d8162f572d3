// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that avg_pool round-trips with SAME padding on an odd size:
// ceil(5 / 2) = 3.
// CHECK-LABEL: func.func @same_odd
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x2xf32>)
// CHECK: kiln.avg_pool %[[X]] {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
func.func @same_odd(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

// Tests VALID padding on an odd size: ceil((5 - 1) / 2) = 2.
// CHECK-LABEL: func.func @valid_odd
// CHECK: kiln.avg_pool {{.+}} {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32>
func.func @valid_odd(%x: tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Tests overlapping windows with stride 1 and VALID padding: 6 - 3 + 1 = 4,
// with f16 elements.
// CHECK-LABEL: func.func @valid_overlapping
// CHECK: kiln.avg_pool {{.+}} : (tensor<2x6x6x4xf16>) -> tensor<2x4x4x4xf16>
func.func @valid_overlapping(%x: tensor<2x6x6x4xf16>) -> tensor<2x4x4x4xf16> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<2x6x6x4xf16>) -> tensor<2x4x4x4xf16>
  return %0 : tensor<2x4x4x4xf16>
}

// -----

// Tests that a dynamic batch passes through.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.avg_pool {{.+}} : (tensor<?x8x8x3xf32>) -> tensor<?x4x4x3xf32>
func.func @dynamic_batch(%x: tensor<?x8x8x3xf32>) -> tensor<?x4x4x3xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<?x8x8x3xf32>) -> tensor<?x4x4x3xf32>
  return %0 : tensor<?x4x4x3xf32>
}
