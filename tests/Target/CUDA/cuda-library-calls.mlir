// RUN: kiln-opt %s --kiln-cuda-library-calls --canonicalize | FileCheck %s
// RUN: kiln-opt %s '--kiln-cuda-library-calls=host-emulation=true workspace-bytes=1024' | FileCheck %s --check-prefix=EMULATED

// Tests that GPU matmul kernels become cuBLASLt calls (kiln_cuda_gemm:
// dtype, transpose_a, transpose_b, epilogue, m, n, k, A, lda, B, ldb,
// bias, D, ldd, workspace, workspace bytes), their bias and relu fused
// when the kernel's kind names them, transposed operands read in place,
// row strides taken from views; and that what cuBLASLt cannot take stays
// loops. Each call sits in a function of its own that takes the buffers
// as memrefs, so memory planning keeps them live through the call (the
// CUDA layer only sees their addresses).

// The kernels call their wrappers with every buffer, the workspace too.
// CHECK-LABEL: func.func private @bias_relu
// CHECK-SAME: (%[[A:.*]]: memref<64x128xf32>, %[[B:.*]]: memref<128x32xf32>, %[[BIAS:.*]]: memref<32xf32>, %[[D:.*]]: memref<64x32xf32>)
// CHECK: %[[WS:.*]] = memref.alloc() {alignment = 256 : i64} : memref<4194560xi8>
// CHECK-NEXT: call @bias_relu_kiln_cuda_gemm(%[[A]], %[[B]], %[[BIAS]], %[[D]], %[[WS]])
// CHECK-NEXT: memref.dealloc %[[WS]]
// CHECK-NEXT: return
// A gradient's A^T: the transpose into a temporary disappears.
// CHECK-LABEL: func.func private @transposed_a
// CHECK-NOT: linalg.transpose
// CHECK: call @transposed_a_kiln_cuda_gemm(%arg0, %arg1, %arg2,
// CHECK-NOT: memref<128x64xf32>
// CHECK-LABEL: func.func private @strided_f64_tanh
// CHECK: %[[T:.*]] = memref.alloc() {{.*}} : memref<8x16xf64>
// CHECK: call @strided_f64_tanh_kiln_cuda_gemm(%arg0, %{{.*}}, %[[T]],
// CHECK: linalg.generic
// CHECK: math.tanh
// Rows that are not contiguous (every other column), integers, and a
// kernel on the CPU: no call, the loops stay.
// CHECK-LABEL: func.func private @column_stride
// CHECK-NOT: call
// CHECK: kiln.contraction
// CHECK-LABEL: func.func private @integers
// CHECK-NOT: call
// CHECK: kiln.contraction
// CHECK-LABEL: func.func private @on_the_cpu
// CHECK-NOT: call
// CHECK: kiln.contraction
// The step passes the same buffer as A and as the epilogue's output: the
// call would overwrite A while reading it, so it does the product alone
// and the bias and relu stay a loop.
// CHECK-LABEL: func.func private @aliased_output
// CHECK: %[[P:.*]] = memref.alloc() {{.*}} : memref<16x16xf32>
// CHECK: call @aliased_output_kiln_cuda_gemm(%arg0, %arg1, %[[P]],
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: func.func private @kiln_cuda_gemm(i32, i32, i32, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)

