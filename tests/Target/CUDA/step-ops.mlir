// RUN: kiln-opt %s --kiln-externalize-variables --kiln-place-ops=targets=cuda --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' | FileCheck %s
// RUN: not kiln-compile %S/Inputs/segment-sum.mlir --feed 'data:f32[6,4]' --feed 'ids:i32[6]' --target=cuda -o %t 2>&1 | FileCheck %s --check-prefix=SCATTER

// Tests that a cuda step, whose buffers are device memory, touches no
// element from the host, kernel or not: a variable's update and the copy
// of an input into a result become launches like the kernels', and the
// step's own body holds only launches, views and buffer bookkeeping.
// CHECK-LABEL: func.func @main
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.load
// CHECK-NOT: memref.store
// CHECK-NOT: linalg.
// The product, the fused update, the update's copy into the variable and
// the input's into the first result:
// CHECK: gpu.launch_func @main_elementwise_0_kernel::
// CHECK: gpu.launch_func @main_elementwise_1_kernel::
// CHECK: gpu.launch_func @main_kernel::
// CHECK-SAME: %arg1 : memref<1000xf32>
// CHECK: gpu.launch_func @main_kernel_0::
// CHECK-SAME: args(%arg0 : memref<1000xf32>, %arg2 : memref<1000xf32>)
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.load
// CHECK-NOT: memref.store
// CHECK: return
kiln.variable @w : tensor<1000xf32>
func.func @main(%x: tensor<1000xf32>) -> (tensor<1000xf32>, tensor<1000xf32>) {
  %w = kiln.read_variable @w : tensor<1000xf32>
  %g = kiln.mul %x, %w : (tensor<1000xf32>, tensor<1000xf32>) -> tensor<1000xf32>
  %s = kiln.neg %g : tensor<1000xf32>
  kiln.assign_add_variable @w, %s : tensor<1000xf32>
  return %x, %s : tensor<1000xf32>, tensor<1000xf32>
}

// Tests that an op with no GPU kernel in a step wholly on the GPU (an
// unsorted segment sum, a scatter) is one clear error naming where it
// runs, never host code over device memory.
// SCATTER: kiln-compile: {{.*}}cannot run on the GPU in @main: it would run on the host over device memory
