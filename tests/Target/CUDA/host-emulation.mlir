// RUN: kiln-opt %s --kiln-map-kernels-to-gpu=host-emulation=true --kiln-inline-kernels \
// RUN:   | mlir-opt --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN:   | FileCheck %s
// RUN: kiln-opt %s "--kiln-map-kernels-to-gpu=host-emulation=true block-size=96" --kiln-inline-kernels \
// RUN:   | mlir-opt --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN:   | FileCheck %s
// RUN: kiln-opt %s --kiln-map-kernels-to-gpu=host-emulation=true | FileCheck %s --check-prefix=LOOPS

// Runs the grid and block loops kiln-map-kernels-to-gpu gives a GPU kernel
// (the index arithmetic and the guard of the last block, here with 3000
// elements: 11 blocks of 256 plus a partial one, or 31 of 96 plus a
// partial one) on the CPU, and compares every element of y = 2x + b with a float64
// reference computed in the test: no element wrong, none left unwritten
// (y starts at -1, which no element of the result is).
// CHECK: mismatches 0
// CHECK-NEXT: sum 10495500

// The grid loop (blocks) and the block loop (lanes), which the
// canonicalizer merges into one parallel loop on the CPU.
// LOOPS-LABEL: func.func private @kernel
// LOOPS: scf.parallel (%{{.+}}, %{{.+}}) = (%c0, %c0) to (%c12, %c256) step (%c1, %c1)
// LOOPS: arith.cmpi ult, %{{.+}}, %c3000
// LOOPS-NOT: gpu.launch

#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func private @kernel(%x: memref<3x1000xf32>, %b: memref<1000xf32>, %y: memref<3x1000xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : memref<3x1000xf32>, memref<1000xf32>) outs(%y : memref<3x1000xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %two = arith.constant 2.0 : f32
    %d = arith.mulf %v, %two : f32
    %s = arith.addf %d, %c : f32
    linalg.yield %s : f32
  }
  return
}

func.func private @printI64(i64)
func.func private @printNewline()
func.func private @printString(!llvm.ptr)

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c1000 = arith.constant 1000 : index
  %minus = arith.constant -1.0 : f32
  %x = memref.alloc() : memref<3x1000xf32>
  %b = memref.alloc() : memref<1000xf32>
  %y = memref.alloc() : memref<3x1000xf32>
  // x[i][j] = 1000 i + j, b[j] = j, y[i][j] = -1.
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c1000 step %c1 {
      %k = arith.muli %i, %c1000 : index
      %n = arith.addi %k, %j : index
      %ni = arith.index_cast %n : index to i64
      %nf = arith.sitofp %ni : i64 to f32
      memref.store %nf, %x[%i, %j] : memref<3x1000xf32>
      memref.store %minus, %y[%i, %j] : memref<3x1000xf32>
    }
  }
  scf.for %j = %c0 to %c1000 step %c1 {
    %ji = arith.index_cast %j : index to i64
    %jf = arith.sitofp %ji : i64 to f32
    memref.store %jf, %b[%j] : memref<1000xf32>
  }
  call @kernel(%x, %b, %y) : (memref<3x1000xf32>, memref<1000xf32>, memref<3x1000xf32>) -> ()
  // Reference in float64: 2 (1000 i + j) + j.
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %sum0 = arith.constant 0.0 : f64
  %two = arith.constant 2.0 : f64
  %r:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%bad = %zero, %sum = %sum0) -> (i64, f64) {
    %inner:2 = scf.for %j = %c0 to %c1000 step %c1 iter_args(%bad2 = %bad, %sum2 = %sum) -> (i64, f64) {
      %k = arith.muli %i, %c1000 : index
      %n = arith.addi %k, %j : index
      %ni = arith.index_cast %n : index to i64
      %nd = arith.sitofp %ni : i64 to f64
      %ji = arith.index_cast %j : index to i64
      %jd = arith.sitofp %ji : i64 to f64
      %twice = arith.mulf %nd, %two : f64
      %want = arith.addf %twice, %jd : f64
      %got32 = memref.load %y[%i, %j] : memref<3x1000xf32>
      %got = arith.extf %got32 : f32 to f64
      %same = arith.cmpf oeq, %got, %want : f64
      %miss = arith.select %same, %zero, %one : i64
      %bad3 = arith.addi %bad2, %miss : i64
      %sum3 = arith.addf %sum2, %got : f64
      scf.yield %bad3, %sum3 : i64, f64
    }
    scf.yield %inner#0, %inner#1 : i64, f64
  }
  %msg = llvm.mlir.addressof @mismatches : !llvm.ptr
  call @printString(%msg) : (!llvm.ptr) -> ()
  call @printI64(%r#0) : (i64) -> ()
  call @printNewline() : () -> ()
  %msg2 = llvm.mlir.addressof @sum : !llvm.ptr
  call @printString(%msg2) : (!llvm.ptr) -> ()
  %total = arith.fptosi %r#1 : f64 to i64
  call @printI64(%total) : (i64) -> ()
  call @printNewline() : () -> ()
  memref.dealloc %x : memref<3x1000xf32>
  memref.dealloc %b : memref<1000xf32>
  memref.dealloc %y : memref<3x1000xf32>
  return
}
llvm.mlir.global internal constant @mismatches("mismatches \00") {addr_space = 0 : i32}
llvm.mlir.global internal constant @sum("sum \00") {addr_space = 0 : i32}
