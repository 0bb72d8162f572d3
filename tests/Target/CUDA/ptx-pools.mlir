// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | FileCheck %s --check-prefix=MLIR
// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | kiln-translate --kiln-gpu-binaries-to-ptx | FileCheck %s --check-prefix=PTX

// Tests pools, argmax and data movement placed on the GPU: each is a
// kernel of its own whose launches run a thread per output element. The
// SAME average pool divides by a constant of window sizes, which the GPU
// module holds in device memory; nothing of the step touches elements on
// the host.
// MLIR: gpu.binary @kiln_kernels
// MLIR-LABEL: func.func @step
// MLIR-NOT: linalg.
// MLIR-NOT: memref.copy
// MLIR-NOT: memref.load
// MLIR: gpu.launch_func @kiln_kernels::@step_avg_pool_0_kernel
// MLIR: gpu.launch_func @kiln_kernels::@step_max_pool_1_kernel
// MLIR: gpu.launch_func @kiln_kernels::@step_argmax_2_kernel
// MLIR: gpu.launch_func @kiln_kernels::@step_transpose_3_kernel
// MLIR: gpu.launch_func @kiln_kernels::@step_concat_4_kernel
// MLIR-NOT: memref.load
// MLIR: return

// PTX: // kernel kiln_kernels
// PTX: .global .align 64 .b8 __constant_1x6x6x1xf32[144] = {
// The division reads the window sizes from that global.
// PTX: .visible .entry step_avg_pool_0_kernel_3(
// PTX: mov.b64 {{.+}}, __constant_1x6x6x1xf32;
// PTX: ld.global.nc.b32
// PTX: div.rn.f32
func.func @step(%x: tensor<2x6x6x3xf32>, %y: tensor<16x10xf32>) -> (tensor<2x6x6x3xf32>, tensor<2x3x3x3xf32>, tensor<16xi64>, tensor<10x16xf32>, tensor<32x10xf32>) {
  %a = kiln.avg_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>, device = "/gpu:0"} : (tensor<2x6x6x3xf32>) -> tensor<2x6x6x3xf32>
  %m = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>, device = "/gpu:0"} : (tensor<2x6x6x3xf32>) -> tensor<2x3x3x3xf32>
  %i = kiln.argmax %y {axis = 1 : i64, device = "/gpu:0"} : (tensor<16x10xf32>) -> tensor<16xi64>
  %t = kiln.transpose %y {perm = array<i64: 1, 0>, device = "/gpu:0"} : (tensor<16x10xf32>) -> tensor<10x16xf32>
  %c = kiln.concat %y, %y {axis = 0 : i64, device = "/gpu:0"} : (tensor<16x10xf32>, tensor<16x10xf32>) -> tensor<32x10xf32>
  return %a, %m, %i, %t, %c : tensor<2x6x6x3xf32>, tensor<2x3x3x3xf32>, tensor<16xi64>, tensor<10x16xf32>, tensor<32x10xf32>
}
