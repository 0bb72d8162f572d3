// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that log_softmax round-trips on a rank-1 tensor.
// CHECK-LABEL: func.func @rank1
// CHECK-SAME: (%[[X:.+]]: tensor<10xf32>)
// CHECK: kiln.log_softmax %[[X]] : tensor<10xf32>
func.func @rank1(%x: tensor<10xf32>) -> tensor<10xf32> {
  %0 = kiln.log_softmax %x : tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

// Tests log_softmax on rank-2 logits with a dynamic batch.
// CHECK-LABEL: func.func @rank2
// CHECK: kiln.log_softmax %{{.+}} : tensor<?x10xf32>
func.func @rank2(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = kiln.log_softmax %x : tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Tests log_softmax on rank-3 bf16 logits.
// CHECK-LABEL: func.func @rank3
// CHECK: kiln.log_softmax %{{.+}} : tensor<2x3x4xbf16>
func.func @rank3(%x: tensor<2x3x4xbf16>) -> tensor<2x3x4xbf16> {
  %0 = kiln.log_softmax %x : tensor<2x3x4xbf16>
  return %0 : tensor<2x3x4xbf16>
}
