// RUN: kiln-opt --split-input-file --kiln-map-kernels-to-gpu %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-map-kernels-to-gpu=block-size=128 %s | FileCheck %s --check-prefix=B128
// RUN: not kiln-opt --split-input-file --kiln-map-kernels-to-gpu=block-size=2048 %s 2>&1 | FileCheck %s --check-prefix=BAD

#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests that a GPU kernel's element-wise loop nest becomes one launch over
// its 4000 elements flattened: blocks of 256 threads, the last block
// guarded, each thread recovering its row and column; consecutive threads
// take consecutive elements of a row.
// CHECK-LABEL: func.func private @step_elementwise_0
// CHECK-NOT: linalg.
// CHECK: gpu.launch blocks(%[[BLOCK:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c16, %{{.+}} = %c1, %{{.+}} = %c1) threads(%[[LANE:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c256, %{{.+}} = %c1, %{{.+}} = %c1)
// CHECK: %[[FIRST:.+]] = arith.muli %[[BLOCK]], %c256
// CHECK: %[[POS:.+]] = arith.addi %[[FIRST]], %[[LANE]]
// CHECK: %[[INSIDE:.+]] = arith.cmpi ult, %[[POS]], %c4000
// CHECK: scf.if %[[INSIDE]]
// CHECK: %[[COL:.+]] = arith.remui %[[POS]], %c1000
// CHECK: %[[ROW:.+]] = arith.divui %[[POS]], %c1000
// CHECK: memref.load %{{.+}}[%[[ROW]], %[[COL]]]
// CHECK: math.exp
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[ROW]], %[[COL]]]
// B128-LABEL: func.func private @step_elementwise_0
// B128: gpu.launch {{.+}} in (%{{.+}} = %c32, %{{.+}} = %c1, %{{.+}} = %c1) threads({{.+}}) in (%{{.+}} = %c128,
func.func private @step_elementwise_0(%x: memref<4x1000xf32>, %b: memref<1000xf32>, %y: memref<4x1000xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : memref<4x1000xf32>, memref<1000xf32>) outs(%y : memref<4x1000xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    %e = math.exp %s : f32
    linalg.yield %e : f32
  }
  return
}

// -----

#id = affine_map<(i) -> (i)>

// Tests that a length that is a multiple of the block needs no guard, a
// short one gets a block of its own length, and kernels on the CPU and
// functions that are no kernel keep their loops.
// CHECK-LABEL: func.func private @even
// CHECK: gpu.launch {{.+}} in (%{{.+}} = %c2, {{.+}} threads({{.+}}) in (%{{.+}} = %c256,
// CHECK-NOT: scf.if
// CHECK: gpu.terminator
// CHECK-LABEL: func.func private @short
// CHECK: gpu.launch {{.+}} in (%{{.+}} = %c1, {{.+}} threads({{.+}}) in (%{{.+}} = %c10,
// CHECK-LABEL: func.func private @on_cpu
// CHECK-NOT: gpu.launch
// CHECK: linalg.generic
// CHECK-LABEL: func.func @not_a_kernel
// CHECK-NOT: gpu.launch
// CHECK: linalg.generic
func.func private @even(%x: memref<512xf32>, %y: memref<512xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<512xf32>) outs(%y : memref<512xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}
func.func private @short(%x: memref<10xf32>, %y: memref<10xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<10xf32>) outs(%y : memref<10xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}
func.func private @on_cpu(%x: memref<512xf32>, %y: memref<512xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"CPU", 0>>} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<512xf32>) outs(%y : memref<512xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}
func.func @not_a_kernel(%x: memref<512xf32>, %y: memref<512xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<512xf32>) outs(%y : memref<512xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}

// BAD: block-size must be in [1, 1024], got 2048

// -----

#id2 = affine_map<(i, j) -> (i, j)>
#rows = affine_map<(i, j) -> (i)>
#cols = affine_map<(i, j) -> (j)>

