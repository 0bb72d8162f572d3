// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that in_top_k round-trips with i32 targets, giving one bool per row.
// CHECK-LABEL: func.func @i32_targets
// CHECK-SAME: (%[[P:.+]]: tensor<32x10xf32>, %[[T:.+]]: tensor<32xi32>)
// CHECK: kiln.in_top_k %[[P]], %[[T]] {k = 1 : i64} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<32xi1>
func.func @i32_targets(%p: tensor<32x10xf32>, %t: tensor<32xi32>) -> tensor<32xi1> {
  %0 = kiln.in_top_k %p, %t {k = 1 : i64} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<32xi1>
  return %0 : tensor<32xi1>
}

// -----

// Tests i64 targets, f16 predictions and k larger than one.
// CHECK-LABEL: func.func @i64_targets
// CHECK: kiln.in_top_k %{{.+}}, %{{.+}} {k = 5 : i64} : (tensor<4x10xf16>, tensor<4xi64>) -> tensor<4xi1>
func.func @i64_targets(%p: tensor<4x10xf16>, %t: tensor<4xi64>) -> tensor<4xi1> {
  %0 = kiln.in_top_k %p, %t {k = 5 : i64} : (tensor<4x10xf16>, tensor<4xi64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that k = 0 is accepted (every result is false).
// CHECK-LABEL: func.func @k_zero
// CHECK: kiln.in_top_k %{{.+}}, %{{.+}} {k = 0 : i64}
func.func @k_zero(%p: tensor<4x10xf32>, %t: tensor<4xi32>) -> tensor<4xi1> {
  %0 = kiln.in_top_k %p, %t {k = 0 : i64} : (tensor<4x10xf32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests a dynamic batch, including one known only from the targets.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: kiln.in_top_k {{.+}} : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xi1>
// CHECK: kiln.in_top_k {{.+}} : (tensor<?x10xf32>, tensor<8xi32>) -> tensor<8xi1>
func.func @dynamic_batch(%p: tensor<?x10xf32>, %t: tensor<?xi32>, %u: tensor<8xi32>) -> (tensor<?xi1>, tensor<8xi1>) {
  %0 = kiln.in_top_k %p, %t {k = 3 : i64} : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xi1>
  %1 = kiln.in_top_k %p, %u {k = 3 : i64} : (tensor<?x10xf32>, tensor<8xi32>) -> tensor<8xi1>
  return %0, %1 : tensor<?xi1>, tensor<8xi1>
}
