// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile --list-targets | FileCheck %s --check-prefix=LIST
// RUN: not kiln-compile %s --feed 'x:f32[1000]' --target=cuda:sm_9 -o %t/step 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: kiln-compile %s --feed 'x:f32[1000]' --target=cuda --emit=mlir -o - | FileCheck %s --check-prefix=MLIR
// RUN: python3 %S/Inputs/write_ones_npy.py 1000 %t/x.npy
// RUN: kiln-run %s --feed x=%t/x.npy --target=cuda-emulation | FileCheck %s --check-prefix=OUT
// RUN: %if cuda-gpu %{ kiln-run %s --feed x=%t/x.npy --target=cuda | FileCheck %s --check-prefix=OUT %} %else %{ not kiln-run %s --feed x=%t/x.npy --target=cuda 2>&1 | FileCheck %s --check-prefix=NO-GPU %}

// Tests the cuda target as kiln-compile sees it: listed, with its chip
// checked; a step compiles to its lowered kernels (whole steps: aot.mlir);
// the JIT runs it on a GPU (or its emulation), and says why not without
// one.
// LIST: cuda NVIDIA GPUs through PTX; CHIP is an sm_XX architecture (default sm_90)
// CHIP: kiln-compile: cuda: 'sm_9' is not a GPU architecture (sm_80, sm_90, ...)
// OUT: result0: f32[1000] [-2.718282, -2.718282,
// NO-GPU: kiln-run: no {{CUDA driver|GPU}}
// MLIR: func.func private @main_elementwise_0
// MLIR-SAME: #kiln.kernel<"elementwise", <"GPU", 0>>
func.func @main(%x: tensor<1000xf32> {kiln.feed = "x"}) -> tensor<1000xf32> {
  %0 = kiln.exp %x {device = "/gpu:0"} : tensor<1000xf32>
  %1 = kiln.neg %0 {device = "/gpu:0"} : tensor<1000xf32>
  return %1 : tensor<1000xf32>
}
