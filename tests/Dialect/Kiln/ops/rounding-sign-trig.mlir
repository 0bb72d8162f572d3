// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that floor, ceil, round, sign, sin and cos round-trip and keep
// their operand and type.
// CHECK-LABEL: func.func @f32_matrix
// CHECK-SAME: (%[[X:.+]]: tensor<4x7xf32>)
// CHECK: kiln.floor %[[X]] : tensor<4x7xf32>
// CHECK: kiln.ceil %[[X]] : tensor<4x7xf32>
// CHECK: kiln.round %[[X]] : tensor<4x7xf32>
// CHECK: kiln.sign %[[X]] : tensor<4x7xf32>
// CHECK: kiln.sin %[[X]] : tensor<4x7xf32>
// CHECK: kiln.cos %[[X]] : tensor<4x7xf32>
func.func @f32_matrix(%x: tensor<4x7xf32>) -> (tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>) {
  %0 = kiln.floor %x : tensor<4x7xf32>
  %1 = kiln.ceil %x : tensor<4x7xf32>
  %2 = kiln.round %x : tensor<4x7xf32>
  %3 = kiln.sign %x : tensor<4x7xf32>
  %4 = kiln.sin %x : tensor<4x7xf32>
  %5 = kiln.cos %x : tensor<4x7xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>, tensor<4x7xf32>
}

// -----

// Tests that sign takes integers, and the others rank-0, f64 and dynamic
// shapes.
// CHECK-LABEL: func.func @other_types
// CHECK: kiln.sign %{{.+}} : tensor<13xi32>
// CHECK: kiln.sign %{{.+}} : tensor<?xui8>
// CHECK: kiln.floor %{{.+}} : tensor<f64>
// CHECK: kiln.cos %{{.+}} : tensor<?x3xbf16>
func.func @other_types(%i: tensor<13xi32>, %u: tensor<?xui8>, %d: tensor<f64>, %h: tensor<?x3xbf16>) -> (tensor<13xi32>, tensor<?xui8>, tensor<f64>, tensor<?x3xbf16>) {
  %0 = kiln.sign %i : tensor<13xi32>
  %1 = kiln.sign %u : tensor<?xui8>
  %2 = kiln.floor %d : tensor<f64>
  %3 = kiln.cos %h : tensor<?x3xbf16>
  return %0, %1, %2, %3 : tensor<13xi32>, tensor<?xui8>, tensor<f64>, tensor<?x3xbf16>
}
