// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'p:f32[32,1000]' --feed 't:i32[32]' --feed 'c:i8[4,300]' --feed 'd:f32[4096,64]' --feed 'ids:i32[4096]' --target=cuda:sm_80 --emit=asm -o %t/step.ptx
// RUN: FileCheck %s < %t/step.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t/step.ptx -o %t/step.cubin %}

// Tests a step compiled ahead of time for the cuda target whose values
// are narrower than a warp shuffle's 32-bit lanes, and a scatter
// (tests/unit/cuda/CudaStepTest.cpp runs it on a GPU against references):
// in_top_k reduces booleans over rows of 1000 and reduce_max int8 over
// rows of 300 in a block each (the partials cross lanes widened to i32),
// and the gradient-sized segment sum of 4096 rows of 64 into 100 segments
// adds each element atomically.
// CHECK: shfl.sync.bfly.b32
// CHECK: atom.global.add.f32
func.func @main(%p: tensor<32x1000xf32> {kiln.feed = "p"}, %t: tensor<32xi32> {kiln.feed = "t"},
                %c: tensor<4x300xi8> {kiln.feed = "c"}, %d: tensor<4096x64xf32> {kiln.feed = "d"},
                %ids: tensor<4096xi32> {kiln.feed = "ids"})
    -> (tensor<32xi1>, tensor<4xi8>, tensor<100x64xf32>) {
  %0 = kiln.in_top_k %p, %t {k = 5 : i64, device = "/gpu:0"} : (tensor<32x1000xf32>, tensor<32xi32>) -> tensor<32xi1>
  %1 = kiln.reduce_max %c {axes = array<i64: 1>, device = "/gpu:0"} : (tensor<4x300xi8>) -> tensor<4xi8>
  %2 = kiln.unsorted_segment_sum %d, %ids {num_segments = 100 : i64, device = "/gpu:0"} : (tensor<4096x64xf32>, tensor<4096xi32>) -> tensor<100x64xf32>
  return %0, %1, %2 : tensor<32xi1>, tensor<4xi8>, tensor<100x64xf32>
}
