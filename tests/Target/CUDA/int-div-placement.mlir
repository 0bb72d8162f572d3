// RUN: kiln-opt --kiln-place-ops='targets=x86-64,cuda soft-placement=true' %s | FileCheck %s

// Tests that integer division, which checks its divisors at run time, has
// a GPU kernel like float division (the check's first bad position is
// reduced on the GPU and read by the host, map-kernels-to-gpu.mlir).
// CHECK-LABEL: func.func @divisions
// CHECK: kiln.div {{.+}} {device = #kiln.device<"GPU", 0>} : (tensor<4xi32>, tensor<4xi32>)
// CHECK: kiln.div {{.+}} {device = #kiln.device<"GPU", 0>} : (tensor<4xf32>, tensor<4xf32>)
func.func @divisions(%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.div %a, %b {device = "/gpu:0"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.div %x, %y {device = "/gpu:0"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi32>, tensor<4xf32>
}
