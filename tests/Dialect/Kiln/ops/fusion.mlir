// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests that a fusion with a multi-op body round-trips.
// CHECK-LABEL: func.func @fusion
// CHECK: kiln.fusion "matmul_bias"(%{{.+}}, %{{.+}}, %{{.+}}) : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32> {
// CHECK: kiln.matmul
// CHECK: kiln.bias_add
// CHECK: kiln.yield %{{.+}} : tensor<2x4xf32>
func.func @fusion(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.fusion "matmul_bias" (%x, %w, %b) : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x3xf32>, %c: tensor<3x4xf32>, %d: tensor<4xf32>):
    %m = kiln.matmul %a, %c : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    %s = kiln.bias_add %m, %d : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    kiln.yield %s : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}
