// y = relu(x W + b) for a 2x3 input: small exact values, so both programs
// print numbers a reader can check by hand (0 2.75 0 2 for the input they
// feed).
func.func @main(%x: tensor<2x3xf32> {kiln.feed = "x"}) -> tensor<2x2xf32> {
  %w = kiln.constant dense<[[1.0, -1.0], [0.5, 2.0], [-2.0, 0.25]]> : tensor<3x2xf32>
  %b = kiln.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %m = kiln.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %a = kiln.bias_add %m, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %y = kiln.relu %a : tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
