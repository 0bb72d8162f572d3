// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | FileCheck %s --check-prefix=MLIR
// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --kiln-cuda-device-pipeline | kiln-translate --kiln-gpu-binaries-to-ptx | FileCheck %s --check-prefix=PTX90
// RUN: kiln-opt %s --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_80' | kiln-translate --kiln-gpu-binaries-to-ptx | FileCheck %s --check-prefix=PTX80

// Tests a step's element-wise chain placed on the GPU through the cuda
// target: one kernel, named after its kernel function in the program's
// one gpu.module, launched from the step on 16 blocks of 256 threads
// (4000 elements); the module becomes a gpu.binary holding PTX for the chosen
// architecture (sm_90 by default).
// MLIR: gpu.binary @kiln_kernels [#gpu.object<#nvvm.target<chip = "sm_90"
// MLIR-LABEL: func.func @step
// MLIR: gpu.launch_func @kiln_kernels::@step_elementwise_0_kernel blocks in (%c16, %c1, %c1) threads in (%c256, %c1, %c1)
// MLIR-NOT: func.func private @step_elementwise_0(

// One entry per kernel, reading the inputs and writing the output in
// global memory, with exp (libdevice's, as ex2.approx) and max fused into
// the same thread's work.
// PTX90: // kernel kiln_kernels
// PTX90: .target sm_90
// PTX90: .visible .entry step_elementwise_0_kernel(
// PTX90: .maxntid 256, 1, 1
// PTX90-DAG: ld.global.{{(nc.)?}}{{f32|b32}}
// PTX90-DAG: ex2.approx
// PTX90-DAG: max.{{(NaN.)?}}f32
// PTX90: st.global.{{f32|b32}}
// PTX90: ret;
// PTX80: .target sm_80
// PTX80: .visible .entry step_elementwise_0_kernel(
func.func @step(%x: tensor<4x1000xf32>, %b: tensor<1000xf32>) -> tensor<4x1000xf32> {
  %0 = kiln.add %x, %b {device = "/gpu:0"} : (tensor<4x1000xf32>, tensor<1000xf32>) -> tensor<4x1000xf32>
  %1 = kiln.exp %0 {device = "/gpu:0"} : tensor<4x1000xf32>
  %2 = kiln.relu %1 {device = "/gpu:0"} : tensor<4x1000xf32>
  return %2 : tensor<4x1000xf32>
}
