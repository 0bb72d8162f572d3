// RUN: kiln-opt --split-input-file --kiln-map-kernels-to-gpu %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-map-kernels-to-gpu=block-size=128 %s | FileCheck %s --check-prefix=B128
// RUN: not kiln-opt --kiln-map-kernels-to-gpu=block-size=2048 %s 2>&1 | FileCheck %s --check-prefix=BAD

#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// Tests that a GPU kernel's element-wise loop nest becomes one launch: the
// innermost dimension (1000) in blocks of 256 threads, the last block
// guarded, the outer dimension (4) across the grid; consecutive threads
// take consecutive elements of a row.
// CHECK-LABEL: func.func private @step_elementwise_0
// CHECK-NOT: linalg.
// CHECK: gpu.launch blocks(%[[ROW:.+]], %[[BLOCK:.+]], %{{.+}}) in (%{{.+}} = %c4, %{{.+}} = %c4, %{{.+}} = %c1) threads(%[[LANE:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c256, %{{.+}} = %c1, %{{.+}} = %c1)
// CHECK: %[[FIRST:.+]] = arith.muli %[[BLOCK]], %c256
// CHECK: %[[COL:.+]] = arith.addi %[[FIRST]], %[[LANE]]
// CHECK: %[[INSIDE:.+]] = arith.cmpi ult, %[[COL]], %c1000
// CHECK: scf.if %[[INSIDE]]
// CHECK: memref.load %{{.+}}[%[[ROW]], %[[COL]]]
// CHECK: math.exp
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[ROW]], %[[COL]]]
// B128-LABEL: func.func private @step_elementwise_0
// B128: gpu.launch {{.+}} in (%{{.+}} = %c4, %{{.+}} = %c8, %{{.+}} = %c1) threads({{.+}}) in (%{{.+}} = %c128,
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