// The wrappers: addresses from the memrefs, sizes as constants.
// CHECK-LABEL: func.func private @bias_relu_kiln_cuda_gemm
// CHECK-SAME: (%[[A:.*]]: memref<64x128xf32>, %[[B:.*]]: memref<128x32xf32>, %[[BIAS:.*]]: memref<32xf32>, %[[D:.*]]: memref<64x32xf32>, %[[WS:.*]]: memref<4194560xi8>)
// CHECK-DAG: %[[PA:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK-DAG: %[[PB:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK-DAG: %[[PBIAS:.*]] = memref.extract_aligned_pointer_as_index %[[BIAS]]
// CHECK-DAG: %[[PD:.*]] = memref.extract_aligned_pointer_as_index %[[D]]
// CHECK-DAG: %[[IA:.*]] = arith.index_cast %[[PA]] : index to i64
// CHECK-DAG: %[[IB:.*]] = arith.index_cast %[[PB]] : index to i64
// CHECK-DAG: %[[IBIAS:.*]] = arith.index_cast %[[PBIAS]] : index to i64
// CHECK-DAG: %[[ID:.*]] = arith.index_cast %[[PD]] : index to i64
// The workspace is 256 bytes longer than cuBLASLt gets, which starts at
// its first 256-byte aligned byte (arena slots are aligned to 64).
// CHECK-DAG: %[[PWS:.*]] = memref.extract_aligned_pointer_as_index %[[WS]]
// CHECK-DAG: %[[UP:.*]] = arith.addi %[[PWS]], %c255 : index
// CHECK-DAG: %[[ALIGNED:.*]] = arith.andi %[[UP]], %c-256 : index
// CHECK-DAG: %[[IWS:.*]] = arith.index_cast %[[ALIGNED]] : index to i64
// CHECK: call @kiln_cuda_gemm(%c1_i32, %c0_i32, %c0_i32, %c3_i32, %c64_i64, %c32_i64, %c128_i64, %[[IA]], %c128_i64, %[[IB]], %c32_i64, %[[IBIAS]], %[[ID]], %c32_i64, %[[IWS]], %c4194304_i64)
// A stored [k, m] = [64, 128] (lda 128) with transpose_a.
// CHECK-LABEL: func.func private @transposed_a_kiln_cuda_gemm
// CHECK: call @kiln_cuda_gemm(%c1_i32, %c1_i32, %c0_i32, %c0_i32, %c128_i64, %c32_i64, %c64_i64, %{{.*}}, %c128_i64, %{{.*}}, %c32_i64, %c0_i64, %{{.*}}, %c32_i64,
// f64, and B a view of a wider buffer: its row stride (96) comes from the
// view's layout, its offset (32 elements of 8 bytes) moves its address.
// CHECK-LABEL: func.func private @strided_f64_tanh_kiln_cuda_gemm
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %arg1 : memref<4x16xf64, strided<[96, 1], offset: 32>>
// CHECK: %[[FIRST:.*]] = arith.addi %[[BASE]], %c256 : index
// CHECK: %[[ADDRESS:.*]] = arith.index_cast %[[FIRST]] : index to i64
// CHECK: call @kiln_cuda_gemm(%c2_i32, %c0_i32, %c0_i32, %c0_i32, %c8_i64, %c16_i64, %c4_i64, %{{.*}}, %c4_i64, %[[ADDRESS]], %c96_i64, %c0_i64, %{{.*}}, %c16_i64,
// CHECK-LABEL: func.func private @offset_view_kiln_cuda_gemm
// CHECK: arith.addi %{{.*}}, %c128 : index
// CHECK-LABEL: func.func private @aliased_output_kiln_cuda_gemm
// CHECK: call @kiln_cuda_gemm(%c1_i32, %c0_i32, %c0_i32, %c0_i32,

#mk = affine_map<(d0, d1, d2) -> (d0, d1)>
#kn = affine_map<(d0, d1, d2) -> (d1, d2)>
#mn = affine_map<(d0, d1, d2) -> (d0, d2)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

func.func private @bias_relu(%a: memref<64x128xf32>, %b: memref<128x32xf32>, %bias: memref<32xf32>, %d: memref<64x32xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() {alignment = 64 : i64} : memref<64x32xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<64x32xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x128xf32>, memref<128x32xf32>) outs(%t : memref<64x32xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<64x32xf32>, memref<32xf32>) outs(%d : memref<64x32xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<64x32xf32>
  return
}

