// The seed MLP's inference step (784-200-200-10, relu) as the GraphDef
// importer will produce it: the placeholder feeds a batch of 32, the ops
// behind it still carry TensorFlow's unknown batch (-1, here `?`), and
// weights and biases are variables. scripts/run-example.sh runs the
// import-cleanup pipeline on it: shapes are refined from the feed, the
// identity scaling folds away.
module {
  kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
  kiln.variable trainable @"hidden1/biases" : tensor<200xf32>
  kiln.variable trainable @"hidden2/weights" : tensor<200x200xf32>
  kiln.variable trainable @"hidden2/biases" : tensor<200xf32>
  kiln.variable trainable @"softmax_linear/weights" : tensor<200x10xf32>
  kiln.variable trainable @"softmax_linear/biases" : tensor<10xf32>

  func.func @inference(%images: tensor<32x784xf32>) -> (tensor<?x10xf32>, tensor<?xi64>) {
    %scale = kiln.constant dense<1.0> : tensor<f32>
    %x = kiln.mul %images, %scale : (tensor<32x784xf32>, tensor<f32>) -> tensor<?x784xf32>

    %w1 = kiln.read_variable @"hidden1/weights" : tensor<784x200xf32>
    %b1 = kiln.read_variable @"hidden1/biases" : tensor<200xf32>
    %m1 = kiln.matmul %x, %w1 : (tensor<?x784xf32>, tensor<784x200xf32>) -> tensor<?x200xf32>
    %a1 = kiln.bias_add %m1, %b1 : (tensor<?x200xf32>, tensor<200xf32>) -> tensor<?x200xf32>
    %h1 = kiln.relu %a1 : tensor<?x200xf32>

    %w2 = kiln.read_variable @"hidden2/weights" : tensor<200x200xf32>
    %b2 = kiln.read_variable @"hidden2/biases" : tensor<200xf32>
    %m2 = kiln.matmul %h1, %w2 : (tensor<?x200xf32>, tensor<200x200xf32>) -> tensor<?x200xf32>
    %a2 = kiln.bias_add %m2, %b2 : (tensor<?x200xf32>, tensor<200xf32>) -> tensor<?x200xf32>
    %h2 = kiln.relu %a2 : tensor<?x200xf32>

    %w3 = kiln.read_variable @"softmax_linear/weights" : tensor<200x10xf32>
    %b3 = kiln.read_variable @"softmax_linear/biases" : tensor<10xf32>
    %m3 = kiln.matmul %h2, %w3 : (tensor<?x200xf32>, tensor<200x10xf32>) -> tensor<?x10xf32>
    %logits = kiln.bias_add %m3, %b3 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>

    %probabilities = kiln.softmax %logits : tensor<?x10xf32>
    %classes = kiln.argmax %logits {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
    return %probabilities, %classes : tensor<?x10xf32>, tensor<?xi64>
  }
}
