// RUN: kiln-opt %s --kiln-place-ops=targets=cuda --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --canonicalize | FileCheck %s

// Tests that a constant a kernel or a library call receives reaches it in
// device memory: the step copies the host global into an arena buffer by
// a launch whose device code holds its own copy of the constant, and
// passes that buffer on. Nothing in the step's host code hands a global's
// (host) address to a launch or to cuBLASLt.
// CHECK-LABEL: func.func @main(
// CHECK-NOT: memref.get_global
// CHECK: gpu.launch_func {{ *}}@main_kernel::@main_kernel {{.*}}args(%[[COPY:.*]] : memref<4x3xf32>)
// CHECK-NEXT: gpu.launch_func {{ *}}@main_elementwise_0_kernel::@main_elementwise_0_kernel {{.*}}args(%arg0 : memref<4x3xf32>, %[[COPY]] : memref<4x3xf32>,
// CHECK: gpu.launch_func {{ *}}@main_kernel_0::@main_kernel {{.*}}args(%[[W:.*]] : memref<3x2xf32>)
// CHECK: gpu.launch_func {{ *}}@main_kernel_1::@main_kernel {{.*}}args(%[[B:.*]] : memref<2xf32>)
// CHECK-NEXT: call @main_matmul_bias_1_kiln_cuda_gemm(%arg0, %[[W]], %[[B]],
// CHECK-NOT: memref.get_global
// CHECK: return
// CHECK: gpu.module @main_kernel
// CHECK: memref.get_global @__constant_4x3xf32
// CHECK: gpu.module @main_kernel_0
// CHECK: memref.get_global @__constant_3x2xf32
// CHECK: gpu.module @main_kernel_1
// CHECK: memref.get_global @__constant_2xf32
func.func @main(%x: tensor<4x3xf32> {kiln.feed = "x"}) -> (tensor<4x3xf32>, tensor<4x2xf32>) {
  %c = kiln.constant dense<[[1.0, 2.0, 3.0], [3.0, 4.0, 5.0], [5.0, 6.0, 7.0], [1.0, 1.0, 1.0]]> : tensor<4x3xf32>
  %a = kiln.add %x, %c : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %w = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b = kiln.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %m = kiln.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %r = kiln.bias_add %m, %b : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %a, %r : tensor<4x3xf32>, tensor<4x2xf32>
}
