// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @slice_and_reverse
// CHECK: kiln.slice %{{.+}} {begin = array<i64: 1, 2>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
// CHECK: kiln.reverse %{{.+}} {axes = array<i64: 0, 1>} : tensor<5x5x1x32xf32>
func.func @slice_and_reverse(%x: tensor<4x5xf32>, %w: tensor<5x5x1x32xf32>) -> (tensor<2x3xf32>, tensor<5x5x1x32xf32>) {
  %0 = kiln.slice %x {begin = array<i64: 1, 2>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  %1 = kiln.reverse %w {axes = array<i64: 0, 1>} : tensor<5x5x1x32xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<5x5x1x32xf32>
}
