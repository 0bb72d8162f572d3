// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[100,784]' --feed 'labels:i32[100]' --target=cuda:sm_80 -o %t/step
// RUN: FileCheck %s --check-prefix=HEADER < %t/step.h
// RUN: kiln-compile %s --feed 'x:f32[100,784]' --feed 'labels:i32[100]' --target=cuda:sm_80 --emit=asm -o %t/step.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t/step.ptx -o %t/step.cubin %}

// Tests the seed MLP's training step (784-200-200-10, relu, sparse
// softmax cross-entropy, plain SGD with rate 0.1) compiled ahead of time
// for the cuda target: its six variables are device buffers the step
// reads and updates in place, its products (forward and the transposed
// gradient products) cuBLASLt calls, the rest launches of one PTX module.
// tests/unit/cuda/CudaStepTest.cpp trains it for 20 steps on a GPU against
// a float64 reference of the same updates.
// HEADER: {"x", KILN_DTYPE_F32, 2, step_input0_shape, 313600u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"labels", KILN_DTYPE_I32, 1, step_input1_shape, 400u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER-DAG: {"w1", KILN_DTYPE_F32, 2, {{.*}}, 627200u, {KILN_DEVICE_CUDA, 0}, KILN_TENSOR_READ}
// HEADER-DAG: {"b3", KILN_DTYPE_F32, 1, {{.*}}, 40u, {KILN_DEVICE_CUDA, 0}, KILN_TENSOR_READ}
kiln.variable trainable @w1 : tensor<784x200xf32>
kiln.variable trainable @b1 : tensor<200xf32>
kiln.variable trainable @w2 : tensor<200x200xf32>
kiln.variable trainable @b2 : tensor<200xf32>
kiln.variable trainable @w3 : tensor<200x10xf32>
kiln.variable trainable @b3 : tensor<10xf32>
func.func @main(%x: tensor<100x784xf32> {kiln.feed = "x"}, %labels: tensor<100xi32> {kiln.feed = "labels"}) -> tensor<f32> {
  %w1 = kiln.read_variable @w1 : tensor<784x200xf32>
  %b1 = kiln.read_variable @b1 : tensor<200xf32>
  %w2 = kiln.read_variable @w2 : tensor<200x200xf32>
  %b2 = kiln.read_variable @b2 : tensor<200xf32>
  %w3 = kiln.read_variable @w3 : tensor<200x10xf32>
  %b3 = kiln.read_variable @b3 : tensor<10xf32>
  %0 = kiln.matmul %x, %w1 : (tensor<100x784xf32>, tensor<784x200xf32>) -> tensor<100x200xf32>
  %1 = kiln.bias_add %0, %b1 : (tensor<100x200xf32>, tensor<200xf32>) -> tensor<100x200xf32>
  %h1 = kiln.relu %1 : tensor<100x200xf32>
  %2 = kiln.matmul %h1, %w2 : (tensor<100x200xf32>, tensor<200x200xf32>) -> tensor<100x200xf32>
  %3 = kiln.bias_add %2, %b2 : (tensor<100x200xf32>, tensor<200xf32>) -> tensor<100x200xf32>
  %h2 = kiln.relu %3 : tensor<100x200xf32>
  %4 = kiln.matmul %h2, %w3 : (tensor<100x200xf32>, tensor<200x10xf32>) -> tensor<100x10xf32>
  %logits = kiln.bias_add %4, %b3 : (tensor<100x10xf32>, tensor<10xf32>) -> tensor<100x10xf32>
  %loss, %backprop = kiln.sparse_softmax_cross_entropy_with_logits %logits, %labels : (tensor<100x10xf32>, tensor<100xi32>) -> (tensor<100xf32>, tensor<100x10xf32>)
  %m = kiln.reduce_mean %loss {axes = array<i64: 0>} : (tensor<100xf32>) -> tensor<f32>
  %g:6 = kiln.gradients %m wrt %w1, %b1, %w2, %b2, %w3, %b3 : tensor<f32>, (tensor<784x200xf32>, tensor<200xf32>, tensor<200x200xf32>, tensor<200xf32>, tensor<200x10xf32>, tensor<10xf32>) -> (tensor<784x200xf32>, tensor<200xf32>, tensor<200x200xf32>, tensor<200xf32>, tensor<200x10xf32>, tensor<10xf32>)
  %rate = kiln.constant dense<-0.1> : tensor<f32>
  %u1 = kiln.mul %g#0, %rate : (tensor<784x200xf32>, tensor<f32>) -> tensor<784x200xf32>
  %u2 = kiln.mul %g#1, %rate : (tensor<200xf32>, tensor<f32>) -> tensor<200xf32>
  %u3 = kiln.mul %g#2, %rate : (tensor<200x200xf32>, tensor<f32>) -> tensor<200x200xf32>
  %u4 = kiln.mul %g#3, %rate : (tensor<200xf32>, tensor<f32>) -> tensor<200xf32>
  %u5 = kiln.mul %g#4, %rate : (tensor<200x10xf32>, tensor<f32>) -> tensor<200x10xf32>
  %u6 = kiln.mul %g#5, %rate : (tensor<10xf32>, tensor<f32>) -> tensor<10xf32>
  kiln.assign_add_variable @w1, %u1 : tensor<784x200xf32>
  kiln.assign_add_variable @b1, %u2 : tensor<200xf32>
  kiln.assign_add_variable @w2, %u3 : tensor<200x200xf32>
  kiln.assign_add_variable @b2, %u4 : tensor<200xf32>
  kiln.assign_add_variable @w3, %u5 : tensor<200x10xf32>
  kiln.assign_add_variable @b3, %u6 : tensor<10xf32>
  return %m : tensor<f32>
}
