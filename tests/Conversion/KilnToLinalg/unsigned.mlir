// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that ui8 tensors lower to signless i8 with unsigned semantics:
// division is divui, maximum is maxui, the comparison is ult, and the
// conversion to f32 is uitofp; the function's types become i8 too.
// CHECK-LABEL: func.func @ops
// CHECK-SAME: (%{{.+}}: tensor<4xi8>, %{{.+}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>)
// CHECK: arith.divui
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
// CHECK: arith.uitofp
// CHECK-NOT: ui8
func.func @ops(%x: tensor<4xui8>, %y: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>) {
  %0 = kiln.div %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = kiln.maximum %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = kiln.less %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = kiln.cast %x : (tensor<4xui8>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>
}

// -----

// Tests that unsigned constants keep their bits (255 is -1 as i8).
// CHECK-LABEL: func.func @constant
// CHECK: arith.constant dense<[-1, 1]> : tensor<2xi8>
func.func @constant() -> tensor<2xui8> {
  %0 = kiln.constant dense<[255, 1]> : tensor<2xui8>
  return %0 : tensor<2xui8>
}
