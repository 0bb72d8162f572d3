// Tests that an AOT-compiled training step and kiln's checkpoint library
// make one self-contained program, with no compiler: the step's info names
// its variables, so the program restores them by name from a TensorFlow
// V2 checkpoint, trains, and saves them back. A first run starts from
// fresh values and trains 3 steps; a second run resumes from the
// checkpoint and trains 2 more; the weights after all 5 match the closed
// form computed in double in the program.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'target:f32[4]' -o %t/sgd > /dev/null
// RUN: c++ -std=c++17 -I%kiln_src/runtime/include -I%t %S/Inputs/train_artifact.cpp %t/sgd.o %kiln_checkpoint_libs -o %t/train_artifact
// RUN: %t/train_artifact %t/ckpt 3 | FileCheck %s --check-prefix=FIRST
// RUN: %t/train_artifact %t/ckpt 2 | FileCheck %s --check-prefix=RESUMED
// RUN: kiln-checkpoint list %t/ckpt | FileCheck %s --check-prefix=LIST

// FIRST: no checkpoint at {{.*}}ckpt: starting from fresh values
// FIRST-NEXT: step 1: loss 10
// FIRST: step 3: loss
// FIRST-NEXT: saved 2 variables to {{.*}}ckpt after 3 steps
// RESUMED: restored 2 variables from {{.*}}ckpt: 3 steps done
// RESUMED: step 5: loss
// RESUMED-NEXT: saved 2 variables to {{.*}}ckpt after 5 steps
// RESUMED-NEXT: weights match the closed form after 5 steps
// LIST-DAG: global_step
// LIST-DAG: weights

kiln.variable trainable @weights : tensor<4xf32>
kiln.variable @global_step : tensor<i64>

// One gradient descent step on loss = sum((w - target)^2): the gradient is
// 2 (w - target), the rate 0.25, so w moves halfway to the target.
func.func @main(%target: tensor<4xf32> {kiln.feed = "target"}) -> tensor<f32> {
  %w = kiln.read_variable @weights : tensor<4xf32>
  %d = kiln.sub %w, %target : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %sq = kiln.square %d : tensor<4xf32>
  %loss = kiln.reduce_sum %sq {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  %rate = kiln.constant dense<-5.000000e-01> : tensor<f32>
  %step = kiln.mul %d, %rate : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  kiln.assign_add_variable @weights, %step : tensor<4xf32>
  %one = kiln.constant dense<1> : tensor<i64>
  kiln.assign_add_variable @global_step, %one : tensor<i64>
  return %loss : tensor<f32>
}
