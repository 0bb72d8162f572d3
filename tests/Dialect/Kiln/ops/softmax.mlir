// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that softmax round-trips on a rank-1 tensor.
// CHECK-LABEL: func.func @rank1
// CHECK-SAME: (%[[X:.+]]: tensor<10xf32>)
// CHECK: kiln.softmax %[[X]] : tensor<10xf32>
func.func @rank1(%x: tensor<10xf32>) -> tensor<10xf32> {
  %0 = kiln.softmax %x : tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

// Tests softmax on rank-2 logits with a dynamic batch.
// CHECK-LABEL: func.func @rank2
// CHECK: kiln.softmax %{{.+}} : tensor<?x10xf64>
func.func @rank2(%x: tensor<?x10xf64>) -> tensor<?x10xf64> {
  %0 = kiln.softmax %x : tensor<?x10xf64>
  return %0 : tensor<?x10xf64>
}

// -----

// Tests softmax on rank-3 f16 logits.
// CHECK-LABEL: func.func @rank3
// CHECK: kiln.softmax %{{.+}} : tensor<2x3x4xf16>
func.func @rank3(%x: tensor<2x3x4xf16>) -> tensor<2x3x4xf16> {
  %0 = kiln.softmax %x : tensor<2x3x4xf16>
  return %0 : tensor<2x3x4xf16>
}