// Tests that a reduction along rows (the innermost dimension, 1000) is a
// block per row: 256 threads (whole warps) each fold elements t, t + 256,
// ... of its row, widened as the body says, then gpu.all_reduce combines
// the partials and thread 0 folds the total into the result.
// CHECK-LABEL: func.func private @row_sums
// CHECK: gpu.launch blocks(%[[ROW:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c4, %{{.+}} = %c1, %{{.+}} = %c1) threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c256, %{{.+}} = %c1, %{{.+}} = %c1)
// CHECK: %[[FIRST:.+]] = memref.load %{{.+}}[%[[ROW]], %[[T]]]
// CHECK: %[[WIDE:.+]] = arith.extf %[[FIRST]] : f32 to f64
// CHECK: %[[NEXT:.+]] = arith.addi %[[T]], %c256
// CHECK: %[[PARTIAL:.+]] = scf.for %[[R:.+]] = %[[NEXT]] to %c1000 step %c256 iter_args(%[[ACC:.+]] = %[[WIDE]]) -> (f64)
// CHECK: memref.load %{{.+}}[%[[ROW]], %[[R]]]
// CHECK: arith.addf %{{.+}}, %[[ACC]] : f64
// CHECK: %[[TOTAL:.+]] = gpu.all_reduce %[[PARTIAL]] uniform
// CHECK: arith.addf
// CHECK: gpu.yield
// CHECK: %[[LEAD:.+]] = arith.cmpi eq, %[[T]], %c0
// CHECK: scf.if %[[LEAD]]
// CHECK: %[[OLD:.+]] = memref.load %{{.+}}[%[[ROW]]]
// CHECK: %[[NEW:.+]] = arith.addf %[[TOTAL]], %[[OLD]] : f64
// CHECK: memref.store %[[NEW]], %{{.+}}[%[[ROW]]]
// B128-LABEL: func.func private @row_sums
// B128: threads({{.+}}) in (%{{.+}} = %c128,
func.func private @row_sums(%x: memref<4x1000xf32>, %s: memref<4xf64>)
    attributes {kiln.kernel = #kiln.kernel<"reduce_sum", <"GPU", 0>>} {
  linalg.reduce ins(%x : memref<4x1000xf32>) outs(%s : memref<4xf64>) dimensions = [1]
    (%in: f32, %acc: f64) {
      %w = arith.extf %in : f32 to f64
      %t = arith.addf %w, %acc : f64
      linalg.yield %t : f64
    }
  return
}

// Tests that a short row (10 classes) gets a block of its own length, and
// that a 3-D reduction over its outer and inner axes strides the 8x10
// elements of each result flattened.
// CHECK-LABEL: func.func private @short_rows
// CHECK: gpu.launch {{.+}} in (%{{.+}} = %c256, {{.+}} threads({{.+}}) in (%{{.+}} = %c10,
// CHECK: gpu.all_reduce
// CHECK: arith.maximumf
// CHECK-LABEL: func.func private @outer_and_inner
// CHECK: gpu.launch blocks(%[[MID:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c6, {{.+}} threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c64,
// CHECK: %[[K:.+]] = arith.remui %[[T]], %c10
// CHECK: %[[I:.+]] = arith.divui %[[T]], %c10
// CHECK: memref.load %{{.+}}[%[[I]], %[[MID]], %[[K]]]
// CHECK: scf.for %{{.+}} = %{{.+}} to %c80 step %c64
func.func private @short_rows(%x: memref<256x10xf32>, %m: memref<256xf32>)
    attributes {kiln.kernel = #kiln.kernel<"reduce_max", <"GPU", 0>>} {
  linalg.reduce ins(%x : memref<256x10xf32>) outs(%m : memref<256xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %t = arith.maximumf %in, %acc : f32
      linalg.yield %t : f32
    }
  return
}
func.func private @outer_and_inner(%x: memref<8x6x10xf32>, %m: memref<6xf32>)
    attributes {kiln.kernel = #kiln.kernel<"reduce_max", <"GPU", 0>>} {
  linalg.reduce ins(%x : memref<8x6x10xf32>) outs(%m : memref<6xf32>) dimensions = [0, 2]
    (%in: f32, %acc: f32) {
      %t = arith.maximumf %in, %acc : f32
      linalg.yield %t : f32
    }
  return
}

