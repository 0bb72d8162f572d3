// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-opt %s --kiln-place-ops='targets=cuda' --kiln-fuse-ops --kiln-lowering-pipeline | FileCheck %s --check-prefix=LOWERED
// RUN: kiln-compile %s --feed 'd:f32[6,2,3]' --feed 'ids:i64[6]' --feed 'w:f64[5,4]' --feed 'wi:i32[5]' --feed 'n:i32[7]' --target=cuda:sm_80 --emit=asm -o %t/sum.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/sum.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t/sum.ptx -o %t/sum.sm_80.cubin %}
// RUN: kiln-compile %s --feed 'd:f32[6,2,3]' --feed 'ids:i64[6]' --feed 'w:f64[5,4]' --feed 'wi:i32[5]' --feed 'n:i32[7]' --target=cuda:sm_90 --emit=asm -o %t/sum90.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_90 %t/sum90.ptx -o %t/sum.sm_90.cubin %}
// RUN: python3 %S/Inputs/segment_sum_inputs.py %t
// RUN: kiln-run %s --target=cuda-emulation --feed d=%t/d.npy --feed ids=%t/ids.npy --feed w=%t/w.npy --feed wi=%t/wi.npy --feed n=%t/n.npy | FileCheck %s --check-prefix=SUMS
// RUN: not kiln-run %s --target=cuda-emulation --feed d=%t/d.npy --feed ids=%t/bad_ids.npy --feed w=%t/w.npy --feed wi=%t/wi.npy --feed n=%t/n.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: kiln-compile %S/Inputs/segment-sum-f16.mlir --feed 'h:f16[4]' --feed 'ids:i32[4]' --target=cuda:sm_80 --emit=asm -o %t/f16.ptx
// RUN: FileCheck %s --check-prefix=F16 < %t/f16.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t/f16.ptx -o %t/f16.cubin %}

// Tests unsorted_segment_sum (gather's gradient) on the GPU: each data
// element is added into its segment's element by an atomic add, a thread
// per element, after a fill of zeros, as TensorFlow's GPU kernel does;
// negative ids are dropped, an id at or above num_segments ends the step
// through the run-time check. f32, f64 and integer sums assemble with
// ptxas for sm_80 and sm_90, f16 ones with the f16 atomic add of sm_70
// on; the emulation computes them against sums written out by hand.

// LOWERED-LABEL: func.func @main
// LOWERED: memref.alloc() : memref<3x6xf32>
// LOWERED: linalg.fill
// LOWERED: scf.parallel
// LOWERED: memref.atomic_rmw addf
// LOWERED: bufferization.to_tensor {{.*}} restrict writable

// PTX: atom.global.add.f32
// PTX: atom.global.add.f64
// PTX: atom.global.add.u32

// SUMS:      result0: f32[3,2,3] {{\[\[\[}}6, 9, 12], [15, 18, 21]], {{\[\[}}4, 6, 8], [10, 12, 14]], {{\[\[}}0, 0, 0], [0, 0, 0]]]
// SUMS-NEXT: result1: f64[2,4] {{\[\[}}1.75, 1.75, 1.75, 1.75], [1, 1, 1, 1]]
// SUMS-NEXT: result2: i32[3] [0, 2, 6]

// BAD: kiln-run: 'segment_sum' (unsorted_segment_sum): segment_ids[3] = 3 is not below num_segments 3
// F16: atom.global.add.noftz.f16

func.func @main(%d: tensor<6x2x3xf32> {kiln.feed = "d"},
                %ids: tensor<6xi64> {kiln.feed = "ids"},
                %w: tensor<5x4xf64> {kiln.feed = "w"},
                %wi: tensor<5xi32> {kiln.feed = "wi"},
                %n: tensor<7xi32> {kiln.feed = "n"})
    -> (tensor<3x2x3xf32>, tensor<2x4xf64>, tensor<3xi32>) {
  %0 = kiln.unsorted_segment_sum %d, %ids {num_segments = 3 : i64, device = "/gpu:0"} : (tensor<6x2x3xf32>, tensor<6xi64>) -> tensor<3x2x3xf32> loc("segment_sum")
  %1 = kiln.unsorted_segment_sum %w, %wi {num_segments = 2 : i64, device = "/gpu:0"} : (tensor<5x4xf64>, tensor<5xi32>) -> tensor<2x4xf64>
  %2 = kiln.unsorted_segment_sum %n, %n {num_segments = 3 : i64, device = "/gpu:0"} : (tensor<7xi32>, tensor<7xi32>) -> tensor<3xi32>
  return %0, %1, %2 : tensor<3x2x3xf32>, tensor<2x4xf64>, tensor<3xi32>
}
