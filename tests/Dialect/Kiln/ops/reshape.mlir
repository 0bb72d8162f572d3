// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that reshape round-trips between static shapes of equal size.
// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<32x28x28x1xf32>)
// CHECK: %[[Y:.+]] = kiln.reshape %[[X]] : (tensor<32x28x28x1xf32>) -> tensor<32x784xf32>
// CHECK: return %[[Y]]
func.func @flatten(%x: tensor<32x28x28x1xf32>) -> tensor<32x784xf32> {
  %0 = kiln.reshape %x : (tensor<32x28x28x1xf32>) -> tensor<32x784xf32>
  return %0 : tensor<32x784xf32>
}

// -----

// Tests that one dynamic result dimension is accepted.
// CHECK-LABEL: func.func @one_dynamic_result_dim
// CHECK: kiln.reshape %{{.+}} : (tensor<32x28x28x1xf32>) -> tensor<?x784xf32>
func.func @one_dynamic_result_dim(%x: tensor<32x28x28x1xf32>) -> tensor<?x784xf32> {
  %0 = kiln.reshape %x : (tensor<32x28x28x1xf32>) -> tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}

// -----

// Tests that a dynamic operand may be reshaped to a static result, whose size
// is then checked at run time.
// CHECK-LABEL: func.func @dynamic_operand
// CHECK: kiln.reshape %{{.+}} : (tensor<?x?xi32>) -> tensor<4x6xi32>
func.func @dynamic_operand(%x: tensor<?x?xi32>) -> tensor<4x6xi32> {
  %0 = kiln.reshape %x : (tensor<?x?xi32>) -> tensor<4x6xi32>
  return %0 : tensor<4x6xi32>
}

// -----

// Tests reshapes between a scalar and a one-element tensor, with i1 elements.
// CHECK-LABEL: func.func @scalar
// CHECK: %[[A:.+]] = kiln.reshape %{{.+}} : (tensor<i1>) -> tensor<1x1xi1>
// CHECK: kiln.reshape %[[A]] : (tensor<1x1xi1>) -> tensor<i1>
func.func @scalar(%x: tensor<i1>) -> tensor<i1> {
  %0 = kiln.reshape %x : (tensor<i1>) -> tensor<1x1xi1>
  %1 = kiln.reshape %0 : (tensor<1x1xi1>) -> tensor<i1>
  return %1 : tensor<i1>
}

// -----

// Tests that reshape to the operand's own type is legal (canonicalization
// removes it).
// CHECK-LABEL: func.func @same_type
// CHECK: kiln.reshape %{{.+}} : (tensor<4x3xui8>) -> tensor<4x3xui8>
func.func @same_type(%x: tensor<4x3xui8>) -> tensor<4x3xui8> {
  %0 = kiln.reshape %x : (tensor<4x3xui8>) -> tensor<4x3xui8>
  return %0 : tensor<4x3xui8>
}
