// A step with an unsorted segment sum (atomic adds on a GPU), for
// step-ops.mlir.
func.func @main(%data: tensor<6x4xf32> {kiln.feed = "data"}, %ids: tensor<6xi32> {kiln.feed = "ids"}) -> tensor<3x4xf32> {
  %s = kiln.unsorted_segment_sum %data, %ids {num_segments = 3 : i64} : (tensor<6x4xf32>, tensor<6xi32>) -> tensor<3x4xf32>
  return %s : tensor<3x4xf32>
}
