// kiln.gradients exports as the backward ops TensorFlow's tf.gradients
// writes (TensorFlow has no KilnGradients), under "<gradients>/..._grad/";
// the gradients node keeps its name as an IdentityN of the results. The
// exported graph imports back into kiln and computes the same gradients
// as kiln's own autodiff on this module (tests/interop runs it in
// TensorFlow).
// RUN: kiln-translate --export-graphdef %s --text | FileCheck %s --implicit-check-not=KilnGradients
// RUN: kiln-translate --export-graphdef %s -o %t.pb
// RUN: kiln-translate --import-graphdef %t.pb --fetches grads:0,grads:1 | FileCheck %s --check-prefix=REIMPORT

// CHECK-NOT: KilnGradients
// CHECK: op: "SparseSoftmaxCrossEntropyWithLogits"
// CHECK: name: "grads"
// CHECK-NEXT: op: "IdentityN"
// CHECK-DAG: name: "grads/logits_grad/BiasAddGrad"
// CHECK-DAG: name: "grads/h_grad/ReluGrad"
// CHECK-DAG: name: "grads/pre_grad/MatMul_1"

// REIMPORT: func.func @main
// REIMPORT: kiln.matmul {{.*}}transpose_a = true
// REIMPORT: return {{.*}} : tensor<4x3xf32>, tensor<3xf32>
func.func @main(%x: tensor<5x4xf32> {kiln.feed = "x"}, %w: tensor<4x3xf32> {kiln.feed = "w"},
                %b: tensor<3xf32> {kiln.feed = "b"}, %l: tensor<5xi64> {kiln.feed = "labels"})
    -> (tensor<4x3xf32>, tensor<3xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<5x4xf32>, tensor<4x3xf32>) -> tensor<5x3xf32> loc("pre")
  %1 = kiln.relu %0 : tensor<5x3xf32> loc("h")
  %2 = kiln.bias_add %1, %b : (tensor<5x3xf32>, tensor<3xf32>) -> tensor<5x3xf32> loc("logits")
  %loss, %bp = kiln.sparse_softmax_cross_entropy_with_logits %2, %l : (tensor<5x3xf32>, tensor<5xi64>) -> (tensor<5xf32>, tensor<5x3xf32>) loc("xent")
  %m = kiln.reduce_mean %loss {axes = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32> loc("loss")
  %dw, %db = kiln.gradients %m wrt %w, %b : tensor<f32>, (tensor<4x3xf32>, tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>) loc("grads")
  return %dw, %db : tensor<4x3xf32>, tensor<3xf32>
}
