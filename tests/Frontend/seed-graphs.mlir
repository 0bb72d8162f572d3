// Tests that the graph API's seed models (examples/graph_api) import: the
// MLP's name scopes and the CNN's conv_relu variable scopes become the
// variable names TensorFlow would give.
// RUN: kiln-seed-graphs mlp %t.mlp.pb
// RUN: kiln-translate --import-graphdef %t.mlp.pb --fetches xentropy_mean,^init | FileCheck %s --check-prefix=MLP
// RUN: kiln-seed-graphs cnn %t.cnn.pb
// RUN: kiln-translate --import-graphdef %t.cnn.pb --fetches dense/logits,^init | FileCheck %s --check-prefix=CNN

// MLP-DAG: kiln.variable @"hidden1/weights" : tensor<784x200xf32>
// MLP-DAG: kiln.variable @"hidden2/biases" : tensor<200xf32>
// MLP-DAG: kiln.variable @"softmax_linear/weights" : tensor<200x10xf32>
// MLP-LABEL: func.func @main
// MLP: kiln.sparse_softmax_cross_entropy_with_logits
// MLP: kiln.reduce_mean
// MLP: kiln.truncated_normal
// MLP: kiln.assign_variable @"hidden1/weights"

// CNN-DAG: kiln.variable @"conv1/weights" : tensor<5x5x1x32xf32>
// CNN-DAG: kiln.variable @"conv2/biases" : tensor<64xf32>
// CNN-DAG: kiln.variable @"dense/weights" : tensor<3136x10xf32>
// CNN-LABEL: func.func @main
// CNN: kiln.conv2d
// CNN: kiln.max_pool {{.+}} -> tensor<?x7x7x64xf32>
// CNN: kiln.random_normal
// CNN: kiln.random_uniform
