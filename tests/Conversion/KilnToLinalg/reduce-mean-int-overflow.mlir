// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Integer means as TensorFlow computes them (reduction_ops.h,
// CASTING_SPECIALIZATION): int8/16/32/64 inputs are summed in int64, the sum
// is divided by the element count in int64, and the quotient is cast back.
// The count must not be materialized in the narrow element type, where 256
// wraps to 0 in i8 (a division by zero) and 200 to -56.

// Tests that an i8 mean over 256 elements divides an i64 sum by 256 : i64.
// CHECK-LABEL: func.func @mean_i8_256
// CHECK-SAME: (%[[X:.+]]: tensor<16x16xi8>)
// CHECK-NOT: kiln.
// CHECK-DAG: arith.extsi %{{.+}} : i8 to i64
// CHECK-DAG: %[[COUNT:.+]] = arith.constant 256 : i64
// CHECK: arith.divsi %{{.+}}, %[[COUNT]] : i64
// CHECK: arith.trunci %{{.+}} : i64 to i8
// CHECK-NOT: arith.divsi {{.+}} : i8
// CHECK: return
func.func @mean_i8_256(%x: tensor<16x16xi8>) -> tensor<i8> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 0, 1>} : (tensor<16x16xi8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

// Tests that an i8 mean over 200 elements divides by 200, not by -56.
// CHECK-LABEL: func.func @mean_i8_200
// CHECK-NOT: kiln.
// CHECK-DAG: arith.extsi %{{.+}} : i8 to i64
// CHECK-DAG: %[[COUNT:.+]] = arith.constant 200 : i64
// CHECK: arith.divsi %{{.+}}, %[[COUNT]] : i64
// CHECK: arith.trunci %{{.+}} : i64 to i8
// CHECK-NOT: arith.constant -56 : i8
func.func @mean_i8_200(%x: tensor<200xi8>) -> tensor<i8> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 0>} : (tensor<200xi8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

// Tests that an i32 mean accumulates in i64 so that the sum cannot overflow.
// CHECK-LABEL: func.func @mean_i32
// CHECK-NOT: kiln.
// CHECK-DAG: arith.extsi %{{.+}} : i32 to i64
// CHECK-DAG: %[[COUNT:.+]] = arith.constant 8 : i64
// CHECK: arith.divsi %{{.+}}, %[[COUNT]] : i64
// CHECK: arith.trunci %{{.+}} : i64 to i32
func.func @mean_i32(%x: tensor<4x8xi32>) -> tensor<4xi32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 1>} : (tensor<4x8xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
