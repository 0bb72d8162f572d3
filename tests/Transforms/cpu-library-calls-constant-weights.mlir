// RUN: kiln-opt --split-input-file --kiln-cpu-library-calls %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-cpu-library-calls="pack-constant-weights=false" %s \
// RUN:   | FileCheck %s --check-prefix=NOPACK

// The weights are globals the step reads and passes to its kernels: the
// pass follows a kernel's B back to its call.

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// Tests that matmuls reading a constant B call the packed kernels with one
// pair of zero-filled globals per constant: panels of ceil(200 / 32) * 32
// columns x 300 rows = 67200 floats, 64-byte aligned, and a state word. A
// product of two rows reads B where it lies and keeps the plain kernel.
// CHECK-DAG: memref.global "private" @weights_panels : memref<67200xf32> = dense<0.000000e+00> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" @weights_panels_state : memref<1xi32> = dense<0>
// CHECK-DAG: memref.global "private" constant @weights
// CHECK-LABEL: func.func private @dense_kernel
// CHECK-SAME: %[[W:[^:]+]]: memref<300x200xf32>
// CHECK: %[[CW:.+]] = memref.cast %[[W]]
// CHECK: %[[P:.+]] = memref.get_global @weights_panels : memref<67200xf32>
// CHECK: %[[CP:.+]] = memref.cast %[[P]] : memref<67200xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK: %[[S:.+]] = memref.get_global @weights_panels_state : memref<1xi32>
// CHECK: %[[CS:.+]] = memref.cast %[[S]] : memref<1xi32> to memref<?xi32, strided<[?], offset: ?>>
// CHECK: call @kiln_cpu_matmul_bias_packed_f32(%{{.+}}, %[[CW]], %{{.+}}, %{{.+}}, %[[CP]], %[[CS]], %{{.+}})
// CHECK-LABEL: func.func private @plain_kernel
// CHECK: memref.get_global @weights_panels :
// CHECK: memref.get_global @weights_panels_state :
// CHECK: call @kiln_cpu_matmul_packed_f32(
// CHECK-LABEL: func.func private @two_rows_kernel
// CHECK-NOT: get_global @weights_panels
// CHECK: call @kiln_cpu_matmul_f32(
// CHECK-NOT: memref.global
// CHECK: func.func private @kiln_cpu_matmul_bias_packed_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?xi32, strided<[?], offset: ?>>, i32) attributes {llvm.emit_c_interface}
// CHECK: func.func private @kiln_cpu_matmul_packed_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?xi32, strided<[?], offset: ?>>, i32) attributes {llvm.emit_c_interface}
// NOPACK-NOT: panels
// NOPACK: call @kiln_cpu_matmul_bias_f32(
// NOPACK: call @kiln_cpu_matmul_f32(
// NOPACK: call @kiln_cpu_matmul_f32(
memref.global "private" constant @weights : memref<300x200xf32> = dense<0.5> {alignment = 64 : i64}
func.func @constant_b(%a: memref<64x300xf32>, %a2: memref<2x300xf32>, %bias: memref<200xf32>,
                      %c: memref<64x200xf32>, %d: memref<64x200xf32>, %e: memref<2x200xf32>) {
  %w = memref.get_global @weights : memref<300x200xf32>
  call @dense_kernel(%a, %w, %bias, %c) : (memref<64x300xf32>, memref<300x200xf32>, memref<200xf32>, memref<64x200xf32>) -> ()
  call @plain_kernel(%a, %w, %d) : (memref<64x300xf32>, memref<300x200xf32>, memref<64x200xf32>) -> ()
  call @two_rows_kernel(%a2, %w, %e) : (memref<2x300xf32>, memref<300x200xf32>, memref<2x200xf32>) -> ()
  return
}
func.func private @dense_kernel(%a: memref<64x300xf32>, %w: memref<300x200xf32>, %bias: memref<200xf32>, %c: memref<64x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %w : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %bias : memref<64x200xf32>, memref<200xf32>) outs(%c : memref<64x200xf32>) {
  ^bb0(%v: f32, %u: f32, %o: f32):
    %s = arith.addf %v, %u : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}
