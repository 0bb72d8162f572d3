// RUN: kiln-opt --kiln-place-ops='targets=x86-64,cuda soft-placement=true' %s | FileCheck %s

// Tests that ops with run-time checks have GPU kernels (a check's first
// bad position is reduced on the GPU and read by the host,
// map-kernels-to-gpu.mlir): integer division like float division, the
// sparse cross-entropy and gather.
// CHECK-LABEL: func.func @divisions
// CHECK: kiln.div {{.+}} {device = #kiln.device<"GPU", 0>} : (tensor<4xi32>, tensor<4xi32>)
// CHECK: kiln.div {{.+}} {device = #kiln.device<"GPU", 0>} : (tensor<4xf32>, tensor<4xf32>)
// The cross-entropy's label check, a gather's index check and an unsorted
// segment sum's (a scatter, atomic adds on the GPU) as well.
// CHECK: kiln.sparse_softmax_cross_entropy_with_logits {{.+}} {device = #kiln.device<"GPU", 0>}
// CHECK: kiln.gather {{.+}} {axis = 0 : i64, device = #kiln.device<"GPU", 0>}
// CHECK: kiln.unsorted_segment_sum {{.+}} {device = #kiln.device<"GPU", 0>, num_segments = 3 : i64}
func.func @divisions(%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.div %a, %b {device = "/gpu:0"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.div %x, %y {device = "/gpu:0"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi32>, tensor<4xf32>
}
func.func @checked(%logits: tensor<4x3xf32>, %labels: tensor<4xi32>, %table: tensor<5x2xf32>, %ids: tensor<4xi32>) -> (tensor<4xf32>, tensor<4x3xf32>, tensor<4x2xf32>, tensor<3x2xf32>) {
  %loss, %backprop = kiln.sparse_softmax_cross_entropy_with_logits %logits, %labels {device = "/gpu:0"} : (tensor<4x3xf32>, tensor<4xi32>) -> (tensor<4xf32>, tensor<4x3xf32>)
  %rows = kiln.gather %table, %ids {axis = 0 : i64, device = "/gpu:0"} : (tensor<5x2xf32>, tensor<4xi32>) -> tensor<4x2xf32>
  %sums = kiln.unsorted_segment_sum %rows, %ids {num_segments = 3 : i64, device = "/gpu:0"} : (tensor<4x2xf32>, tensor<4xi32>) -> tensor<3x2xf32>
  return %loss, %backprop, %rows, %sums : tensor<4xf32>, tensor<4x3xf32>, tensor<4x2xf32>, tensor<3x2xf32>
}
