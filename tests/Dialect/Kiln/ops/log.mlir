// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that log round-trips on a rank-2 f32 tensor and keeps its operand.
// CHECK-LABEL: func.func @f32_matrix
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK: %[[Y:.+]] = kiln.log %[[X]] : tensor<4x8xf32>
// CHECK: return %[[Y]]
func.func @f32_matrix(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.log %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that log accepts the f16, bf16 and f64 element types.
// CHECK-LABEL: func.func @other_floats
// CHECK: kiln.log %{{.+}} : tensor<8xf16>
// CHECK: kiln.log %{{.+}} : tensor<8xbf16>
// CHECK: kiln.log %{{.+}} : tensor<2x2xf64>
func.func @other_floats(%x0: tensor<8xf16>, %x1: tensor<8xbf16>, %x2: tensor<2x2xf64>) -> (tensor<8xf16>, tensor<8xbf16>, tensor<2x2xf64>) {
  %0 = kiln.log %x0 : tensor<8xf16>
  %1 = kiln.log %x1 : tensor<8xbf16>
  %2 = kiln.log %x2 : tensor<2x2xf64>
  return %0, %1, %2 : tensor<8xf16>, tensor<8xbf16>, tensor<2x2xf64>
}

// -----

// Tests that log accepts a rank-0 tensor.
// CHECK-LABEL: func.func @scalar
// CHECK: kiln.log %{{.+}} : tensor<f32>
func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  %0 = kiln.log %x : tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that log keeps a size-1 dimension.
// CHECK-LABEL: func.func @unit_dim
// CHECK: kiln.log %{{.+}} : tensor<1x3x1xf64>
func.func @unit_dim(%x: tensor<1x3x1xf64>) -> tensor<1x3x1xf64> {
  %0 = kiln.log %x : tensor<1x3x1xf64>
  return %0 : tensor<1x3x1xf64>
}

// -----

// Tests that log accepts dynamic dimensions.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.log %{{.+}} : tensor<?x16x?xbf16>
func.func @dynamic(%x: tensor<?x16x?xbf16>) -> tensor<?x16x?xbf16> {
  %0 = kiln.log %x : tensor<?x16x?xbf16>
  return %0 : tensor<?x16x?xbf16>
}
