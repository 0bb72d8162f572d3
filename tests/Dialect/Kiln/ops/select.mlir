// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that select round-trips with equal shapes and keeps its operand order.
// CHECK-LABEL: func.func @same_shape
// CHECK-SAME: (%[[C:.+]]: tensor<4x8xi1>, %[[T:.+]]: tensor<4x8xf32>, %[[F:.+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = kiln.select %[[C]], %[[T]], %[[F]] : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK: return %[[R]]
func.func @same_shape(%c: tensor<4x8xi1>, %t: tensor<4x8xf32>, %f: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.select %c, %t, %f : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that all three operands broadcast together (TensorFlow's SelectV2).
// CHECK-LABEL: func.func @broadcast_three_way
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<4x1xi1>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
func.func @broadcast_three_way(%c: tensor<4x1xi1>, %t: tensor<4x3xf32>, %f: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.select %c, %t, %f : (tensor<4x1xi1>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that the condition alone may set the result's shape.
// CHECK-LABEL: func.func @condition_sets_shape
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<2x3xi1>, tensor<3xf64>, tensor<f64>) -> tensor<2x3xf64>
func.func @condition_sets_shape(%c: tensor<2x3xi1>, %t: tensor<3xf64>, %f: tensor<f64>) -> tensor<2x3xf64> {
  %0 = kiln.select %c, %t, %f : (tensor<2x3xi1>, tensor<3xf64>, tensor<f64>) -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

// Tests that a rank-0 condition selects whole integer tensors.
// CHECK-LABEL: func.func @scalar_condition
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<i1>, tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
func.func @scalar_condition(%c: tensor<i1>, %t: tensor<2x2xi32>, %f: tensor<2x2xi32>) -> tensor<2x2xi32> {
  %0 = kiln.select %c, %t, %f : (tensor<i1>, tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// Tests that all-scalar operands produce a scalar.
// CHECK-LABEL: func.func @scalars
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<i1>, tensor<ui8>, tensor<ui8>) -> tensor<ui8>
func.func @scalars(%c: tensor<i1>, %t: tensor<ui8>, %f: tensor<ui8>) -> tensor<ui8> {
  %0 = kiln.select %c, %t, %f : (tensor<i1>, tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  return %0 : tensor<ui8>
}

// -----

// Tests that i1 values are accepted, unlike in the arithmetic ops.
// CHECK-LABEL: func.func @bool_values
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<4xi1>, tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
func.func @bool_values(%c: tensor<4xi1>, %t: tensor<4xi1>, %f: tensor<1xi1>) -> tensor<4xi1> {
  %0 = kiln.select %c, %t, %f : (tensor<4xi1>, tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that dynamic dimensions propagate and refine against static ones.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?x1xi1>, tensor<?x4xbf16>, tensor<1x4xbf16>) -> tensor<?x4xbf16>
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<6xi64>, tensor<?xi64>) -> tensor<6xi64>
func.func @dynamic(%c: tensor<?x1xi1>, %t: tensor<?x4xbf16>, %f: tensor<1x4xbf16>, %c2: tensor<?xi1>, %t2: tensor<6xi64>, %f2: tensor<?xi64>) -> (tensor<?x4xbf16>, tensor<6xi64>) {
  %0 = kiln.select %c, %t, %f : (tensor<?x1xi1>, tensor<?x4xbf16>, tensor<1x4xbf16>) -> tensor<?x4xbf16>
  %1 = kiln.select %c2, %t2, %f2 : (tensor<?xi1>, tensor<6xi64>, tensor<?xi64>) -> tensor<6xi64>
  return %0, %1 : tensor<?x4xbf16>, tensor<6xi64>
}

// -----

// Tests that a result type less static than the inferred one is legal.
// CHECK-LABEL: func.func @less_static_result
// CHECK: kiln.select %{{.+}}, %{{.+}}, %{{.+}} : (tensor<2xi1>, tensor<2xf16>, tensor<2xf16>) -> tensor<?xf16>
func.func @less_static_result(%c: tensor<2xi1>, %t: tensor<2xf16>, %f: tensor<2xf16>) -> tensor<?xf16> {
  %0 = kiln.select %c, %t, %f : (tensor<2xi1>, tensor<2xf16>, tensor<2xf16>) -> tensor<?xf16>
  return %0 : tensor<?xf16>
}
