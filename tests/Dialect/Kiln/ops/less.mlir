// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that less round-trips with equal shapes and produces an i1 tensor.
// CHECK-LABEL: func.func @same_shape
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<4x8xf32>) -> tensor<4x8xi1>
// CHECK: %[[R:.+]] = kiln.less %[[X]], %[[Y]] : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
// CHECK: return %[[R]]
func.func @same_shape(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xi1> {
  %0 = kiln.less %x, %y : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}

// -----

// Tests that size-1 dimensions broadcast and the result has the broadcast shape.
// CHECK-LABEL: func.func @broadcast_unit_dims
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi1>
func.func @broadcast_unit_dims(%x: tensor<4x1xi64>, %y: tensor<3xi64>) -> tensor<4x3xi1> {
  %0 = kiln.less %x, %y : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi1>
  return %0 : tensor<4x3xi1>
}

// -----

// Tests that a rank-0 operand broadcasts to the other operand's shape.
// CHECK-LABEL: func.func @scalar_operand
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<f64>, tensor<2x5xf64>) -> tensor<2x5xi1>
func.func @scalar_operand(%x: tensor<f64>, %y: tensor<2x5xf64>) -> tensor<2x5xi1> {
  %0 = kiln.less %x, %y : (tensor<f64>, tensor<2x5xf64>) -> tensor<2x5xi1>
  return %0 : tensor<2x5xi1>
}

// -----

// Tests that two rank-0 ui8 operands produce a rank-0 i1.
// CHECK-LABEL: func.func @scalars
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
func.func @scalars(%x: tensor<ui8>, %y: tensor<ui8>) -> tensor<i1> {
  %0 = kiln.less %x, %y : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
  return %0 : tensor<i1>
}

// -----

// Tests that a dynamic dimension propagates to the result.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xi1>
func.func @dynamic_batch(%x: tensor<?x3xf16>, %y: tensor<3xf16>) -> tensor<?x3xi1> {
  %0 = kiln.less %x, %y : (tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// -----

// Tests that a result type less static than the inferred one is legal.
// CHECK-LABEL: func.func @less_static_result
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<2x3xbf16>, tensor<2x3xbf16>) -> tensor<?x3xi1>
func.func @less_static_result(%x: tensor<2x3xbf16>, %y: tensor<2x3xbf16>) -> tensor<?x3xi1> {
  %0 = kiln.less %x, %y : (tensor<2x3xbf16>, tensor<2x3xbf16>) -> tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// -----

// Tests that less accepts the narrower integer element types.
// CHECK-LABEL: func.func @integers
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi1>
// CHECK: kiln.less %{{.+}}, %{{.+}} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
func.func @integers(%a: tensor<4xi8>, %b: tensor<4xi16>, %c: tensor<4xi32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.less %a, %a : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  %1 = kiln.less %b, %b : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi1>
  %2 = kiln.less %c, %c : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}
