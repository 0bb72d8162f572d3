// RUN: kiln-opt --split-input-file --kiln-place-ops --verify-diagnostics %s

func.func @gpu_without_soft_placement(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.relu' op has no kernel on device '/job:localhost/replica:0/task:0/device:GPU:0' (requested as '/gpu:0'); enable soft placement to run it on /job:localhost/replica:0/task:0/device:CPU:0}}
  %0 = kiln.relu %x {device = "/gpu:0"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @second_cpu(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.exp' op has no kernel on device '/job:localhost/replica:0/task:0/device:CPU:1' (requested as '/cpu:1')}}
  %0 = kiln.exp %x {device = "/cpu:1"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @malformed(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.neg' op has a malformed device '/tpu:0'}}
  %0 = kiln.neg %x {device = "/tpu:0"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that placement refuses a target it does not know.
// RUN: not kiln-opt --kiln-place-ops='targets=x86-64,tpu' %s 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: kiln-place-ops: unknown target 'tpu' (known: {{.*}}x86-64{{.*}})
func.func @unknown_target(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
