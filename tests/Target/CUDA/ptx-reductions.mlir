// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | FileCheck %s --check-prefix=MLIR
// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | kiln-translate --kiln-gpu-binaries-to-ptx | FileCheck %s --check-prefix=PTX

// Tests the reductions of a step placed on the GPU: softmax (its row
// maximum and row sum as block reductions between element-wise launches),
// a mean over everything accumulated in f64, and a maximum over the outer
// axis (a thread per column). All kernels land in the program's one
// gpu.module, so the step is one PTX module (ptxas.mlir assembles it).
// MLIR: gpu.binary @kiln_kernels
// MLIR-LABEL: func.func @step
// Softmax: fill, row max (a block of 256 per row), exp(x - max), fill,
// row sum, divide.
// MLIR: gpu.launch_func @kiln_kernels::@step_softmax_0_kernel blocks in (%c1, %c1, %c1) threads in (%c8, %c1, %c1)
// MLIR: gpu.launch_func @kiln_kernels::@step_softmax_0_kernel_0 blocks in (%c8, %c1, %c1) threads in (%c256, %c1, %c1)
// MLIR: gpu.launch_func @kiln_kernels::@step_softmax_0_kernel_1 blocks in (%c32, %c1, %c1) threads in (%c256, %c1, %c1)
// MLIR: gpu.launch_func @kiln_kernels::@step_softmax_0_kernel_3 blocks in (%c8, %c1, %c1) threads in (%c256, %c1, %c1)
// MLIR: gpu.launch_func @kiln_kernels::@step_softmax_0_kernel_4 blocks in (%c32, %c1, %c1) threads in (%c256, %c1, %c1)
// The mean: one block over all 8000 elements, then the division.
// MLIR: gpu.launch_func @kiln_kernels::@step_reduce_mean_1_kernel_5 blocks in (%c1{{.*}}, %c1{{.*}}, %c1{{.*}}) threads in (%c256{{.*}}, %c1{{.*}}, %c1{{.*}})
// MLIR: gpu.launch_func @kiln_kernels::@step_reduce_mean_1_kernel_6 blocks
// Column maxima: 1000 threads in blocks of 256, no block reduction.
// MLIR: gpu.launch_func @kiln_kernels::@step_reduce_max_2_kernel_7 blocks in (%c4{{.*}}, %c1{{.*}}, %c1{{.*}}) threads in (%c256{{.*}}, %c1{{.*}}, %c1{{.*}})

// The row maximum: warp butterflies, one value per warp through shared
// memory and a barrier, then the first warp's round.
// PTX: // kernel kiln_kernels
// PTX: .visible .entry step_softmax_0_kernel_0(
// PTX: .shared .align 4 .b8
// PTX: shfl.sync.bfly.b32
// PTX: bar.sync 0;
// PTX: max.NaN.f32
// PTX: ret;
// The mean's f64 partials are shuffled as two 32-bit halves.
// PTX: .visible .entry step_reduce_mean_1_kernel_5(
// PTX: add.rn.f64
// PTX: shfl.sync.bfly.b32
// PTX: shfl.sync.bfly.b32
// PTX: bar.sync 0;
// PTX: .visible .entry step_reduce_max_2_kernel_7(
// PTX-NOT: shfl.sync
// PTX: ret;
func.func @step(%x: tensor<8x1000xf32>) -> (tensor<8x1000xf32>, tensor<f32>, tensor<1000xf32>) {
  %s = kiln.softmax %x {device = "/gpu:0"} : tensor<8x1000xf32>
  %m = kiln.reduce_mean %x {axes = array<i64: 0, 1>, device = "/gpu:0"} : (tensor<8x1000xf32>) -> tensor<f32>
  %c = kiln.reduce_max %x {axes = array<i64: 0>, device = "/gpu:0"} : (tensor<8x1000xf32>) -> tensor<1000xf32>
  return %s, %m, %c : tensor<8x1000xf32>, tensor<f32>, tensor<1000xf32>
}
