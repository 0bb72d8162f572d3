// UNSUPPORTED: cuda-gpu
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,1000]' --feed 'y:f32[256,10]' --feed 'labels:i32[256]' --target=cuda -o %t/step
// RUN: FileCheck %s --check-prefix=HEADER < %t/step.h
// RUN: kiln-compile %s --feed 'x:f32[64,1000]' --feed 'y:f32[256,10]' --feed 'labels:i32[256]' --target=cuda --emit=asm -o %t/step.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/step.ptx

// Tests a step of reductions compiled ahead of time for the cuda target
// (tests/unit/cuda/CudaStepTest.cpp runs it on a GPU against float64
// references): softmax over rows of 1000, the column maxima, the mean of
// everything, log_softmax over rows of 10 and the sparse cross-entropy
// with its labels' range check (reduced on the GPU, read by the host). Its
// temporaries (softmax's row maxima and sums, the mean's f64 sum) live in
// the step's arena, on the GPU; the whole step is one PTX module (ptxas.mlir assembles it).
// HEADER: #define STEP_ARENA_BYTES {{[1-9][0-9]*}}u
// HEADER: {"x", KILN_DTYPE_F32, 2, step_input0_shape, 256000u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"y", KILN_DTYPE_F32, 2, step_input1_shape, 10240u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"labels", KILN_DTYPE_I32, 1, step_input2_shape, 1024u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"result3", KILN_DTYPE_F32, 2, step_output3_shape, 10240u, {KILN_DEVICE_CUDA, 0}, 0}
// HEADER: {"result5", KILN_DTYPE_F32, 2, step_output5_shape, 10240u, {KILN_DEVICE_CUDA, 0}, 0}
// PTX: // kernel kiln_kernels
// PTX-COUNT-4: shfl.sync.bfly.b32
// PTX: bar.sync 0;
func.func @main(%x: tensor<64x1000xf32> {kiln.feed = "x"}, %y: tensor<256x10xf32> {kiln.feed = "y"},
                %labels: tensor<256xi32> {kiln.feed = "labels"})
    -> (tensor<64x1000xf32>, tensor<1000xf32>, tensor<f32>, tensor<256x10xf32>, tensor<256xf32>, tensor<256x10xf32>) {
  %s = kiln.softmax %x {device = "/gpu:0"} : tensor<64x1000xf32>
  %c = kiln.reduce_max %x {axes = array<i64: 0>, device = "/gpu:0"} : (tensor<64x1000xf32>) -> tensor<1000xf32>
  %m = kiln.reduce_mean %x {axes = array<i64: 0, 1>, device = "/gpu:0"} : (tensor<64x1000xf32>) -> tensor<f32>
  %l = kiln.log_softmax %y {device = "/gpu:0"} : tensor<256x10xf32>
  %loss, %backprop = kiln.sparse_softmax_cross_entropy_with_logits %y, %labels {device = "/gpu:0"} : (tensor<256x10xf32>, tensor<256xi32>) -> (tensor<256xf32>, tensor<256x10xf32>) loc("xent")
  return %s, %c, %m, %l, %loss, %backprop : tensor<64x1000xf32>, tensor<1000xf32>, tensor<f32>, tensor<256x10xf32>, tensor<256xf32>, tensor<256x10xf32>
}