func.func private @transposed_a(%a: memref<64x128xf32>, %b: memref<64x32xf32>, %d: memref<128x32xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  %at = memref.alloc() {alignment = 64 : i64} : memref<128x64xf32>
  linalg.transpose ins(%a : memref<64x128xf32>) outs(%at : memref<128x64xf32>) permutation = [1, 0]
  linalg.fill ins(%zero : f32) outs(%d : memref<128x32xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%at, %b : memref<128x64xf32>, memref<64x32xf32>) outs(%d : memref<128x32xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  memref.dealloc %at : memref<128x64xf32>
  return
}

func.func private @strided_f64_tanh(%a: memref<8x4xf64>, %wide: memref<4x96xf64>, %d: memref<8x16xf64>)
    attributes {kiln.kernel = #kiln.kernel<"matmul_tanh", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f64
  %b = memref.subview %wide[0, 32] [4, 16] [1, 1] : memref<4x96xf64> to memref<4x16xf64, strided<[96, 1], offset: 32>>
  %t = memref.alloc() {alignment = 64 : i64} : memref<8x16xf64>
  linalg.fill ins(%zero : f64) outs(%t : memref<8x16xf64>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf64>, memref<4x16xf64, strided<[96, 1], offset: 32>>) outs(%t : memref<8x16xf64>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %p = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : memref<8x16xf64>) outs(%d : memref<8x16xf64>) {
  ^bb0(%x: f64, %out: f64):
    %h = math.tanh %x : f64
    linalg.yield %h : f64
  }
  memref.dealloc %t : memref<8x16xf64>
  return
}

func.func private @offset_view(%a: memref<8x4xf32>, %wide: memref<4x96xf32>, %d: memref<8x16xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  %b = memref.subview %wide[0, 32] [4, 16] [1, 1] : memref<4x96xf32> to memref<4x16xf32, strided<[96, 1], offset: 32>>
  linalg.fill ins(%zero : f32) outs(%d : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32, strided<[96, 1], offset: 32>>) outs(%d : memref<8x16xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

func.func private @column_stride(%a: memref<8x4xf32>, %wide: memref<4x32xf32>, %d: memref<8x16xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  %b = memref.subview %wide[0, 0] [4, 16] [1, 2] : memref<4x32xf32> to memref<4x16xf32, strided<[32, 2]>>
  linalg.fill ins(%zero : f32) outs(%d : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32, strided<[32, 2]>>) outs(%d : memref<8x16xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

func.func private @integers(%a: memref<8x4xi32>, %b: memref<4x16xi32>, %d: memref<8x16xi32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul", <"GPU", 0>>} {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%d : memref<8x16xi32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xi32>, memref<4x16xi32>) outs(%d : memref<8x16xi32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: i32, %y: i32, %acc: i32):
    %p = arith.muli %x, %y : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

func.func private @on_the_cpu(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %d: memref<8x16xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul", <"CPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%d : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%d : memref<8x16xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

func.func private @aliased_output(%a: memref<16x16xf32>, %b: memref<16x16xf32>, %bias: memref<16xf32>, %d: memref<16x16xf32>)
    attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", <"GPU", 0>>} {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<16x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<16x16xf32>, memref<16x16xf32>) outs(%t : memref<16x16xf32>) attrs = {kiln.contraction = #kiln.contraction<matmul>} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<16x16xf32>, memref<16xf32>) outs(%d : memref<16x16xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<16x16xf32>
  return
}

func.func @main(%x: memref<16x16xf32>, %w: memref<16x16xf32>, %bias: memref<16xf32>) {
  call @aliased_output(%x, %w, %bias, %x) : (memref<16x16xf32>, memref<16x16xf32>, memref<16xf32>, memref<16x16xf32>) -> ()
  return
}

// EMULATED-LABEL: func.func private @bias_relu
// EMULATED: memref.alloc() {alignment = 256 : i64} : memref<1280xi8>
// EMULATED: call @bias_relu_kiln_cuda_emulated_gemm(
// EMULATED: func.func private @kiln_cuda_emulated_gemm(i32, i32, i32, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// EMULATED: call @kiln_cuda_emulated_gemm(
// EMULATED-NOT: @kiln_cuda_gemm