// Tests that a reduction over the outer axis (a bias gradient's column
// sums) is a thread per column, looping over the rows: consecutive
// threads read consecutive columns.
// CHECK-LABEL: func.func private @column_sums
// CHECK-NOT: gpu.all_reduce
// CHECK: gpu.launch blocks(%[[B:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c2, %{{.+}} = %c1, %{{.+}} = %c1) threads(%[[L:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c256,
// CHECK: %[[COL0:.+]] = arith.muli %[[B]], %c256
// CHECK: %[[COL:.+]] = arith.addi %[[COL0]], %[[L]]
// CHECK: scf.if
// CHECK: %[[INIT:.+]] = memref.load %{{.+}}[%[[COL]]]
// CHECK: scf.for %[[R:.+]] = %c0 to %c1000 step %c1 iter_args(%{{.+}} = %[[INIT]])
// CHECK: memref.load %{{.+}}[%[[R]], %[[COL]]]
func.func private @column_sums(%x: memref<1000x300xf32>, %s: memref<300xf32>)
    attributes {kiln.kernel = #kiln.kernel<"reduce_sum", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id2, #cols], iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<1000x300xf32>) outs(%s : memref<300xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %t = arith.addf %in, %acc : f32
    linalg.yield %t : f32
  }
  return
}

