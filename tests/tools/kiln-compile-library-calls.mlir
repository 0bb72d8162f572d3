// A dense layer large enough for the CPU kernel library: the AOT object
// calls the fused GEMM kernel, --emit=so links it in, and a C program
// linking the runtime core and the kernels runs the step.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,300]' --feed 'w:f32[300,200]' --feed 'b:f32[200]' --emit=mlir -o - | FileCheck %s --check-prefix=MLIR
// MLIR: linalg.generic
// RUN: kiln-compile %s --feed 'x:f32[64,300]' --feed 'w:f32[300,200]' --feed 'b:f32[200]' --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// The step runs under its context's thread limit and restores the
// caller's afterwards.
// LLVM: %[[PREVIOUS:.+]] = tail call i32 @kiln_cpu_limit_threads(i32 %{{.+}})
// LLVM: call void @_mlir_ciface_kiln_cpu_matmul_bias_f32(
// LLVM: call i32 @kiln_cpu_limit_threads(i32 %[[PREVIOUS]])
// RUN: kiln-compile %s --feed 'x:f32[64,300]' --feed 'w:f32[300,200]' --feed 'b:f32[200]' --emit=so -o %t/dense
// RUN: nm -D --defined-only %t/dense.so | FileCheck %s --check-prefix=SO
// SO: T _mlir_ciface_kiln_cpu_matmul_bias_f32
// RUN: kiln-compile %s --feed 'x:f32[64,300]' --feed 'w:f32[300,200]' --feed 'b:f32[200]' -o %t/step
// RUN: cc -std=c11 -I%kiln_src/runtime/include -I%kiln_src/runtime/kernels/include -I%t %S/Inputs/run_dense.c %t/step.o %kiln_cpu_kernels_lib %kiln_runtime_lib -lstdc++ -lpthread -lm -o %t/run_dense
// RUN: %t/run_dense | FileCheck %s --check-prefix=EXEC
// EXEC: max_threads 0: max abs error vs double reference: {{[0-9.e+-]+}} (ok)
// EXEC-NEXT: max_threads 1: max abs error vs double reference: {{[0-9.e+-]+}} (ok)
func.func @main(%x: tensor<64x300xf32> {kiln.feed = "x"}, %w: tensor<300x200xf32> {kiln.feed = "w"}, %b: tensor<200xf32> {kiln.feed = "b"}) -> tensor<64x200xf32> {
  %0 = kiln.matmul %x, %w : (tensor<64x300xf32>, tensor<300x200xf32>) -> tensor<64x200xf32>
  %1 = kiln.bias_add %0, %b : (tensor<64x200xf32>, tensor<200xf32>) -> tensor<64x200xf32>
  %2 = kiln.relu %1 : tensor<64x200xf32>
  return %2 : tensor<64x200xf32>
}
