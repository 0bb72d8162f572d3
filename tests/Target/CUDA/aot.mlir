// UNSUPPORTED: cuda-gpu
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[1000]' --target=cuda -o %t/step
// RUN: FileCheck %s --check-prefix=HEADER < %t/step.h
// RUN: nm %t/step.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: kiln-compile %s --feed 'x:f32[1000]' --target=cuda:sm_80 --emit=asm -o - | FileCheck %s --check-prefix=PTX
// RUN: cc -std=c11 -I%kiln_src/runtime/include -I%t %S/Inputs/run_cuda_step.c %t/step.o %kiln_runtime_cuda_libs -o %t/run
// RUN: %t/run | FileCheck %s --check-prefix=NOGPU

// Tests a whole step compiled ahead of time for the cuda target: an
// object whose host code launches the kernel through the CUDA layer's
// mgpu* entry points (no libcuda, no MLIR runtime) with the kernel's PTX
// embedded, a header describing buffers on the GPU, and --emit=asm
// writing the PTX. Linked with the runtime core and the CUDA layer only,
// on a machine without a GPU the step returns FAILED_PRECONDITION with
// the reason and writes nothing. (Where there is a GPU, the step wants
// device buffers; scripts/gpu-check.sh runs it there.)
// HEADER: {"x", KILN_DTYPE_F32, 1, step_input0_shape, 4000u, {KILN_DEVICE_CUDA, 0}, 0}
// SYMBOLS-DAG: T step_run
// SYMBOLS-DAG: U mgpuLaunchKernel
// SYMBOLS-DAG: U mgpuModuleLoadJIT
// SYMBOLS-DAG: U kiln_cuda_take_status
// SYMBOLS-NOT: cuLaunchKernel
// PTX: // kernel kiln_kernels
// PTX: .target sm_80
// PTX: .visible .entry main_elementwise_0_kernel(
// NOGPU: inputs on device kind 1, outputs on 1
// NOGPU: status 3: {{no CUDA driver|no GPU}}
// NOGPU: outputs untouched
func.func @main(%x: tensor<1000xf32> {kiln.feed = "x"}) -> tensor<1000xf32> {
  %0 = kiln.exp %x {device = "/gpu:0"} : tensor<1000xf32>
  %1 = kiln.neg %0 {device = "/gpu:0"} : tensor<1000xf32>
  return %1 : tensor<1000xf32>
}
