// RUN: kiln-opt --split-input-file --kiln-cpu-library-calls %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-cpu-library-calls="min-multiply-adds=1000000000" %s \
// RUN:   | FileCheck %s --check-prefix=SMALL

// The inputs are kernel functions as bufferization leaves them: the
// routine and its epilogue follow from the kernel's kind and from the
// #kiln.contraction the lowering put on the product.

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// Tests that a zero-filled matmul and its bias + relu epilogue become one
// call, with every buffer passed in the kernels' dynamic strided layout.
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[A:.+]]: memref<64x300xf32>, %[[B:.+]]: memref<300x200xf32>, %[[BIAS:.+]]: memref<200xf32>, %[[C:.+]]: memref<64x200xf32>)
// CHECK-DAG: %[[CA:.+]] = memref.cast %[[A]] : memref<64x300xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG: %[[CB:.+]] = memref.cast %[[B]]
// CHECK-DAG: %[[CBIAS:.+]] = memref.cast %[[BIAS]] : memref<200xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK-DAG: %[[CC:.+]] = memref.cast %[[C]]
// CHECK-DAG: %[[RELU:.+]] = arith.constant 1 : i32
// CHECK: call @kiln_cpu_matmul_bias_f32(%[[CA]], %[[CB]], %[[CBIAS]], %[[CC]], %[[RELU]])
// CHECK-NOT: linalg.
// CHECK: return
// CHECK: func.func private @kiln_cpu_matmul_bias_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i32) attributes {llvm.emit_c_interface}
// SMALL-LABEL: func.func @dense
// SMALL-NOT: call
// SMALL: linalg.fill
func.func @dense(%a: memref<64x300xf32>, %b: memref<300x200xf32>, %bias: memref<200xf32>, %c: memref<64x200xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %bias : memref<64x200xf32>, memref<200xf32>) outs(%c : memref<64x200xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %s = arith.addf %v, %w : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// Tests an f64 matmul whose epilogue adds the bias (operands swapped) with
// no activation and writes a different buffer, which takes the product's
// place as the call's output.
// CHECK-LABEL: func.func @bias_only_f64
// CHECK-SAME: %[[OUT:[^:]+]]: memref<100x80xf64>)
// CHECK: %[[COUT:.+]] = memref.cast %[[OUT]]
// CHECK: %[[NONE:.+]] = arith.constant 0 : i32
// CHECK: call @kiln_cpu_matmul_bias_f64(%{{.+}}, %{{.+}}, %{{.+}}, %[[COUT]], %[[NONE]])
// CHECK-NOT: linalg.
func.func @bias_only_f64(%a: memref<100x90xf64>, %b: memref<90x80xf64>, %bias: memref<80xf64>, %out: memref<100x80xf64>) attributes {kiln.kernel = #kiln.kernel<"matmul_bias">} {
  %zero = arith.constant 0.0 : f64
  %c = memref.alloc() : memref<100x80xf64>
  linalg.fill ins(%zero : f64) outs(%c : memref<100x80xf64>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<100x90xf64>, memref<90x80xf64>) outs(%c : memref<100x80xf64>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %p = arith.mulf %y, %x : f64
    %s = arith.addf %p, %acc : f64
    linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [#col, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%bias, %c : memref<80xf64>, memref<100x80xf64>) outs(%out : memref<100x80xf64>) {
  ^bb0(%w: f64, %v: f64, %o: f64):
    %s = arith.addf %w, %v : f64
    linalg.yield %s : f64
  }
  memref.dealloc %c : memref<100x80xf64>
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>

// Tests that relu alone (no bias) folds into the plain matmul kernel.
// CHECK-LABEL: func.func @relu_only
// CHECK: %[[RELU:.+]] = arith.constant 1 : i32
// CHECK: call @kiln_cpu_matmul_f32(%{{.+}}, %{{.+}}, %{{.+}}, %[[RELU]])
// CHECK-NOT: linalg.
func.func @relu_only(%a: memref<1x1024xf32>, %b: memref<1024x1024xf32>, %c: memref<1x1024xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul_relu">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<1x1024xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<1x1024xf32>, memref<1024x1024xf32>) outs(%c : memref<1x1024xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<1x1024xf32>) outs(%c : memref<1x1024xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %zero, %v : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// Tests epilogues that stay loops while the matmul still becomes a call:
// the product is also read by another op; a sigmoid is not a kernel
// epilogue; the epilogue writes over A, which the call still reads.
// CHECK-LABEL: func.func @product_read_twice
// CHECK: %[[NONE:.+]] = arith.constant 0 : i32
// CHECK: call @kiln_cpu_matmul_f32(%{{.+}}, %{{.+}}, %{{.+}}, %[[NONE]])
// CHECK-NEXT: linalg.generic
// CHECK: linalg.copy
func.func @product_read_twice(%a: memref<64x300xf32>, %b: memref<300x200xf32>, %bias: memref<200xf32>, %c: memref<64x200xf32>, %pre: memref<64x200xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul_bias">} {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<64x200xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xf32>, memref<300x200xf32>) outs(%t : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<64x200xf32>, memref<200xf32>) outs(%c : memref<64x200xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %s = arith.addf %v, %w : f32
    linalg.yield %s : f32
  }
  linalg.copy ins(%t : memref<64x200xf32>) outs(%pre : memref<64x200xf32>)
  memref.dealloc %t : memref<64x200xf32>
  return
}

// CHECK-LABEL: func.func @sigmoid_epilogue
// CHECK: call @kiln_cpu_matmul_f32
// CHECK-NEXT: linalg.generic
// CHECK: math.exp
func.func @sigmoid_epilogue(%a: memref<64x300xf32>, %b: memref<300x200xf32>, %c: memref<64x200xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul_sigmoid">} {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<64x200xf32>) outs(%c : memref<64x200xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  }
  return
}

// CHECK-LABEL: func.func @epilogue_over_a
// CHECK: call @kiln_cpu_matmul_f32
// CHECK-NEXT: linalg.generic
func.func @epilogue_over_a(%b: memref<256x256xf32>, %c: memref<256x256xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul_relu">} {
  %zero = arith.constant 0.0 : f32
  %arena = memref.alloc() : memref<524288xi8>
  %c0 = arith.constant 0 : index
  %c262144 = arith.constant 262144 : index
  %a = memref.view %arena[%c0][] : memref<524288xi8> to memref<256x256xf32>
  %t = memref.view %arena[%c262144][] : memref<524288xi8> to memref<256x256xf32>
  %d = memref.view %arena[%c0][] : memref<524288xi8> to memref<256x256xf32>
  linalg.copy ins(%b : memref<256x256xf32>) outs(%a : memref<256x256xf32>)
  linalg.fill ins(%zero : f32) outs(%t : memref<256x256xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x256xf32>, memref<256x256xf32>) outs(%t : memref<256x256xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : memref<256x256xf32>) outs(%d : memref<256x256xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  }
  linalg.copy ins(%d : memref<256x256xf32>) outs(%c : memref<256x256xf32>)
  memref.dealloc %arena : memref<524288xi8>
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>

// Tests tagged matmuls the kernels do not take: integer elements, and a
// product that does not start from zero (it accumulates into its output).
// CHECK-LABEL: func.func @integer
// CHECK-NOT: call
// CHECK: linalg.generic
// CHECK-LABEL: func.func @accumulating
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @integer(%a: memref<64x300xi32>, %b: memref<300x200xi32>, %c: memref<64x200xi32>) attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<64x200xi32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xi32>, memref<300x200xi32>) outs(%c : memref<64x200xi32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: i32, %y: i32, %acc: i32):
    %p = arith.muli %x, %y : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}
func.func @accumulating(%fa: memref<64x300xf32>, %fb: memref<300x200xf32>, %fc: memref<64x200xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%fa, %fb : memref<64x300xf32>, memref<300x200xf32>) outs(%fc : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// Tests that only kernels on the CPU are taken, and only kernels: a
// tagged product in a function that is no kernel, or in a kernel placed
// on a GPU, stays a loop.
// CHECK-LABEL: func.func @not_a_kernel
// CHECK-NOT: call
// CHECK: linalg.generic
// CHECK-LABEL: func.func @gpu_kernel
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @not_a_kernel(%a: memref<64x300xf32>, %b: memref<300x200xf32>, %c: memref<64x200xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @gpu_kernel(%a: memref<64x300xf32>, %b: memref<300x200xf32>, %c: memref<64x200xf32>) attributes {kiln.kernel = #kiln.kernel<"matmul", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh * 2 + kh * 3, ow + kw, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>
#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#ch = affine_map<(a, b, c, d) -> (d)>

// Tests a convolution (stride 2 and dilation 3 along the height) with its
// per-channel bias and relu: one call, strides then dilations as (h, w).
// CHECK-LABEL: func.func @conv
// CHECK: %[[SH:.+]] = arith.constant 2 : i64
// CHECK: %[[SW:.+]] = arith.constant 1 : i64
// CHECK: %[[DH:.+]] = arith.constant 3 : i64
// CHECK: %[[DW:.+]] = arith.constant 1 : i64
// CHECK: %[[RELU:.+]] = arith.constant 1 : i32
// CHECK: call @kiln_cpu_conv2d_bias_f32(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[SH]], %[[SW]], %[[DH]], %[[DW]], %[[RELU]])
// CHECK-NOT: linalg.
// CHECK: func.func private @kiln_cpu_conv2d_bias_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64, i32) attributes {llvm.emit_c_interface}
func.func @conv(%x: memref<2x33x20x8xf32>, %w: memref<3x3x8x16xf32>, %bias: memref<16xf32>, %y: memref<2x14x18x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d_bias_relu">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<2x14x18x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<2x33x20x8xf32>, memref<3x3x8x16xf32>) outs(%y : memref<2x14x18x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [2, 1], dilations = [3, 1]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id4, #ch, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y, %bias : memref<2x14x18x16xf32>, memref<16xf32>) outs(%y : memref<2x14x18x16xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh + kh, ow + kw, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>
#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#ch = affine_map<(a, b, c, d) -> (d)>

// Tests a convolution of a zero-padded input (a pad's lowering: zeros,
// then the input copied into the interior at (1, 2)): the call reads the
// input itself and gets the padding as (top, left) after the dilations;
// neither the zeros nor the copy remain.
// CHECK-LABEL: func.func @padded_conv
// CHECK-SAME: (%[[X:[^:]+]]: memref<2x14x20x8xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[CX:.+]] = memref.cast %[[X]]
// CHECK-COUNT-4: arith.constant 1 : i64
// CHECK-NEXT: %[[TOP:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[LEFT:.+]] = arith.constant 2 : i64
// CHECK: call @kiln_cpu_conv2d_bias_padded_f32(%[[CX]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[TOP]], %[[LEFT]], %{{.+}})
// CHECK-NOT: linalg.
// CHECK-NOT: memref.copy
// CHECK: func.func private @kiln_cpu_conv2d_bias_padded_f32({{.+}}, i64, i64, i64, i64, i64, i64, i32)
func.func @padded_conv(%x: memref<2x14x20x8xf32>, %w: memref<3x3x8x16xf32>, %bias: memref<16xf32>, %y: memref<2x14x22x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d_bias_relu">} {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() {alignment = 64 : i64} : memref<2x16x24x8xf32>
  linalg.map outs(%padded : memref<2x16x24x8xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %interior = memref.subview %padded[0, 1, 2, 0] [2, 14, 20, 8] [1, 1, 1, 1] : memref<2x16x24x8xf32> to memref<2x14x20x8xf32, strided<[3072, 192, 8, 1], offset: 208>>
  memref.copy %x, %interior : memref<2x14x20x8xf32> to memref<2x14x20x8xf32, strided<[3072, 192, 8, 1], offset: 208>>
  linalg.fill ins(%zero : f32) outs(%y : memref<2x14x22x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%padded, %w : memref<2x16x24x8xf32>, memref<3x3x8x16xf32>) outs(%y : memref<2x14x22x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id4, #ch, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y, %bias : memref<2x14x22x16xf32>, memref<16xf32>) outs(%y : memref<2x14x22x16xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %padded : memref<2x16x24x8xf32>
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh + kh, ow + kw, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>

// Tests that a padded input someone else also reads (here the kernel's
// output is written from its border) keeps its zeros and copy: the call
// reads the padded buffer, without padding.
// CHECK-LABEL: func.func @padded_conv_shared
// CHECK: linalg.map
// CHECK: memref.copy
// CHECK: call @kiln_cpu_conv2d_f32(
func.func @padded_conv_shared(%x: memref<2x14x20x8xf32>, %w: memref<3x3x8x16xf32>, %y: memref<2x14x22x16xf32>, %border: memref<2x16x24x8xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d">} {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() {alignment = 64 : i64} : memref<2x16x24x8xf32>
  linalg.map outs(%padded : memref<2x16x24x8xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %interior = memref.subview %padded[0, 1, 2, 0] [2, 14, 20, 8] [1, 1, 1, 1] : memref<2x16x24x8xf32> to memref<2x14x20x8xf32, strided<[3072, 192, 8, 1], offset: 208>>
  memref.copy %x, %interior : memref<2x14x20x8xf32> to memref<2x14x20x8xf32, strided<[3072, 192, 8, 1], offset: 208>>
  memref.copy %padded, %border : memref<2x16x24x8xf32> to memref<2x16x24x8xf32>
  linalg.fill ins(%zero : f32) outs(%y : memref<2x14x22x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%padded, %w : memref<2x16x24x8xf32>, memref<3x3x8x16xf32>) outs(%y : memref<2x14x22x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  memref.dealloc %padded : memref<2x16x24x8xf32>
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh + kh, ow + kw, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>
#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#ch = affine_map<(a, b, c, d) -> (d)>

// Tests a convolution whose epilogue adds a residual after the bias (a
// ResNet block's shortcut): one call with the bias, the residual and the
// output, no padding ((0, 0) after the dilations) and relu.
// CHECK-LABEL: func.func @conv_residual
// CHECK-SAME: (%{{[^:]+}}: memref<2x16x16x8xf32>, %{{[^:]+}}: memref<3x3x8x16xf32>, %{{[^:]+}}: memref<16xf32>, %[[R:[^:]+]]: memref<2x14x14x16xf32>, %[[Y:[^:]+]]: memref<2x14x14x16xf32>)
// CHECK-DAG: %[[CR:.+]] = memref.cast %[[R]]
// CHECK-DAG: %[[CY:.+]] = memref.cast %[[Y]]
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[ZERO2:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[RELU:.+]] = arith.constant 1 : i32
// CHECK: call @kiln_cpu_conv2d_bias_add_f32(%{{.+}}, %{{.+}}, %{{.+}}, %[[CR]], %[[CY]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[ZERO]], %[[ZERO2]], %[[RELU]])
// CHECK-NOT: linalg.
// CHECK: func.func private @kiln_cpu_conv2d_bias_add_f32({{.+}}, i64, i64, i64, i64, i64, i64, i32)
func.func @conv_residual(%x: memref<2x16x16x8xf32>, %w: memref<3x3x8x16xf32>, %bias: memref<16xf32>, %r: memref<2x14x14x16xf32>, %y: memref<2x14x14x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d_bias_add_relu">} {
  %zero = arith.constant 0.0 : f32
  %product = memref.alloc() : memref<2x14x14x16xf32>
  linalg.fill ins(%zero : f32) outs(%product : memref<2x14x14x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<2x16x16x8xf32>, memref<3x3x8x16xf32>) outs(%product : memref<2x14x14x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id4, #ch, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%product, %bias, %r : memref<2x14x14x16xf32>, memref<16xf32>, memref<2x14x14x16xf32>) outs(%y : memref<2x14x14x16xf32>) {
  ^bb0(%v: f32, %c: f32, %res: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %t = arith.addf %s, %res : f32
    %u = arith.maximumf %t, %zero : f32
    linalg.yield %u : f32
  }
  memref.dealloc %product : memref<2x14x14x16xf32>
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh + kh, ow + kw, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>
#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#ch = affine_map<(a, b, c, d) -> (d)>

// Tests that a residual in another view of the output's buffer (here its
// second half) keeps the epilogue a loop: the call would overwrite it
// while reading it. The product alone goes to the library.
// CHECK-LABEL: func.func @conv_residual_overlaps
// CHECK: call @kiln_cpu_conv2d_f32(
// CHECK: linalg.generic
func.func @conv_residual_overlaps(%x: memref<2x16x16x8xf32>, %w: memref<3x3x8x16xf32>, %bias: memref<16xf32>, %y: memref<4x14x14x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d_bias_add_relu">} {
  %zero = arith.constant 0.0 : f32
  %front = memref.subview %y[0, 0, 0, 0] [2, 14, 14, 16] [1, 1, 1, 1] : memref<4x14x14x16xf32> to memref<2x14x14x16xf32, strided<[3136, 224, 16, 1]>>
  %back = memref.subview %y[2, 0, 0, 0] [2, 14, 14, 16] [1, 1, 1, 1] : memref<4x14x14x16xf32> to memref<2x14x14x16xf32, strided<[3136, 224, 16, 1], offset: 6272>>
  %product = memref.alloc() : memref<2x14x14x16xf32>
  linalg.fill ins(%zero : f32) outs(%product : memref<2x14x14x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<2x16x16x8xf32>, memref<3x3x8x16xf32>) outs(%product : memref<2x14x14x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id4, #ch, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%product, %bias, %back : memref<2x14x14x16xf32>, memref<16xf32>, memref<2x14x14x16xf32, strided<[3136, 224, 16, 1], offset: 6272>>) outs(%front : memref<2x14x14x16xf32, strided<[3136, 224, 16, 1]>>) {
  ^bb0(%v: f32, %c: f32, %res: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %t = arith.addf %s, %res : f32
    %u = arith.maximumf %t, %zero : f32
    linalg.yield %u : f32
  }
  memref.dealloc %product : memref<2x14x14x16xf32>
  return
}

// -----

#in = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh + kh, ow + kw + 1, c)>
#filter = affine_map<(n, oh, ow, kh, kw, c, f) -> (kh, kw, c, f)>
#out = affine_map<(n, oh, ow, kh, kw, c, f) -> (n, oh, ow, f)>

// Tests that a product the lowering did not tag (here a window with an
// offset the kernels do not model) stays a loop, even in a conv2d kernel.
// CHECK-LABEL: func.func @offset_window
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @offset_window(%x: memref<2x32x32x8xf32>, %w: memref<3x3x8x16xf32>, %y: memref<2x30x29x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<2x30x29x16xf32>)
  linalg.generic {indexing_maps = [#in, #filter, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<2x32x32x8xf32>, memref<3x3x8x16xf32>) outs(%y : memref<2x30x29x16xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Tests a convolution's filter gradient (stride 2 and dilation 1 along the
// height, stride 1 and dilation 2 along the width): one kernel call with
// the strides and dilations and no epilogue; a following element-wise op
// stays a loop.
#fg_x = affine_map<(kh, kw, c, f, n, oh, ow) -> (n, oh * 2 + kh, ow + kw * 2, c)>
#fg_dy = affine_map<(kh, kw, c, f, n, oh, ow) -> (n, oh, ow, f)>
#fg_dw = affine_map<(kh, kw, c, f, n, oh, ow) -> (kh, kw, c, f)>
#fg_id = affine_map<(a, b, c, d) -> (a, b, c, d)>
// CHECK-LABEL: func.func @filter_gradient
// CHECK: %[[SH:.+]] = arith.constant 2 : i64
// CHECK: %[[SW:.+]] = arith.constant 1 : i64
// CHECK: %[[DH:.+]] = arith.constant 1 : i64
// CHECK: %[[DW:.+]] = arith.constant 2 : i64
// CHECK: call @kiln_cpu_conv2d_backprop_filter_f32(%{{.+}}, %{{.+}}, %{{.+}}, %[[SH]], %[[SW]], %[[DH]], %[[DW]])
// CHECK: linalg.generic
// CHECK: func.func private @kiln_cpu_conv2d_backprop_filter_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// SMALL-LABEL: func.func @filter_gradient
// SMALL-NOT: call
func.func @filter_gradient(%x: memref<4x17x20x8xf32>, %dy: memref<4x8x16x16xf32>, %dw: memref<3x3x8x16xf32>) attributes {kiln.kernel = #kiln.kernel<"conv2d_backprop_filter">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%dw : memref<3x3x8x16xf32>)
  linalg.generic {indexing_maps = [#fg_x, #fg_dy, #fg_dw],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %dy : memref<4x17x20x8xf32>, memref<4x8x16x16xf32>) outs(%dw : memref<3x3x8x16xf32>) attrs = {kiln.contraction = #kiln.contraction<conv2d_backprop_filter, strides = [2, 1], dilations = [1, 2]>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#fg_id, #fg_id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%dw : memref<3x3x8x16xf32>) outs(%dw : memref<3x3x8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  }
  return
}
