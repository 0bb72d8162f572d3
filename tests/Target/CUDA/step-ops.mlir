// RUN: kiln-opt %s --kiln-externalize-variables --kiln-place-ops=targets=cuda --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' | FileCheck %s
// RUN: kiln-opt %S/Inputs/segment-sum.mlir --kiln-place-ops=targets=cuda --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' | FileCheck %s --check-prefix=SCATTER

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

// Tests that a scatter (an unsorted segment sum) in a step wholly on the
// GPU is launches too: the sums, here the step's result buffer, are zeroed
// by one and the data rows added into them by another, a block per row
// and a thread per element, each with an atomic add; the ids' range check
// (run-time check) first.
// SCATTER-LABEL: func.func @main
// SCATTER-NOT: memref.atomic_rmw
// SCATTER: gpu.launch_func {{ *}}@main_kernel_1::@main_kernel blocks in (%c1, %c1, %c1) threads in (%c12, %c1, %c1) args(%arg2 : memref<3x4xf32>)
// SCATTER-NEXT: gpu.launch_func {{ *}}@main_kernel_2::@main_kernel blocks in (%c6, %c1, %c1) threads in (%c4, %c1, %c1) args(%arg1 : memref<6xi32>, %arg0 : memref<6x4xf32>, %arg2 : memref<3x4xf32>)
// SCATTER: gpu.func @main_kernel(%arg0: memref<6xi32>, %arg1: memref<6x4xf32>, %arg2: memref<3x4xf32>) kernel
// SCATTER: memref.atomic_rmw addf {{.*}}, %arg2
