// RUN: kiln-opt --kiln-place-ops='targets=x86-64,cuda soft-placement=true' %s | FileCheck %s

// Tests that integer division, which checks its divisors at run time, has
// no GPU kernel (GPU kernels cannot report a failed check yet): asked for
// the GPU, it falls back to the CPU, while float division runs there.
// CHECK-LABEL: func.func @divisions
// CHECK: kiln.div {{.+}} {device = #kiln.device<"CPU", 0>} : (tensor<4xi32>, tensor<4xi32>)
// CHECK: kiln.div {{.+}} {device = #kiln.device<"GPU", 0>} : (tensor<4xf32>, tensor<4xf32>)
func.func @divisions(%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.div %a, %b {device = "/gpu:0"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.div %x, %y {device = "/gpu:0"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi32>, tensor<4xf32>
}
