// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that concat of two inputs along the innermost axis round-trips.
// CHECK-LABEL: func.func @two_inputs
// CHECK-SAME: (%[[A:.+]]: tensor<4x3xf32>, %[[B:.+]]: tensor<4x5xf32>)
// CHECK: %[[C:.+]] = kiln.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x8xf32>
// CHECK: return %[[C]]
func.func @two_inputs(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) -> tensor<4x8xf32> {
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests a negative axis (counted from the innermost dimension) and three
// inputs.
// CHECK-LABEL: func.func @negative_axis
// CHECK: kiln.concat %{{.+}}, %{{.+}}, %{{.+}} {axis = -2 : i64} : (tensor<1x2xi32>, tensor<2x2xi32>, tensor<3x2xi32>) -> tensor<6x2xi32>
func.func @negative_axis(%a: tensor<1x2xi32>, %b: tensor<2x2xi32>, %c: tensor<3x2xi32>) -> tensor<6x2xi32> {
  %0 = kiln.concat %a, %b, %c {axis = -2 : i64} : (tensor<1x2xi32>, tensor<2x2xi32>, tensor<3x2xi32>) -> tensor<6x2xi32>
  return %0 : tensor<6x2xi32>
}

// -----

// Tests that a dynamic size along the axis makes the result's size dynamic,
// and that a dynamic size in another dimension takes the static one.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.concat %{{.+}}, %{{.+}} {axis = 0 : i64} : (tensor<?x?xf64>, tensor<2x3xf64>) -> tensor<?x3xf64>
func.func @dynamic(%a: tensor<?x?xf64>, %b: tensor<2x3xf64>) -> tensor<?x3xf64> {
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<?x?xf64>, tensor<2x3xf64>) -> tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// -----

// Tests a single input of bool elements.
// CHECK-LABEL: func.func @single_input
// CHECK: kiln.concat %{{.+}} {axis = 0 : i64} : (tensor<4xi1>) -> tensor<4xi1>
func.func @single_input(%a: tensor<4xi1>) -> tensor<4xi1> {
  %0 = kiln.concat %a {axis = 0 : i64} : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
