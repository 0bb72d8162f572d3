// REQUIRES: ptxas
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-opt %S/ptx.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_90' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/sm_90.ptx
// RUN: %ptxas -arch=sm_90 %t/sm_90.ptx -o %t/sm_90.cubin
// RUN: kiln-opt %S/ptx.mlir --kiln-place-ops='targets=x86-64,cuda' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' '--kiln-cuda-device-pipeline=chip=sm_80' | kiln-translate --kiln-gpu-binaries-to-ptx -o %t/sm_80.ptx
// RUN: %ptxas -arch=sm_80 %t/sm_80.ptx -o %t/sm_80.cubin
// RUN: test -s %t/sm_90.cubin && test -s %t/sm_80.cubin

// Tests that the PTX the cuda target writes for ptx.mlir's kernel
// assembles with the CUDA toolkit's ptxas, for sm_90 and sm_80.
