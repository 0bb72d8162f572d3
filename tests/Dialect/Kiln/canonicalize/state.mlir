// RUN: kiln-opt --split-input-file --canonicalize --cse %s | FileCheck %s

// Tests that identical random_normal ops are neither merged nor removed when
// unused: each draws new numbers and advances the generator.
// CHECK-LABEL: func.func @random_normal_kept
// CHECK: %[[A:.+]] = kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
// CHECK: %[[B:.+]] = kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
// CHECK: kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @random_normal_kept() -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
  %1 = kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
  %2 = kiln.random_normal {seed = 42 : i64} : tensor<3x4xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// Tests that unused and duplicated truncated_normal and random_uniform ops
// are kept.
// CHECK-LABEL: func.func @other_generators_kept
// CHECK: kiln.truncated_normal {seed = 1 : i64} : tensor<2xf32>
// CHECK: kiln.truncated_normal {seed = 1 : i64} : tensor<2xf32>
// CHECK: kiln.random_uniform : tensor<2xf32>
// CHECK: kiln.random_uniform : tensor<2xf32>
func.func @other_generators_kept() {
  %0 = kiln.truncated_normal {seed = 1 : i64} : tensor<2xf32>
  %1 = kiln.truncated_normal {seed = 1 : i64} : tensor<2xf32>
  %2 = kiln.random_uniform : tensor<2xf32>
  %3 = kiln.random_uniform : tensor<2xf32>
  return
}

// -----

// Tests that a read is not merged with an identical read across an
// assignment to the variable.
// CHECK-LABEL: func.func @read_assign_read
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[BEFORE:.+]] = kiln.read_variable @v : tensor<4xf32>
// CHECK: kiln.assign_variable @v, %[[X]] : tensor<4xf32>
// CHECK: %[[AFTER:.+]] = kiln.read_variable @v : tensor<4xf32>
// CHECK: return %[[BEFORE]], %[[AFTER]]
kiln.variable @v : tensor<4xf32>
func.func @read_assign_read(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.read_variable @v : tensor<4xf32>
  kiln.assign_variable @v, %x : tensor<4xf32>
  %1 = kiln.read_variable @v : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that a read stays after the assign_add_variable that precedes it.
// CHECK-LABEL: func.func @assign_add_then_read
// CHECK: %[[BEFORE:.+]] = kiln.read_variable @global_step : tensor<i64>
// CHECK: kiln.assign_add_variable @global_step
// CHECK: %[[AFTER:.+]] = kiln.read_variable @global_step : tensor<i64>
// CHECK: return %[[BEFORE]], %[[AFTER]]
kiln.variable @global_step : tensor<i64>
func.func @assign_add_then_read() -> (tensor<i64>, tensor<i64>) {
  %one = kiln.constant dense<1> : tensor<i64>
  %0 = kiln.read_variable @global_step : tensor<i64>
  kiln.assign_add_variable @global_step, %one : tensor<i64>
  %1 = kiln.read_variable @global_step : tensor<i64>
  return %0, %1 : tensor<i64>, tensor<i64>
}

// -----

// Tests that assignments are kept although nothing reads the variable
// afterwards.
// CHECK-LABEL: func.func @assign_kept
// CHECK: kiln.assign_variable @v, %{{.+}} : tensor<4xf32>
// CHECK: kiln.assign_variable @v, %{{.+}} : tensor<4xf32>
kiln.variable @v : tensor<4xf32>
func.func @assign_kept(%x: tensor<4xf32>, %y: tensor<4xf32>) {
  kiln.assign_variable @v, %x : tensor<4xf32>
  kiln.assign_variable @v, %y : tensor<4xf32>
  return
}

// -----

// Tests that identical constants are merged.
// CHECK-LABEL: func.func @constants_merged
// CHECK: %[[C:.+]] = kiln.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NOT: kiln.constant
// CHECK: return %[[C]], %[[C]]
func.func @constants_merged() -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %1 = kiln.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that constants differing only in type are not merged.
// CHECK-LABEL: func.func @constants_by_type
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[D:.+]] = kiln.constant dense<1.000000e+00> : tensor<4xf64>
// CHECK: return %[[F]], %[[D]]
func.func @constants_by_type() -> (tensor<4xf32>, tensor<4xf64>) {
  %0 = kiln.constant dense<1.0> : tensor<4xf32>
  %1 = kiln.constant dense<1.0> : tensor<4xf64>
  return %0, %1 : tensor<4xf32>, tensor<4xf64>
}
