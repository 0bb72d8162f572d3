// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that div round-trips with equal shapes and keeps its operand order.
// CHECK-LABEL: func.func @same_shape
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = kiln.div %[[X]], %[[Y]] : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK: return %[[R]]
func.func @same_shape(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.div %x, %y : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that a rank-1 rhs broadcasts against the innermost dimension.
// CHECK-LABEL: func.func @broadcast_row
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<4x8xi32>, tensor<8xi32>) -> tensor<4x8xi32>
func.func @broadcast_row(%x: tensor<4x8xi32>, %y: tensor<8xi32>) -> tensor<4x8xi32> {
  %0 = kiln.div %x, %y : (tensor<4x8xi32>, tensor<8xi32>) -> tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}

// -----

// Tests that a lower-rank lhs broadcasts too.
// CHECK-LABEL: func.func @broadcast_lhs
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
func.func @broadcast_lhs(%x: tensor<3xi64>, %y: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %0 = kiln.div %x, %y : (tensor<3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// Tests that size-1 dimensions on both sides broadcast to an outer product.
// CHECK-LABEL: func.func @broadcast_unit_dims
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<4x1xf64>, tensor<1x3xf64>) -> tensor<4x3xf64>
func.func @broadcast_unit_dims(%x: tensor<4x1xf64>, %y: tensor<1x3xf64>) -> tensor<4x3xf64> {
  %0 = kiln.div %x, %y : (tensor<4x1xf64>, tensor<1x3xf64>) -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}

// -----

// Tests that a rank-0 operand broadcasts to the other operand's shape.
// CHECK-LABEL: func.func @scalar_operand
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<2x3xf16>, tensor<f16>) -> tensor<2x3xf16>
func.func @scalar_operand(%x: tensor<2x3xf16>, %y: tensor<f16>) -> tensor<2x3xf16> {
  %0 = kiln.div %x, %y : (tensor<2x3xf16>, tensor<f16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// Tests that two rank-0 operands of the unsigned ui8 element type are accepted.
// CHECK-LABEL: func.func @scalars
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
func.func @scalars(%x: tensor<ui8>, %y: tensor<ui8>) -> tensor<ui8> {
  %0 = kiln.div %x, %y : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  return %0 : tensor<ui8>
}

// -----

// Tests that a dynamic dimension broadcasts against a size-1 one and stays dynamic.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<?x8xbf16>, tensor<1x8xbf16>) -> tensor<?x8xbf16>
func.func @dynamic_batch(%x: tensor<?x8xbf16>, %y: tensor<1x8xbf16>) -> tensor<?x8xbf16> {
  %0 = kiln.div %x, %y : (tensor<?x8xbf16>, tensor<1x8xbf16>) -> tensor<?x8xbf16>
  return %0 : tensor<?x8xbf16>
}

// -----

// Tests that a dynamic dimension meeting a static one yields the static size.
// CHECK-LABEL: func.func @dynamic_refined
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<?xi16>, tensor<5xi16>) -> tensor<5xi16>
func.func @dynamic_refined(%x: tensor<?xi16>, %y: tensor<5xi16>) -> tensor<5xi16> {
  %0 = kiln.div %x, %y : (tensor<?xi16>, tensor<5xi16>) -> tensor<5xi16>
  return %0 : tensor<5xi16>
}

// -----

// Tests that a result type less static than the inferred one is legal.
// CHECK-LABEL: func.func @less_static_result
// CHECK: kiln.div %{{.+}}, %{{.+}} : (tensor<4x3xi8>, tensor<3xi8>) -> tensor<?x?xi8>
func.func @less_static_result(%x: tensor<4x3xi8>, %y: tensor<3xi8>) -> tensor<?x?xi8> {
  %0 = kiln.div %x, %y : (tensor<4x3xi8>, tensor<3xi8>) -> tensor<?x?xi8>
  return %0 : tensor<?x?xi8>
}
