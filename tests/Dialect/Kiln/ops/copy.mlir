// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt --mlir-print-op-generic %s | kiln-opt | FileCheck %s

// Tests that kiln.copy and #kiln.device round-trip.
// CHECK-LABEL: func.func @to_gpu
// CHECK: %[[C:.+]] = kiln.copy %{{.+}} {device = #kiln.device<"GPU", 0>} : tensor<2x3xf32>
// CHECK: kiln.relu %[[C]] {device = #kiln.device<"GPU", 0>} : tensor<2x3xf32>
func.func @to_gpu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.copy %x {device = #kiln.device<"GPU", 0>} : tensor<2x3xf32>
  %1 = kiln.relu %0 {device = #kiln.device<"GPU", 0>} : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
