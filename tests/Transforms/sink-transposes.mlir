// RUN: kiln-opt --split-input-file --kiln-sink-transposes %s | FileCheck %s

// NHWC window ops wrapped for an NCHW model: the out-transpose moves past
// the relu and meets the next in-transpose; both fold away.
// CHECK-LABEL: func.func @relu_between_transposes
// CHECK-SAME: (%[[X:.+]]: tensor<2x4x4x3xf32>)
// CHECK-NEXT: %[[R:.+]] = kiln.relu %[[X]] : tensor<2x4x4x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @relu_between_transposes(%x: tensor<2x4x4x3xf32>) -> tensor<2x4x4x3xf32> {
  %out = kiln.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<2x4x4x3xf32>) -> tensor<2x3x4x4xf32>
  %r = kiln.relu %out : tensor<2x3x4x4xf32>
  %in = kiln.transpose %r {perm = array<i64: 0, 2, 3, 1>} : (tensor<2x3x4x4xf32>) -> tensor<2x4x4x3xf32>
  return %in : tensor<2x4x4x3xf32>
}

// -----

// A residual add of two values transposed alike, a rank-0 operand and a
// constant (transposed at compile time) move with it; one transpose is left
// at the end.
// CHECK-LABEL: func.func @residual_add
// CHECK-SAME: (%[[A:.+]]: tensor<1x2x2x3xf32>, %[[B:.+]]: tensor<1x2x2x3xf32>, %[[S:.+]]: tensor<f32>)
// CHECK-DAG: %[[C:.+]] = kiln.constant dense<{{.+}}> : tensor<1x2x2x3xf32>
// CHECK: %[[SUM:.+]] = kiln.add %[[A]], %[[B]] : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
// CHECK: %[[SCALED:.+]] = kiln.mul %[[SUM]], %[[S]] : (tensor<1x2x2x3xf32>, tensor<f32>) -> tensor<1x2x2x3xf32>
// CHECK: %[[SHIFTED:.+]] = kiln.add %[[SCALED]], %[[C]]
// CHECK: %[[T:.+]] = kiln.transpose %[[SHIFTED]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
// CHECK: return %[[T]]
func.func @residual_add(%a: tensor<1x2x2x3xf32>, %b: tensor<1x2x2x3xf32>, %s: tensor<f32>) -> tensor<1x3x2x2xf32> {
  %ta = kiln.transpose %a {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %tb = kiln.transpose %b {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %sum = kiln.add %ta, %tb : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %scaled = kiln.mul %sum, %s : (tensor<1x3x2x2xf32>, tensor<f32>) -> tensor<1x3x2x2xf32>
  %c = kiln.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]], [[9.0, 10.0], [11.0, 12.0]]]]> : tensor<1x3x2x2xf32>
  %shifted = kiln.add %scaled, %c : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %shifted : tensor<1x3x2x2xf32>
}

// -----

// Nothing moves when it would add work or cannot: a transpose with a
// second user, operands transposed differently (the identity transpose
// folds away first), a broadcast operand of lower rank.
// CHECK-LABEL: func.func @stays
// CHECK: %[[T:.+]] = kiln.transpose %arg0
// CHECK: kiln.relu %[[T]]
// CHECK: kiln.transpose %arg1 {perm = array<i64: 1, 0>}
// CHECK: kiln.add %{{.+}}, %arg2
// CHECK: %[[T3:.+]] = kiln.transpose %arg3
// CHECK: kiln.add %[[T3]], %arg4
func.func @stays(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>, %z: tensor<2x3xf32>, %w: tensor<3x2xf32>, %bias: tensor<3xf32>)
    -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %t = kiln.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = kiln.relu %t : tensor<3x2xf32>
  %ty = kiln.transpose %y {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %tz = kiln.transpose %z {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %sum = kiln.add %ty, %tz : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %tw = kiln.transpose %w {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %biased = kiln.add %tw, %bias : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r, %t, %sum, %biased : tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
