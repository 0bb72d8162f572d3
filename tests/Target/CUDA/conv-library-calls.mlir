// RUN: kiln-opt %s --kiln-place-ops=targets=cuda --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda' --canonicalize | FileCheck %s
// RUN: kiln-opt %s --kiln-place-ops=targets=cuda-emulation --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=cuda-emulation' | FileCheck %s --check-prefix=EMULATED

// Tests that GPU conv2d kernels become cuDNN calls (kiln_cuda_conv2d:
// dtype, epilogue flags (1 bias, 2 relu, 4 residual), n, h, w, c, k, r, s,
// oh, ow, pad_h, pad_w, strides, dilations, then the x, filter, bias,
// residual, y and workspace addresses and the workspace's bytes), with the
// HWIO filter transposed to KRSC by a launch before the call.

// In the step: the filter's transpose is launched, then the call's own
// function gets every buffer it reads or writes. SAME padding that is
// symmetric (3x3, stride 1) is cuDNN's padding: the call reads the input
// itself (%arg0) and nothing pads it.
// CHECK-LABEL: func.func @main(
// CHECK: gpu.launch_func {{.*}}@main_conv2d_bias_relu_0_kernel{{.*}}memref<3x3x3x8xf32>, {{.*}}memref<8x3x3x3xf32>
// CHECK-NEXT: call @main_conv2d_bias_relu_0_kiln_cuda_conv2d(%arg0, %{{.*}}, %arg2,
// An odd total (3x3, stride 2 over 8) pads one row and column at the end
// only: the padded copy stays (a fill and a copy launched) and cuDNN pads
// nothing.
// CHECK: gpu.launch_func
// CHECK: gpu.launch_func
// CHECK: gpu.launch_func
// CHECK-NEXT: call @main_conv2d_1_kiln_cuda_conv2d(
// CHECK: call @main_conv2d_bias_add_relu_2_kiln_cuda_conv2d(%arg5, %{{.*}}, %arg7, %arg8,
// The filter gradient (SAME, stride 1: padding folded) is cuDNN's
// backward-filter pass into a KRSC temporary, transposed back to HWIO by
// a launch.
// CHECK: call @main_conv2d_backprop_filter_3_kiln_cuda_conv2d_backprop_filter(%arg0, %arg9, %[[KRSC:.*]], %{{.*}}) : (memref<2x9x9x3xf32>, memref<2x9x9x8xf32>, memref<8x3x3x3xf32>,
// CHECK-NEXT: gpu.launch_func {{.*}}args(%[[KRSC]] : memref<8x3x3x3xf32>, %{{.*}} : memref<3x3x3x8xf32>)
// CHECK-NOT: kiln.contraction
// CHECK: func.func private @kiln_cuda_conv2d(i32, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// CHECK-LABEL: func.func private @main_conv2d_bias_relu_0_kiln_cuda_conv2d
// CHECK: call @kiln_cuda_conv2d(%c1_i32, %c3_i32, %c2_i64, %c9_i64, %c9_i64, %c3_i64, %c8_i64, %c3_i64, %c3_i64, %c9_i64, %c9_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64,
// CHECK-LABEL: func.func private @main_conv2d_1_kiln_cuda_conv2d
// CHECK: call @kiln_cuda_conv2d(%c1_i32, %c0_i32, %c2_i64, %c9_i64, %c9_i64, %c3_i64, %c4_i64, %c3_i64, %c3_i64, %c4_i64, %c4_i64, %c0_i64, %c0_i64, %c2_i64, %c2_i64, %c1_i64, %c1_i64,
// A residual added after the bias, then relu (flags 7), in f64 with
// dilation 2 and VALID padding.
// CHECK-LABEL: func.func private @main_conv2d_bias_add_relu_2_kiln_cuda_conv2d
// CHECK: call @kiln_cuda_conv2d(%c2_i32, %c7_i32, %c1_i64, %c7_i64, %c7_i64, %c2_i64, %c2_i64, %c2_i64, %c2_i64, %c5_i64, %c5_i64, %c0_i64, %c0_i64, %c1_i64, %c1_i64, %c2_i64, %c2_i64,
// CHECK-LABEL: func.func private @main_conv2d_backprop_filter_3_kiln_cuda_conv2d_backprop_filter
// CHECK: call @kiln_cuda_conv2d_backprop_filter(%c1_i32, %c2_i64, %c9_i64, %c9_i64, %c3_i64, %c8_i64, %c3_i64, %c3_i64, %c9_i64, %c9_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64, %c1_i64,

// EMULATED-COUNT-3: call @kiln_cuda_emulated_conv2d(
// EMULATED: call @kiln_cuda_emulated_conv2d_backprop_filter(
// EMULATED-NOT: @kiln_cuda_conv2d
func.func @main(%x: tensor<2x9x9x3xf32> {kiln.feed = "x"}, %f: tensor<3x3x3x8xf32> {kiln.feed = "f"},
                %b: tensor<8xf32> {kiln.feed = "b"}, %x8: tensor<2x8x8x3xf32> {kiln.feed = "x8"},
                %f4: tensor<3x3x3x4xf32> {kiln.feed = "f4"}, %d: tensor<1x7x7x2xf64> {kiln.feed = "d"},
                %fd: tensor<2x2x2x2xf64> {kiln.feed = "fd"}, %bd: tensor<2xf64> {kiln.feed = "bd"},
                %res: tensor<1x5x5x2xf64> {kiln.feed = "res"}, %dy: tensor<2x9x9x8xf32> {kiln.feed = "dy"})
    -> (tensor<2x9x9x8xf32>, tensor<2x4x4x4xf32>, tensor<1x5x5x2xf64>, tensor<3x3x3x8xf32>) {
  %c = kiln.conv2d %x, %f {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>) -> tensor<2x9x9x8xf32>
  %a = kiln.bias_add %c, %b : (tensor<2x9x9x8xf32>, tensor<8xf32>) -> tensor<2x9x9x8xf32>
  %r = kiln.relu %a : tensor<2x9x9x8xf32>
  %s = kiln.conv2d %x8, %f4 {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<2x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<2x4x4x4xf32>
  %v = kiln.conv2d %d, %fd {padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>} : (tensor<1x7x7x2xf64>, tensor<2x2x2x2xf64>) -> tensor<1x5x5x2xf64>
  %vb = kiln.bias_add %v, %bd : (tensor<1x5x5x2xf64>, tensor<2xf64>) -> tensor<1x5x5x2xf64>
  %vr = kiln.add %vb, %res : (tensor<1x5x5x2xf64>, tensor<1x5x5x2xf64>) -> tensor<1x5x5x2xf64>
  %vo = kiln.relu %vr : tensor<1x5x5x2xf64>
  %df = kiln.conv2d_backprop_filter %x, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<2x9x9x3xf32>, tensor<2x9x9x8xf32>) -> tensor<3x3x3x8xf32>
  return %r, %s, %vo, %df : tensor<2x9x9x8xf32>, tensor<2x4x4x4xf32>, tensor<1x5x5x2xf64>, tensor<3x3x3x8xf32>
}
