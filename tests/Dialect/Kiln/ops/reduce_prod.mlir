// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that reduce_prod round-trips on floats and integers, with and
// without keep_dims and with negative axes (the shared reduction class;
// reduce_max.mlir covers the shape rules in full).
// CHECK-LABEL: func.func @prod
// CHECK: kiln.reduce_prod %{{.+}} {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK: kiln.reduce_prod %{{.+}} {axes = array<i64: -1, 0>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
// CHECK: kiln.reduce_prod %{{.+}} {axes = array<i64: 0>} : (tensor<5xi64>) -> tensor<i64>
func.func @prod(%x: tensor<2x3x4xf32>, %i: tensor<5xi64>) -> (tensor<2x4xf32>, tensor<1x3x1xf32>, tensor<i64>) {
  %0 = kiln.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = kiln.reduce_prod %x {axes = array<i64: -1, 0>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %2 = kiln.reduce_prod %i {axes = array<i64: 0>} : (tensor<5xi64>) -> tensor<i64>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<1x3x1xf32>, tensor<i64>
}