func.func private @plain_kernel(%a: memref<64x300xf32>, %w: memref<300x200xf32>, %d: memref<64x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%d : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %w : memref<64x300xf32>, memref<300x200xf32>) outs(%d : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func private @two_rows_kernel(%a2: memref<2x300xf32>, %w: memref<300x200xf32>, %e: memref<2x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%e : memref<2x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a2, %w : memref<2x300xf32>, memref<300x200xf32>) outs(%e : memref<2x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>

// Tests that B from a mutable global (a variable the step may assign), an
// f64 constant, a constant read through a view, or a kernel called twice
// keeps the plain kernel.
// CHECK-LABEL: func.func @not_packed
// CHECK-NOT: _packed_
// CHECK-COUNT-4: call @kiln_cpu_matmul_f{{32|64}}(
// CHECK-NOT: _packed_
memref.global "private" @variable : memref<300x200xf32> = dense<0.5>
memref.global "private" constant @weights64 : memref<300x200xf64> = dense<0.5>
memref.global "private" constant @wide : memref<300x400xf32> = dense<0.5>
memref.global "private" constant @shared : memref<300x200xf32> = dense<0.5>
func.func @not_packed(%a: memref<64x300xf32>, %a64: memref<64x300xf64>, %c: memref<64x200xf32>,
                      %c64: memref<64x200xf64>, %d: memref<64x200xf32>) {
  %v = memref.get_global @variable : memref<300x200xf32>
  call @f32_kernel(%a, %v, %c) : (memref<64x300xf32>, memref<300x200xf32>, memref<64x200xf32>) -> ()
  %w64 = memref.get_global @weights64 : memref<300x200xf64>
  call @f64_kernel(%a64, %w64, %c64) : (memref<64x300xf64>, memref<300x200xf64>, memref<64x200xf64>) -> ()
  %wide = memref.get_global @wide : memref<300x400xf32>
  %half = memref.subview %wide[0, 0] [300, 200] [1, 1]
      : memref<300x400xf32> to memref<300x200xf32, strided<[400, 1]>>
  call @view_kernel(%a, %half, %d) : (memref<64x300xf32>, memref<300x200xf32, strided<[400, 1]>>, memref<64x200xf32>) -> ()
  %s = memref.get_global @shared : memref<300x200xf32>
  call @twice_kernel(%a, %s, %c) : (memref<64x300xf32>, memref<300x200xf32>, memref<64x200xf32>) -> ()
  call @twice_kernel(%a, %s, %d) : (memref<64x300xf32>, memref<300x200xf32>, memref<64x200xf32>) -> ()
  return
}
func.func private @f32_kernel(%a: memref<64x300xf32>, %v: memref<300x200xf32>, %c: memref<64x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %v : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func private @twice_kernel(%a: memref<64x300xf32>, %v: memref<300x200xf32>, %c: memref<64x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %v : memref<64x300xf32>, memref<300x200xf32>) outs(%c : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func private @f64_kernel(%a64: memref<64x300xf64>, %w64: memref<300x200xf64>, %c64: memref<64x200xf64>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero64 = arith.constant 0.0 : f64
  linalg.fill ins(%zero64 : f64) outs(%c64 : memref<64x200xf64>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a64, %w64 : memref<64x300xf64>, memref<300x200xf64>) outs(%c64 : memref<64x200xf64>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %p = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  }
  return
}
func.func private @view_kernel(%a: memref<64x300xf32>, %half: memref<300x200xf32, strided<[400, 1]>>, %d: memref<64x200xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%d : memref<64x200xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %half : memref<64x300xf32>, memref<300x200xf32, strided<[400, 1]>>) outs(%d : memref<64x200xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>

// Tests that the panel globals take fresh names when theirs are taken.
// CHECK: memref.global "private" @w_panels : memref<4xi8>
// CHECK-NEXT: memref.global "private" @[[$PANELS:w_panels_[0-9]+]] : memref<1024xf32>
// CHECK-LABEL: func.func private @name_taken_kernel
// CHECK: memref.get_global @[[$PANELS]] : memref<1024xf32>
// CHECK: call @kiln_cpu_matmul_packed_f32(
memref.global "private" @w_panels : memref<4xi8> = dense<0>
memref.global "private" constant @w : memref<32x20xf32> = dense<0.5>
func.func @name_taken(%a: memref<128x32xf32>, %c: memref<128x20xf32>) {
  %w = memref.get_global @w : memref<32x20xf32>
  call @name_taken_kernel(%a, %w, %c) : (memref<128x32xf32>, memref<32x20xf32>, memref<128x20xf32>) -> ()
  return
}
func.func private @name_taken_kernel(%a: memref<128x32xf32>, %w: memref<32x20xf32>, %c: memref<128x20xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul">} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<128x20xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %w : memref<128x32xf32>, memref<32x20xf32>) outs(%c : memref<128x20xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
