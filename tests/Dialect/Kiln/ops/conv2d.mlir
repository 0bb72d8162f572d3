// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that SAME padding with stride 1 keeps the spatial size.
// CHECK-LABEL: func.func @same_stride1
// CHECK-SAME: (%[[X:.+]]: tensor<8x28x28x1xf32>, %[[W:.+]]: tensor<5x5x1x32xf32>)
// CHECK: kiln.conv2d %[[X]], %[[W]] {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>}
// CHECK-SAME: : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<8x28x28x32xf32>
func.func @same_stride1(%x: tensor<8x28x28x1xf32>, %w: tensor<5x5x1x32xf32>) -> tensor<8x28x28x32xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<8x28x28x32xf32>
  return %0 : tensor<8x28x28x32xf32>
}

// -----

// Tests SAME padding with stride 2 on an odd size: ceil(7 / 2) = 4.
// CHECK-LABEL: func.func @same_stride2_odd
// CHECK: kiln.conv2d {{.+}} : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x4x4x5xf32>
func.func @same_stride2_odd(%x: tensor<2x7x7x3xf32>, %w: tensor<3x3x3x5xf32>) -> tensor<2x4x4x5xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x4x4x5xf32>
  return %0 : tensor<2x4x4x5xf32>
}

// -----

// Tests VALID padding with stride 2 on an odd size: ceil((7 - 2) / 2) = 3.
// CHECK-LABEL: func.func @valid_stride2_odd
// CHECK: kiln.conv2d {{.+}} {padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>}
// CHECK-SAME: -> tensor<2x3x3x5xf32>
func.func @valid_stride2_odd(%x: tensor<2x7x7x3xf32>, %w: tensor<3x3x3x5xf32>) -> tensor<2x3x3x5xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x3x3x5xf32>
  return %0 : tensor<2x3x3x5xf32>
}

// -----

// Tests VALID padding with a window exactly the input size: one output.
// CHECK-LABEL: func.func @valid_full_window
// CHECK: kiln.conv2d {{.+}} -> tensor<1x1x1x4xf32>
func.func @valid_full_window(%x: tensor<1x5x5x2xf32>, %w: tensor<5x5x2x4xf32>) -> tensor<1x1x1x4xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<5x5x2x4xf32>) -> tensor<1x1x1x4xf32>
  return %0 : tensor<1x1x1x4xf32>
}

// -----

// Tests VALID padding with per-dimension dilations and strides:
// height ceil((10 - 2 * 2) / 1) = 6, width ceil((9 - 2) / 2) = 4.
// CHECK-LABEL: func.func @valid_dilated
// CHECK: kiln.conv2d {{.+}} {dilations = array<i64: 2, 1>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 2>}
// CHECK-SAME: : (tensor<1x10x9x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x6x4x8xf32>
func.func @valid_dilated(%x: tensor<1x10x9x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x6x4x8xf32> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2, 1>, padding = #kiln.padding<VALID>, strides = array<i64: 1, 2>} : (tensor<1x10x9x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x6x4x8xf32>
  return %0 : tensor<1x6x4x8xf32>
}

// -----

// Tests that SAME padding ignores dilation: ceil(8 / 1) = 8.
// CHECK-LABEL: func.func @same_dilated
// CHECK: kiln.conv2d {{.+}} {dilations = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>}
// CHECK-SAME: -> tensor<1x8x8x4xf32>
func.func @same_dilated(%x: tensor<1x8x8x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// Tests that default dilations (1, 1) are elided when printed.
// CHECK-LABEL: func.func @default_dilations
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x2xf32>, %[[W:.+]]: tensor<3x3x2x4xf32>)
// CHECK: kiln.conv2d %[[X]], %[[W]] {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} :
func.func @default_dilations(%x: tensor<1x8x8x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 1, 1>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// Tests EXPLICIT padding [top 1, bottom 2, left 0, right 1] with stride 2:
// height (7 + 3 - 2 - 1) / 2 + 1 = 4, width (7 + 1 - 2 - 1) / 2 + 1 = 3.
// CHECK-LABEL: func.func @explicit
// CHECK: kiln.conv2d {{.+}} {explicit_paddings = array<i64: 1, 2, 0, 1>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x4x3x5xf32>
func.func @explicit(%x: tensor<2x7x7x3xf32>, %w: tensor<3x3x3x5xf32>) -> tensor<2x4x3x5xf32> {
  %0 = kiln.conv2d %x, %w {explicit_paddings = array<i64: 1, 2, 0, 1>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 2, 2>} : (tensor<2x7x7x3xf32>, tensor<3x3x3x5xf32>) -> tensor<2x4x3x5xf32>
  return %0 : tensor<2x4x3x5xf32>
}

// -----

// Tests EXPLICIT padding with dilation 2 and zero padding on the width:
// height (5 + 4 - 4 - 1) / 1 + 1 = 5, width (6 - 4 - 1) / 1 + 1 = 2.
// CHECK-LABEL: func.func @explicit_dilated
// CHECK: kiln.conv2d {{.+}} -> tensor<1x5x2x1xf64>
func.func @explicit_dilated(%x: tensor<1x5x6x1xf64>, %w: tensor<3x3x1x1xf64>) -> tensor<1x5x2x1xf64> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2, 2>, explicit_paddings = array<i64: 2, 2, 0, 0>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<1x5x6x1xf64>, tensor<3x3x1x1xf64>) -> tensor<1x5x2x1xf64>
  return %0 : tensor<1x5x2x1xf64>
}

// -----

// Tests a 1x1 filter with VALID padding and stride 2: ceil(5 / 2) = 3.
// CHECK-LABEL: func.func @pointwise_stride2
// CHECK: kiln.conv2d {{.+}} : (tensor<4x5x5x16xbf16>, tensor<1x1x16x8xbf16>) -> tensor<4x3x3x8xbf16>
func.func @pointwise_stride2(%x: tensor<4x5x5x16xbf16>, %w: tensor<1x1x16x8xbf16>) -> tensor<4x3x3x8xbf16> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<4x5x5x16xbf16>, tensor<1x1x16x8xbf16>) -> tensor<4x3x3x8xbf16>
  return %0 : tensor<4x3x3x8xbf16>
}

// -----

// Tests that a dynamic batch passes through and dynamic spatial sizes give
// dynamic output sizes.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.conv2d {{.+}} : (tensor<?x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<?x28x28x32xf32>
// CHECK: kiln.conv2d {{.+}} : (tensor<?x?x?x?xf32>, tensor<3x3x4x8xf32>) -> tensor<?x?x?x8xf32>
func.func @dynamic(%x: tensor<?x28x28x1xf32>, %w: tensor<5x5x1x32xf32>, %y: tensor<?x?x?x?xf32>, %v: tensor<3x3x4x8xf32>) -> (tensor<?x28x28x32xf32>, tensor<?x?x?x8xf32>) {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<?x28x28x32xf32>
  %1 = kiln.conv2d %y, %v {padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<?x?x?x?xf32>, tensor<3x3x4x8xf32>) -> tensor<?x?x?x8xf32>
  return %0, %1 : tensor<?x28x28x32xf32>, tensor<?x?x?x8xf32>
}
