// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that argmax round-trips with an i64 result and drops the axis.
// CHECK-LABEL: func.func @i64_result
// CHECK-SAME: (%[[X:.+]]: tensor<32x10xf32>)
// CHECK: kiln.argmax %[[X]] {axis = 1 : i64} : (tensor<32x10xf32>) -> tensor<32xi64>
func.func @i64_result(%x: tensor<32x10xf32>) -> tensor<32xi64> {
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<32x10xf32>) -> tensor<32xi64>
  return %0 : tensor<32xi64>
}

// -----

// Tests an i32 result type (TensorFlow's output_type) over axis 0.
// CHECK-LABEL: func.func @i32_result
// CHECK: kiln.argmax %{{.+}} {axis = 0 : i64} : (tensor<32x10xf32>) -> tensor<10xi32>
func.func @i32_result(%x: tensor<32x10xf32>) -> tensor<10xi32> {
  %0 = kiln.argmax %x {axis = 0 : i64} : (tensor<32x10xf32>) -> tensor<10xi32>
  return %0 : tensor<10xi32>
}

// -----

// Tests negative axes, counted from the innermost dimension.
// CHECK-LABEL: func.func @negative_axis
// CHECK: kiln.argmax %{{.+}} {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
// CHECK: kiln.argmax %{{.+}} {axis = -3 : i64} : (tensor<2x3x4xf32>) -> tensor<3x4xi32>
func.func @negative_axis(%x: tensor<2x3x4xf32>) -> (tensor<2x3xi64>, tensor<3x4xi32>) {
  %0 = kiln.argmax %x {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %1 = kiln.argmax %x {axis = -3 : i64} : (tensor<2x3x4xf32>) -> tensor<3x4xi32>
  return %0, %1 : tensor<2x3xi64>, tensor<3x4xi32>
}

// -----

// Tests that a rank-1 integer input gives a rank-0 index.
// CHECK-LABEL: func.func @rank1_int
// CHECK: kiln.argmax %{{.+}} {axis = 0 : i64} : (tensor<7xi8>) -> tensor<i64>
func.func @rank1_int(%x: tensor<7xi8>) -> tensor<i64> {
  %0 = kiln.argmax %x {axis = 0 : i64} : (tensor<7xi8>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests that a dynamic batch passes through.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.argmax %{{.+}} {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
func.func @dynamic_batch(%x: tensor<?x10xf32>) -> tensor<?xi64> {
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}
