// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that square round-trips on a rank-2 f32 tensor and keeps its operand.
// CHECK-LABEL: func.func @f32_matrix
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[Y:.+]] = kiln.square %[[X]] : tensor<4x8xf32>
// CHECK: return %[[Y]]
func.func @f32_matrix(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.square %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that square accepts the f16, bf16 and f64 element types.
// CHECK-LABEL: func.func @other_floats
// CHECK: kiln.square %{{.+}} : tensor<8xf16>
// CHECK: kiln.square %{{.+}} : tensor<8xbf16>
// CHECK: kiln.square %{{.+}} : tensor<2x2xf64>
func.func @other_floats(%x0: tensor<8xf16>, %x1: tensor<8xbf16>, %x2: tensor<2x2xf64>) -> (tensor<8xf16>, tensor<8xbf16>, tensor<2x2xf64>) {
  %0 = kiln.square %x0 : tensor<8xf16>
  %1 = kiln.square %x1 : tensor<8xbf16>
  %2 = kiln.square %x2 : tensor<2x2xf64>
  return %0, %1, %2 : tensor<8xf16>, tensor<8xbf16>, tensor<2x2xf64>
}

// -----

// Tests that square accepts signed and unsigned integer element types.
// CHECK-LABEL: func.func @integers
// CHECK: kiln.square %{{.+}} : tensor<4xi8>
// CHECK: kiln.square %{{.+}} : tensor<4xi16>
// CHECK: kiln.square %{{.+}} : tensor<4xi32>
// CHECK: kiln.square %{{.+}} : tensor<4xi64>
// CHECK: kiln.square %{{.+}} : tensor<4xui8>
func.func @integers(%x0: tensor<4xi8>, %x1: tensor<4xi16>, %x2: tensor<4xi32>, %x3: tensor<4xi64>, %x4: tensor<4xui8>) -> (tensor<4xi8>, tensor<4xi16>, tensor<4xi32>, tensor<4xi64>, tensor<4xui8>) {
  %0 = kiln.square %x0 : tensor<4xi8>
  %1 = kiln.square %x1 : tensor<4xi16>
  %2 = kiln.square %x2 : tensor<4xi32>
  %3 = kiln.square %x3 : tensor<4xi64>
  %4 = kiln.square %x4 : tensor<4xui8>
  return %0, %1, %2, %3, %4 : tensor<4xi8>, tensor<4xi16>, tensor<4xi32>, tensor<4xi64>, tensor<4xui8>
}

// -----

// Tests that square accepts a rank-0 tensor.
// CHECK-LABEL: func.func @scalar
// CHECK: kiln.square %{{.+}} : tensor<f32>
func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  %0 = kiln.square %x : tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that square keeps a size-1 dimension.
// CHECK-LABEL: func.func @unit_dim
// CHECK: kiln.square %{{.+}} : tensor<1x3x1xf64>
func.func @unit_dim(%x: tensor<1x3x1xf64>) -> tensor<1x3x1xf64> {
  %0 = kiln.square %x : tensor<1x3x1xf64>
  return %0 : tensor<1x3x1xf64>
}

// -----

// Tests that square accepts dynamic dimensions.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.square %{{.+}} : tensor<?x16x?xbf16>
func.func @dynamic(%x: tensor<?x16x?xbf16>) -> tensor<?x16x?xbf16> {
  %0 = kiln.square %x : tensor<?x16x?xbf16>
  return %0 : tensor<?x16x?xbf16>
}
