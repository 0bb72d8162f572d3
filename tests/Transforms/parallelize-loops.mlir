// RUN: kiln-opt --split-input-file --kiln-parallelize-loops %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-parallelize-loops="min-iterations=1" %s | FileCheck %s --check-prefix=ALL

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Tests that a large element-wise op runs its outermost loop in parallel
// and its inner loop sequentially (the loop LLVM vectorizes).
// CHECK-LABEL: func.func @large
// CHECK: scf.parallel (%[[I:.+]]) = (%{{.+}}) to (%{{.+}}) step (%{{.+}}) {
// CHECK-NEXT: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK: arith.addf
// CHECK: scf.reduce
// CHECK-NOT: linalg.
func.func @large(%a: memref<1024x256xf32>, %b: memref<1024x256xf32>) {
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<1024x256xf32>) outs(%b : memref<1024x256xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Tests that ops below the threshold stay linalg ops (for the sequential
// lowering) unless the threshold is lowered.
// CHECK-LABEL: func.func @small
// CHECK: linalg.fill
// CHECK-NOT: scf.parallel
// ALL-LABEL: func.func @small
// ALL: scf.parallel
func.func @small(%b: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%b : memref<16x16xf32>)
  return
}

// -----

// Tests that an op whose outermost loop reduces (a bias gradient summing
// over the batch) and an op with one outer iteration are not split.
#x = affine_map<(d0, d1) -> (d0, d1)>
#sum = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @not_split
// CHECK-NOT: scf.parallel
// CHECK: linalg.generic
// CHECK: linalg.fill
// ALL-LABEL: func.func @not_split
// ALL-NOT: scf.parallel
func.func @not_split(%a: memref<100000x64xf32>, %s: memref<64xf32>, %one: memref<1x100000xf32>) {
  linalg.generic {indexing_maps = [#x, #sum], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<100000x64xf32>) outs(%s : memref<64xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %t = arith.addf %v, %acc : f32
    linalg.yield %t : f32
  }
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%one : memref<1x100000xf32>)
  return
}

// -----

// Tests that a copy into the interior of a padded buffer (a strided view)
// becomes a parallel loop nest, while a contiguous copy stays memref.copy.
// CHECK-LABEL: func.func @copies
// ALL-LABEL: func.func @copies
// CHECK: scf.parallel
// CHECK: memref.load %[[SRC:.+]][
// CHECK: memref.store
// CHECK: memref.copy %{{.+}}, %{{.+}} : memref<64x64xf32> to memref<64x64xf32>
func.func @copies(%src: memref<64x30x30x8xf32>, %padded: memref<64x34x34x8xf32>,
                  %a: memref<64x64xf32>, %b: memref<64x64xf32>) {
  %interior = memref.subview %padded[0, 2, 2, 0] [64, 30, 30, 8] [1, 1, 1, 1]
      : memref<64x34x34x8xf32> to memref<64x30x30x8xf32, strided<[9248, 272, 8, 1], offset: 560>>
  memref.copy %src, %interior : memref<64x30x30x8xf32> to memref<64x30x30x8xf32, strided<[9248, 272, 8, 1], offset: 560>>
  memref.copy %a, %b : memref<64x64xf32> to memref<64x64xf32>
  return
}
