// REQUIRES: ptxas
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-opt %S/ptx.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_90' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/sm_90.ptx
// RUN: %ptxas -arch=sm_90 %t/sm_90.ptx -o %t/sm_90.cubin
// RUN: kiln-opt %S/ptx.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_80' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/sm_80.ptx
// RUN: %ptxas -arch=sm_80 %t/sm_80.ptx -o %t/sm_80.cubin
// RUN: test -s %t/sm_90.cubin && test -s %t/sm_80.cubin
// RUN: kiln-opt %S/ptx-reductions.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_90' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/reductions.sm_90.ptx
// RUN: %ptxas -arch=sm_90 %t/reductions.sm_90.ptx -o %t/reductions.sm_90.cubin
// RUN: kiln-opt %S/ptx-reductions.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_80' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/reductions.sm_80.ptx
// RUN: %ptxas -arch=sm_80 %t/reductions.sm_80.ptx -o %t/reductions.sm_80.cubin
// RUN: test -s %t/reductions.sm_90.cubin && test -s %t/reductions.sm_80.cubin
// RUN: kiln-opt %S/ptx-pools.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_90' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/pools.sm_90.ptx
// RUN: %ptxas -arch=sm_90 %t/pools.sm_90.ptx -o %t/pools.sm_90.cubin
// RUN: kiln-compile %S/aot-reductions.mlir --feed 'x:f32[64,1000]' --feed 'y:f32[256,10]' --feed 'labels:i32[256]' --target=cuda:sm_80 --emit=asm -o %t/aot-reductions.ptx
// RUN: %ptxas -arch=sm_80 %t/aot-reductions.ptx -o %t/aot-reductions.cubin
// RUN: kiln-compile %S/aot-conv.mlir --feed 'x:f32[64,28,28,1]' --feed 'f1:f32[5,5,1,32]' --feed 'b1:f32[32]' --feed 'f2:f32[3,3,32,16]' --feed 'd:f64[2,9,9,3]' --feed 'fd:f64[3,3,3,4]' --feed 'bd:f64[4]' --feed 'res:f64[2,5,5,4]' --target=cuda:sm_80 --emit=asm -o %t/aot-conv.ptx
// RUN: %ptxas -arch=sm_80 %t/aot-conv.ptx -o %t/aot-conv.cubin

// Tests that the PTX the cuda target writes for ptx.mlir's kernel, for
// ptx-reductions.mlir's step (eleven kernels with block reductions, one
// module), for ptx-pools.mlir's (pools with a constant in device memory,
// argmax, data movement) and for aot-reductions.mlir's and aot-conv.mlir's
// steps (the filter transposes before cuDNN calls) as kiln-compile
// --emit=asm writes it assembles with the CUDA toolkit's ptxas, for sm_90 and sm_80.
