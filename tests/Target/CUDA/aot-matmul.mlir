// UNSUPPORTED: cuda-gpu
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[256,784]' --feed 'w1:f32[784,200]' --feed 'b1:f32[200]' --feed 'w2:f32[200,10]' --feed 'b2:f32[10]' --feed 'g:f32[256,200]' --feed 'p:f64[33,17]' --feed 'q:f64[17,5]' --target=cuda --emit=llvm -o %t/step.ll
// RUN: FileCheck %s < %t/step.ll
// RUN: kiln-compile %s --feed 'x:f32[256,784]' --feed 'w1:f32[784,200]' --feed 'b1:f32[200]' --feed 'w2:f32[200,10]' --feed 'b2:f32[10]' --feed 'g:f32[256,200]' --feed 'p:f64[33,17]' --feed 'q:f64[17,5]' --target=cuda:sm_80 --emit=llvm -o %t/step80.ll
// RUN: FileCheck %s --check-prefix=SM80 < %t/step80.ll

// Tests a step of matmuls compiled for the cuda target: every product is
// one cuBLASLt call (kiln_cuda_gemm: dtype, transpose_a, transpose_b,
// epilogue, m, n, k, A, lda, B, ldb, bias, D, ldd, workspace, bytes) and
// no kernel is launched for it; the MLP layer's bias and relu ride in the
// call's epilogue (3: bias+relu, 1: bias); the gradients' transposed
// operands are read in place with the transpose flags; f64 stays f64.
// A constant operand (the projection) is copied to the device by a launch
// before its call, the only launch of the step. The workspace is 32 MiB of
// the step's arena from sm_90 on, 4 MiB before; the step returns the CUDA
// layer's status.
// CHECK-DAG: call void @mgpuLaunchKernel(
// tests/unit/cuda/CudaStepTest.cpp runs the same step on a GPU.
// CHECK-DAG: call void @kiln_cuda_gemm(i32 1, i32 0, i32 0, i32 3, i64 256, i64 200, i64 784, i64 %{{[0-9]+}}, i64 784, i64 %{{[0-9]+}}, i64 200, i64 %{{[0-9]+}}, i64 %{{[0-9]+}}, i64 200, i64 %{{[0-9]+}}, i64 33554432)
// CHECK-DAG: call void @kiln_cuda_gemm(i32 1, i32 0, i32 0, i32 1, i64 256, i64 10, i64 200, i64 %{{[0-9]+}}, i64 200, i64 %{{[0-9]+}}, i64 10,
// CHECK-DAG: call void @kiln_cuda_gemm(i32 1, i32 1, i32 0, i32 0, i64 784, i64 200, i64 256, i64 %{{[0-9]+}}, i64 784, i64 %{{[0-9]+}}, i64 200, i64 0,
// CHECK-DAG: call void @kiln_cuda_gemm(i32 1, i32 0, i32 1, i32 0, i64 256, i64 784, i64 200, i64 %{{[0-9]+}}, i64 200, i64 %{{[0-9]+}}, i64 200, i64 0,
// CHECK-DAG: call void @kiln_cuda_gemm(i32 2, i32 0, i32 0, i32 0, i64 33, i64 5, i64 17,
// CHECK-DAG: call void @kiln_cuda_gemm(i32 1, i32 0, i32 0, i32 0, i64 256, i64 4, i64 10,
// CHECK-DAG: call i32 @kiln_cuda_take_status()
// SM80-COUNT-6: call void @kiln_cuda_gemm({{.*}}, i64 4194304)
func.func @main(%x: tensor<256x784xf32> {kiln.feed = "x"}, %w1: tensor<784x200xf32> {kiln.feed = "w1"},
                %b1: tensor<200xf32> {kiln.feed = "b1"}, %w2: tensor<200x10xf32> {kiln.feed = "w2"},
                %b2: tensor<10xf32> {kiln.feed = "b2"}, %g: tensor<256x200xf32> {kiln.feed = "g"},
                %p: tensor<33x17xf64> {kiln.feed = "p"}, %q: tensor<17x5xf64> {kiln.feed = "q"})
    -> (tensor<256x200xf32>, tensor<256x10xf32>, tensor<784x200xf32>, tensor<256x784xf32>, tensor<33x5xf64>, tensor<256x4xf32>) {
  %m1 = kiln.matmul %x, %w1 {device = "/gpu:0"} : (tensor<256x784xf32>, tensor<784x200xf32>) -> tensor<256x200xf32>
  %a1 = kiln.bias_add %m1, %b1 {device = "/gpu:0"} : (tensor<256x200xf32>, tensor<200xf32>) -> tensor<256x200xf32>
  %h = kiln.relu %a1 {device = "/gpu:0"} : tensor<256x200xf32>
  %m2 = kiln.matmul %h, %w2 {device = "/gpu:0"} : (tensor<256x200xf32>, tensor<200x10xf32>) -> tensor<256x10xf32>
  %logits = kiln.bias_add %m2, %b2 {device = "/gpu:0"} : (tensor<256x10xf32>, tensor<10xf32>) -> tensor<256x10xf32>
  %dw = kiln.matmul %x, %g {transpose_a = true, device = "/gpu:0"} : (tensor<256x784xf32>, tensor<256x200xf32>) -> tensor<784x200xf32>
  %dx = kiln.matmul %g, %w1 {transpose_b = true, device = "/gpu:0"} : (tensor<256x200xf32>, tensor<784x200xf32>) -> tensor<256x784xf32>
  %pq = kiln.matmul %p, %q {device = "/gpu:0"} : (tensor<33x17xf64>, tensor<17x5xf64>) -> tensor<33x5xf64>
  %projection = kiln.constant dense<[[-0.75, -0.50, -0.25, 0.00], [0.25, 0.50, 0.75, -0.75], [-0.50, -0.25, 0.00, 0.25], [0.50, 0.75, -0.75, -0.50], [-0.25, 0.00, 0.25, 0.50], [0.75, -0.75, -0.50, -0.25], [0.00, 0.25, 0.50, 0.75], [-0.75, -0.50, -0.25, 0.00], [0.25, 0.50, 0.75, -0.75], [-0.50, -0.25, 0.00, 0.25]]> : tensor<10x4xf32>
  %projected = kiln.matmul %logits, %projection {device = "/gpu:0"} : (tensor<256x10xf32>, tensor<10x4xf32>) -> tensor<256x4xf32>
  return %h, %logits, %dw, %dx, %pq, %projected : tensor<256x200xf32>, tensor<256x10xf32>, tensor<784x200xf32>, tensor<256x784xf32>, tensor<33x5xf64>, tensor<256x4xf32>
}
