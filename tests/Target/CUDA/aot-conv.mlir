// UNSUPPORTED: cuda-gpu
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,28,28,1]' --feed 'f1:f32[5,5,1,32]' --feed 'b1:f32[32]' --feed 'f2:f32[3,3,32,16]' --feed 'd:f64[2,9,9,3]' --feed 'fd:f64[3,3,3,4]' --feed 'bd:f64[4]' --feed 'res:f64[2,5,5,4]' --target=cuda:sm_80 --emit=llvm -o %t/step.ll
// RUN: FileCheck %s < %t/step.ll

// Tests a step of convolutions compiled for the cuda target, the one
// tests/unit/cuda/CudaStepTest.cpp runs on a GPU: the CNN's first layer
// (5x5 SAME, stride 1: symmetric padding, cuDNN pads) with its bias and
// relu fused; a 3x3 SAME convolution with stride 2 over 28 (padding only
// at the end: the padded copy stays); in f64 a dilated VALID one with
// bias, a residual and relu; the first layer's filter gradient (with its
// output as the gradient), cuDNN's backward-filter pass into KRSC
// transposed back to HWIO. Each filter is transposed to KRSC by a
// launch before its cuDNN call (ptxas.mlir assembles the step's PTX).
// CHECK-DAG: call void @kiln_cuda_conv2d(i32 1, i32 3, i64 64, i64 28, i64 28, i64 1, i64 32, i64 5, i64 5, i64 28, i64 28, i64 2, i64 2, i64 1, i64 1, i64 1, i64 1,
// CHECK-DAG: call void @kiln_cuda_conv2d(i32 1, i32 0, i64 64, i64 29, i64 29, i64 32, i64 16, i64 3, i64 3, i64 14, i64 14, i64 0, i64 0, i64 2, i64 2, i64 1, i64 1,
// CHECK-DAG: call void @kiln_cuda_conv2d(i32 2, i32 7, i64 2, i64 9, i64 9, i64 3, i64 4, i64 3, i64 3, i64 5, i64 5, i64 0, i64 0, i64 1, i64 1, i64 2, i64 2,
// CHECK-DAG: call void @kiln_cuda_conv2d_backprop_filter(i32 1, i64 64, i64 28, i64 28, i64 1, i64 32, i64 5, i64 5, i64 28, i64 28, i64 2, i64 2, i64 1, i64 1, i64 1, i64 1,
// CHECK-DAG: call void @mgpuLaunchKernel(
// CHECK-DAG: call i32 @kiln_cuda_take_status()
func.func @main(%x: tensor<64x28x28x1xf32> {kiln.feed = "x"}, %f1: tensor<5x5x1x32xf32> {kiln.feed = "f1"},
                %b1: tensor<32xf32> {kiln.feed = "b1"}, %f2: tensor<3x3x32x16xf32> {kiln.feed = "f2"},
                %d: tensor<2x9x9x3xf64> {kiln.feed = "d"}, %fd: tensor<3x3x3x4xf64> {kiln.feed = "fd"},
                %bd: tensor<4xf64> {kiln.feed = "bd"}, %res: tensor<2x5x5x4xf64> {kiln.feed = "res"})
    -> (tensor<64x28x28x32xf32>, tensor<64x14x14x16xf32>, tensor<2x5x5x4xf64>, tensor<5x5x1x32xf32>) {
  %c = kiln.conv2d %x, %f1 {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>, device = "/gpu:0"} : (tensor<64x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<64x28x28x32xf32>
  %a = kiln.bias_add %c, %b1 {device = "/gpu:0"} : (tensor<64x28x28x32xf32>, tensor<32xf32>) -> tensor<64x28x28x32xf32>
  %h = kiln.relu %a {device = "/gpu:0"} : tensor<64x28x28x32xf32>
  %s = kiln.conv2d %h, %f2 {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>, device = "/gpu:0"} : (tensor<64x28x28x32xf32>, tensor<3x3x32x16xf32>) -> tensor<64x14x14x16xf32>
  %v = kiln.conv2d %d, %fd {padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, device = "/gpu:0"} : (tensor<2x9x9x3xf64>, tensor<3x3x3x4xf64>) -> tensor<2x5x5x4xf64>
  %vb = kiln.bias_add %v, %bd {device = "/gpu:0"} : (tensor<2x5x5x4xf64>, tensor<4xf64>) -> tensor<2x5x5x4xf64>
  %vr = kiln.add %vb, %res {device = "/gpu:0"} : (tensor<2x5x5x4xf64>, tensor<2x5x5x4xf64>) -> tensor<2x5x5x4xf64>
  %o = kiln.relu %vr {device = "/gpu:0"} : tensor<2x5x5x4xf64>
  %dw = kiln.conv2d_backprop_filter %x, %h {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>, device = "/gpu:0"} : (tensor<64x28x28x1xf32>, tensor<64x28x28x32xf32>) -> tensor<5x5x1x32xf32>
  return %h, %s, %o, %dw : tensor<64x28x28x32xf32>, tensor<64x14x14x16xf32>, tensor<2x5x5x4xf64>, tensor<5x5x1x32xf32>
}
