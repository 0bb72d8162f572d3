// UNSUPPORTED: cuda-gpu
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,1000]' --feed 'y:f32[256,10]' --target=cuda -o %t/step
// RUN: FileCheck %s --check-prefix=HEADER < %t/step.h
// RUN: kiln-compile %s --feed 'x:f32[64,1000]' --feed 'y:f32[256,10]' --target=cuda --emit=asm -o %t/step.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/step.ptx

// Tests a step of reductions compiled ahead of time for the cuda target
// (tests/unit/cuda/CudaStepTest.cpp runs it on a GPU against float64
// references): softmax over rows of 1000, the column maxima, the mean of
// everything and log_softmax over rows of 10. Its temporaries (softmax's
// row maxima and sums, the mean's f64 sum) live in the step's arena, on
// the GPU; the whole step is one PTX module (ptxas.mlir assembles it).
// HEADER: #define STEP_ARENA_BYTES {{[1-9][0-9]*}}u
// HEADER: {"x", KILN_DTYPE_F32, 2, step_input0_shape, 256000u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"y", KILN_DTYPE_F32, 2, step_input1_shape, 10240u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"result3", KILN_DTYPE_F32, 2, step_output3_shape, 10240u, {KILN_DEVICE_CUDA, 0}, 0}
// PTX: // kernel kiln_kernels
// PTX-COUNT-4: shfl.sync.bfly.b32
// PTX: bar.sync 0;
func.func @main(%x: tensor<64x1000xf32> {kiln.feed = "x"}, %y: tensor<256x10xf32> {kiln.feed = "y"})
    -> (tensor<64x1000xf32>, tensor<1000xf32>, tensor<f32>, tensor<256x10xf32>) {
  %s = kiln.softmax %x {device = "/gpu:0"} : tensor<64x1000xf32>
  %c = kiln.reduce_max %x {axes = array<i64: 0>, device = "/gpu:0"} : (tensor<64x1000xf32>) -> tensor<1000xf32>
  %m = kiln.reduce_mean %x {axes = array<i64: 0, 1>, device = "/gpu:0"} : (tensor<64x1000xf32>) -> tensor<f32>
  %l = kiln.log_softmax %y {device = "/gpu:0"} : tensor<256x10xf32>
  return %s, %c, %m, %l : tensor<64x1000xf32>, tensor<1000xf32>, tensor<f32>, tensor<256x10xf32>
}
