// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that a random op becomes an element-wise generic with no inputs
// whose body hashes the element's linear index (row * 7 + column) with the
// op's seeds; an unseeded op gets the default seed and its position.
// CHECK-LABEL: func.func @uniform
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: outs(
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.constant 7 : i64
// CHECK: arith.shrui
// CHECK: arith.sitofp
// CHECK: linalg.yield
func.func @uniform() -> tensor<3x7xf32> {
  %0 = kiln.random_uniform {seed = 5 : i64, minval = 2.0 : f64, maxval = 4.0 : f64} : tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}

// -----

// Tests Box-Muller for the normal and the eight draws of the truncated
// normal, the first inside two standard deviations winning.
// CHECK-LABEL: func.func @normals
// CHECK: linalg.generic
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.cos
// CHECK: linalg.generic
// CHECK-COUNT-8: math.cos
// CHECK: linalg.yield
func.func @normals() -> (tensor<8xf64>, tensor<8xf32>) {
  %0 = kiln.random_normal {seed = 1 : i64} : tensor<8xf64>
  %1 = kiln.truncated_normal : tensor<8xf32>
  return %0, %1 : tensor<8xf64>, tensor<8xf32>
}
