// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that add round-trips with equal shapes.
// CHECK-LABEL: func.func @same_shape
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<4x8xf32>)
// CHECK: kiln.add %[[X]], %[[Y]] : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
func.func @same_shape(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.add %x, %y : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that a rank-1 operand broadcasts against the innermost dimension.
// CHECK-LABEL: func.func @broadcast_row
// CHECK: kiln.add %{{.+}}, %{{.+}} : (tensor<4x8xi32>, tensor<8xi32>) -> tensor<4x8xi32>
func.func @broadcast_row(%x: tensor<4x8xi32>, %y: tensor<8xi32>) -> tensor<4x8xi32> {
  %0 = kiln.add %x, %y : (tensor<4x8xi32>, tensor<8xi32>) -> tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}

// -----

// Tests that size-1 dimensions on both sides broadcast to an outer product.
// CHECK-LABEL: func.func @broadcast_both
// CHECK: kiln.add {{.+}} : (tensor<4x1xf64>, tensor<1x3xf64>) -> tensor<4x3xf64>
func.func @broadcast_both(%x: tensor<4x1xf64>, %y: tensor<1x3xf64>) -> tensor<4x3xf64> {
  %0 = kiln.add %x, %y : (tensor<4x1xf64>, tensor<1x3xf64>) -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}

// -----

// Tests that a dynamic batch dimension is accepted and a less static result
// type is legal.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.add {{.+}} : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
func.func @dynamic_batch(%x: tensor<?x8xf32>, %y: tensor<8xf32>) -> tensor<?x8xf32> {
  %0 = kiln.add %x, %y : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Tests scalars (rank 0) and the unsigned uint8 element type.
// CHECK-LABEL: func.func @scalar_u8
// CHECK: kiln.add {{.+}} : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
func.func @scalar_u8(%x: tensor<ui8>, %y: tensor<ui8>) -> tensor<ui8> {
  %0 = kiln.add %x, %y : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  return %0 : tensor<ui8>
}
