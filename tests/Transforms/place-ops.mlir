// RUN: kiln-opt --split-input-file --kiln-place-ops='soft-placement=true' %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-place-ops='soft-placement=true targets=x86-64' %s | FileCheck %s
// RUN: kiln-opt --split-input-file '--kiln-place-ops=soft-placement=true' %s | FileCheck %s --check-prefix=SOFT
// RUN: kiln-opt --split-input-file '--kiln-place-ops=soft-placement=true log-device-placement=true' %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOG

// Tests that unplaced ops go to the CPU and every spelling of the CPU
// becomes the one #kiln.device (logs print TensorFlow's full name).
// CHECK-LABEL: func.func @cpu_spellings
// CHECK: kiln.relu %{{.+}} {device = #kiln.device<"CPU", 0>}
// CHECK: kiln.exp %{{.+}} {device = #kiln.device<"CPU", 0>}
// CHECK: kiln.neg %{{.+}} {device = #kiln.device<"CPU", 0>}
// CHECK: kiln.abs %{{.+}} {device = #kiln.device<"CPU", 0>}
// LOG: relu: (kiln.relu): /job:localhost/replica:0/task:0/device:CPU:0
// LOG: exp: (kiln.exp): /job:localhost/replica:0/task:0/device:CPU:0
func.func @cpu_spellings(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = kiln.relu %x : tensor<4xf32>
  %b = kiln.exp %a {device = "/cpu:0"} : tensor<4xf32>
  %c = kiln.neg %b {device = "/device:CPU:0"} : tensor<4xf32>
  %d = kiln.abs %c {device = "/job:localhost/replica:0/task:0/device:CPU:0"} : tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// Tests that with soft placement an op asking for a GPU (which has no
// kernels yet) runs on the CPU, and that op names come from locations.
// SOFT-LABEL: func.func @gpu_request
// SOFT: kiln.matmul {{.+}} {device = #kiln.device<"CPU", 0>}
// LOG: layer1/MatMul: (kiln.matmul): /job:localhost/replica:0/task:0/device:CPU:0
func.func @gpu_request(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %m = kiln.matmul %x, %w {device = "/gpu:0"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32> loc("layer1/MatMul")
  return %m : tensor<2x4xf32>
}
