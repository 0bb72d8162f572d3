// An f16 segment sum: the f16 atomic add (segment-sum.mlir).
func.func @main(%h: tensor<4xf16> {kiln.feed = "h"},
                %ids: tensor<4xi32> {kiln.feed = "ids"}) -> tensor<2xf16> {
  %0 = kiln.unsorted_segment_sum %h, %ids {num_segments = 2 : i64, device = "/gpu:0"} : (tensor<4xf16>, tensor<4xi32>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}
