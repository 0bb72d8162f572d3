// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that cast round-trips from float to integer and keeps its operand.
// CHECK-LABEL: func.func @float_to_int
// CHECK-SAME: (%[[X:.+]]: tensor<8xf32>)
// CHECK: %[[Y:.+]] = kiln.cast %[[X]] : (tensor<8xf32>) -> tensor<8xi32>
// CHECK: return %[[Y]]
func.func @float_to_int(%x: tensor<8xf32>) -> tensor<8xi32> {
  %0 = kiln.cast %x : (tensor<8xf32>) -> tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

// Tests that cast converts integers, signed and unsigned, to floats.
// CHECK-LABEL: func.func @int_to_float
// CHECK: kiln.cast %{{.+}} : (tensor<2x3xi64>) -> tensor<2x3xf16>
// CHECK: kiln.cast %{{.+}} : (tensor<2x3xui8>) -> tensor<2x3xf32>
func.func @int_to_float(%x: tensor<2x3xi64>, %y: tensor<2x3xui8>) -> (tensor<2x3xf16>, tensor<2x3xf32>) {
  %0 = kiln.cast %x : (tensor<2x3xi64>) -> tensor<2x3xf16>
  %1 = kiln.cast %y : (tensor<2x3xui8>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf16>, tensor<2x3xf32>
}

// -----

// Tests that cast converts between floats and between integers.
// CHECK-LABEL: func.func @same_kind
// CHECK: kiln.cast %{{.+}} : (tensor<4xf64>) -> tensor<4xbf16>
// CHECK: kiln.cast %{{.+}} : (tensor<4xi8>) -> tensor<4xi16>
func.func @same_kind(%x: tensor<4xf64>, %y: tensor<4xi8>) -> (tensor<4xbf16>, tensor<4xi16>) {
  %0 = kiln.cast %x : (tensor<4xf64>) -> tensor<4xbf16>
  %1 = kiln.cast %y : (tensor<4xi8>) -> tensor<4xi16>
  return %0, %1 : tensor<4xbf16>, tensor<4xi16>
}

// -----

// Tests that cast converts to and from bool.
// CHECK-LABEL: func.func @bool
// CHECK: kiln.cast %{{.+}} : (tensor<4xf32>) -> tensor<4xi1>
// CHECK: kiln.cast %{{.+}} : (tensor<4xi1>) -> tensor<4xbf16>
func.func @bool(%x: tensor<4xf32>, %y: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xbf16>) {
  %0 = kiln.cast %x : (tensor<4xf32>) -> tensor<4xi1>
  %1 = kiln.cast %y : (tensor<4xi1>) -> tensor<4xbf16>
  return %0, %1 : tensor<4xi1>, tensor<4xbf16>
}

// -----

// Tests that cast accepts a rank-0 tensor.
// CHECK-LABEL: func.func @scalar
// CHECK: kiln.cast %{{.+}} : (tensor<f64>) -> tensor<i8>
func.func @scalar(%x: tensor<f64>) -> tensor<i8> {
  %0 = kiln.cast %x : (tensor<f64>) -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

// Tests that cast keeps size-1 dimensions.
// CHECK-LABEL: func.func @unit_dims
// CHECK: kiln.cast %{{.+}} : (tensor<1x3x1xi16>) -> tensor<1x3x1xf64>
func.func @unit_dims(%x: tensor<1x3x1xi16>) -> tensor<1x3x1xf64> {
  %0 = kiln.cast %x : (tensor<1x3x1xi16>) -> tensor<1x3x1xf64>
  return %0 : tensor<1x3x1xf64>
}

// -----

// Tests that cast keeps dynamic dimensions and may make static ones dynamic.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.cast %{{.+}} : (tensor<?x4xf32>) -> tensor<?x4xi64>
// CHECK: kiln.cast %{{.+}} : (tensor<4xf32>) -> tensor<?xi32>
func.func @dynamic(%x: tensor<?x4xf32>, %y: tensor<4xf32>) -> (tensor<?x4xi64>, tensor<?xi32>) {
  %0 = kiln.cast %x : (tensor<?x4xf32>) -> tensor<?x4xi64>
  %1 = kiln.cast %y : (tensor<4xf32>) -> tensor<?xi32>
  return %0, %1 : tensor<?x4xi64>, tensor<?xi32>
}

// -----

// Tests that a cast to the operand's own type is kept without canonicalization.
// CHECK-LABEL: func.func @same_type
// CHECK: kiln.cast %{{.+}} : (tensor<4xi32>) -> tensor<4xi32>
func.func @same_type(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.cast %x : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