// Tests that a reduction whose body is no single combining op (picking
// the label's column) is a thread per row, its linalg.index the loop's.
// CHECK-LABEL: func.func private @pick_label
// CHECK-NOT: gpu.all_reduce
// CHECK: gpu.launch
// CHECK: scf.for %[[C:.+]] = %c0 to %c10 step %c1
// CHECK: %[[HIT:.+]] = arith.cmpi eq, %[[C]], %{{.+}} : index
// CHECK: arith.select %[[HIT]]
func.func private @pick_label(%x: memref<256x10xf32>, %labels: memref<256xi32>, %p: memref<256xf32>)
    attributes {kiln.kernel = #kiln.kernel<"reduce_sum", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id2, #rows, #rows], iterator_types = ["parallel", "reduction"]}
      ins(%x, %labels : memref<256x10xf32>, memref<256xi32>) outs(%p : memref<256xf32>) {
  ^bb0(%v: f32, %label: i32, %acc: f32):
    %col = linalg.index 1 : index
    %want = arith.index_cast %label : i32 to index
    %hit = arith.cmpi eq, %col, %want : index
    %r = arith.select %hit, %v, %acc : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Tests that a scalar op, a fill and a copy become launches too: nothing
// of a GPU kernel runs on the host.
// CHECK-LABEL: func.func private @scalar_fill_copy
// CHECK-NOT: linalg.
// CHECK-NOT: memref.copy
// CHECK: gpu.launch {{.+}} in (%{{.+}} = %c1, {{.+}} threads({{.+}}) in (%{{.+}} = %c1,
// CHECK: memref.load %{{.+}}[] : memref<f32>
// CHECK: math.sqrt
// CHECK: gpu.launch {{.+}} threads({{.+}}) in (%{{.+}} = %c16,
// CHECK: memref.store %{{.+}}, %{{.+}}[%{{.+}}] : memref<16xf32>
// CHECK: gpu.launch {{.+}} threads({{.+}}) in (%{{.+}} = %c16,
// CHECK: memref.load %{{.+}}[%{{.+}}] : memref<16xf32>
// CHECK: memref.store
// CHECK: return
func.func private @scalar_fill_copy(%x: memref<f32>, %y: memref<f32>, %f: memref<16xf32>, %g: memref<16xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
      ins(%x : memref<f32>) outs(%y : memref<f32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.sqrt %a : f32
    linalg.yield %s : f32
  }
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%f : memref<16xf32>)
  memref.copy %f, %g : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Tests that a constant a kernel reads (an average pool's window sizes)
// is taken inside the launch, so outlining gives the GPU module its own
// copy in device memory rather than passing a host address.
// CHECK-LABEL: func.func private @reads_constant
// CHECK: gpu.launch
// CHECK: %[[T:.+]] = memref.get_global @counts : memref<4xf32>
// CHECK: memref.load %[[T]]
// CHECK: arith.divf
memref.global "private" constant @counts : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
#id = affine_map<(i) -> (i)>
func.func private @reads_constant(%x: memref<4xf32>, %y: memref<4xf32>)
    attributes {kiln.kernel = #kiln.kernel<"avg_pool", <"GPU", 0>>} {
  %t = memref.get_global @counts : memref<4xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %t : memref<4xf32>, memref<4xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %n = arith.divf %a, %b : f32
    linalg.yield %n : f32
  }
  return
}

// -----

// Tests that a run-time check in a GPU kernel (a label's range) reduces
// its first bad position in a block on the GPU, and that the host reads
// that one element through the CUDA layer's copy before reporting it.
// CHECK-LABEL: func.func private @checked
// CHECK: gpu.launch
// CHECK: gpu.all_reduce
// CHECK: arith.minsi
// CHECK: gpu.terminator
// CHECK: %[[DEVICE:.+]] = memref.extract_aligned_pointer_as_index %arg1
// CHECK: %[[HOST:.+]] = memref.alloca() : memref<i64>
// CHECK: %[[TO:.+]] = memref.extract_aligned_pointer_as_index %[[HOST]]
// CHECK: %[[TO64:.+]] = arith.index_cast %[[TO]] : index to i64
// CHECK: %[[FROM64:.+]] = arith.index_cast %[[DEVICE]] : index to i64
// CHECK: call @kiln_cuda_copy_to_host(%[[TO64]], %[[FROM64]], %c8_i64)
// CHECK: %[[FIRST:.+]] = memref.load %[[HOST]][] : memref<i64>
// CHECK: %[[FAILS:.+]] = arith.cmpi slt, %[[FIRST]], %c256_i64
// CHECK: kiln.runtime_check %[[FAILS]], %[[FIRST]]
// An element of a strided 2-D buffer: (offset 5 + 2 * 16 + 3) * 4 bytes
// from its base.
// CHECK-LABEL: func.func private @element_of_matrix
// CHECK: %[[BASE:.+]] = memref.extract_aligned_pointer_as_index %arg0
// CHECK: arith.addi %[[BASE]], %c160
// CHECK: call @kiln_cuda_copy_to_host(%{{.+}}, %{{.+}}, %c4_i64)
// CHECK: func.func private @kiln_cuda_copy_to_host(i64, i64, i64)
func.func private @checked(%labels: memref<256xi32>, %pos: memref<i64>)
    attributes {kiln.kernel = #kiln.kernel<"sparse_softmax_cross_entropy_with_logits", <"GPU", 0>>} {
  %none = arith.constant 256 : i64
  linalg.fill ins(%none : i64) outs(%pos : memref<i64>)
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%labels : memref<256xi32>) outs(%pos : memref<i64>) {
  ^bb0(%label: i32, %acc: i64):
    %i = linalg.index 0 : index
    %p = arith.index_cast %i : index to i64
    %ten = arith.constant 10 : i32
    %bad = arith.cmpi uge, %label, %ten : i32
    %c = arith.select %bad, %p, %none : i64
    %m = arith.minsi %c, %acc : i64
    linalg.yield %m : i64
  }
  %first = memref.load %pos[] : memref<i64>
  %failed = arith.cmpi slt, %first, %none : i64
  kiln.runtime_check %failed, %first {message = "labels[%lld] out of range"}
  return
}
func.func private @element_of_matrix(%m: memref<4x8xf32, strided<[16, 1], offset: 5>>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %v = memref.load %m[%c2, %c3] : memref<4x8xf32, strided<[16, 1], offset: 5>>
  %bad = arith.cmpf une, %v, %v : f32
  kiln.runtime_check %bad {message = "NaN"}
  return
}
