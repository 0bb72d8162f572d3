// A frozen toy classifier (4 features -> 8 relu -> 3 classes) with its
// weights as constants: what `kiln-run` compiles and runs in
// scripts/run-example.sh. Real frozen GraphDefs (.pb) run the same way.
func.func @main(%x: tensor<?x4xf32> {kiln.feed = "x"}) -> (tensor<?x3xf32>, tensor<?xi64>) {
  %w1 = kiln.constant dense<[[-0.7313, 0.6949, 0.5275, -0.4899, -0.0091, -0.1010, 0.3032, 0.5774], [-0.8123, -0.9433, 0.6715, -0.1345, 0.5246, -0.9958, -0.1092, 0.4431], [-0.5425, 0.8905, 0.8029, -0.9388, -0.9491, 0.0828, 0.8783, -0.2376], [-0.5668, -0.1558, -0.9419, -0.5566, -0.1242, -0.0084, -0.5338, -0.5383]]> : tensor<4x8xf32>
  %b1 = kiln.constant dense<[-0.0562, -0.0081, -0.0420, -0.0957, 0.0675, 0.0113, 0.0285, -0.0628]> : tensor<8xf32>
  %w2 = kiln.constant dense<[[0.9851, 0.7199, -0.7582], [-0.3346, 0.4430, 0.4224], [0.8729, -0.1558, 0.6601], [0.3406, -0.3933, 0.1752], [0.7650, 0.6924, 0.0106], [0.1780, -0.9309, -0.5145], [0.5948, -0.1714, -0.6540], [0.0976, 0.4061, 0.3490]]> : tensor<8x3xf32>
  %b2 = kiln.constant dense<[-0.0251, -0.0122, 0.0017]> : tensor<3xf32>
  %m1 = kiln.matmul %x, %w1 : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  %a1 = kiln.bias_add %m1, %b1 : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %h = kiln.relu %a1 : tensor<?x8xf32>
  %m2 = kiln.matmul %h, %w2 : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  %logits = kiln.bias_add %m2, %b2 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %p = kiln.softmax %logits : tensor<?x3xf32>
  %class = kiln.argmax %logits {axis = 1 : i64} : (tensor<?x3xf32>) -> tensor<?xi64>
  return %p, %class : tensor<?x3xf32>, tensor<?xi64>
}
