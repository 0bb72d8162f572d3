// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that bias_add round-trips on a rank-2 (dense layer) value.
// CHECK-LABEL: func.func @rank2
// CHECK-SAME: (%[[X:.+]]: tensor<32x200xf32>, %[[B:.+]]: tensor<200xf32>)
// CHECK: kiln.bias_add %[[X]], %[[B]] : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
func.func @rank2(%x: tensor<32x200xf32>, %b: tensor<200xf32>) -> tensor<32x200xf32> {
  %0 = kiln.bias_add %x, %b : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
  return %0 : tensor<32x200xf32>
}

// -----

// Tests that bias_add adds along the innermost (channel) dimension of NHWC.
// CHECK-LABEL: func.func @rank4
// CHECK: kiln.bias_add {{.+}} : (tensor<8x28x28x32xf16>, tensor<32xf16>) -> tensor<8x28x28x32xf16>
func.func @rank4(%x: tensor<8x28x28x32xf16>, %b: tensor<32xf16>) -> tensor<8x28x28x32xf16> {
  %0 = kiln.bias_add %x, %b : (tensor<8x28x28x32xf16>, tensor<32xf16>) -> tensor<8x28x28x32xf16>
  return %0 : tensor<8x28x28x32xf16>
}

// -----

// Tests dynamic batch and channel dimensions, with the channel count known
// from the bias only.
// CHECK-LABEL: func.func @dynamic
// CHECK: kiln.bias_add {{.+}} : (tensor<?x?xi32>, tensor<16xi32>) -> tensor<?x16xi32>
// CHECK: kiln.bias_add {{.+}} : (tensor<?x?xi32>, tensor<16xi32>) -> tensor<?x?xi32>
func.func @dynamic(%x: tensor<?x?xi32>, %b: tensor<16xi32>) -> (tensor<?x16xi32>, tensor<?x?xi32>) {
  %0 = kiln.bias_add %x, %b : (tensor<?x?xi32>, tensor<16xi32>) -> tensor<?x16xi32>
  %1 = kiln.bias_add %x, %b : (tensor<?x?xi32>, tensor<16xi32>) -> tensor<?x?xi32>
  return %0, %1 : tensor<?x16xi32>, tensor<?x?xi32>
}
