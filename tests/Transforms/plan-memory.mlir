// RUN: kiln-opt --split-input-file --kiln-plan-memory %s | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// Tests that three temporaries of a chain need two buffers' worth of arena:
// the third reuses the first's bytes once the first is dead. The arena is
// allocated as one block per group of buffers sharing bytes ({a, c} and
// {b}); arena and lower bound are both two buffers.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: attributes {kiln.arena_bytes = 1024 : i64, kiln.arena_lower_bound = 1024 : i64}
// CHECK-DAG: %[[SLOT_B:.+]] = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
// CHECK-DAG: %[[SLOT_AC:.+]] = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
// CHECK: %[[A:.+]] = memref.view %[[SLOT_AC]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK: %[[B:.+]] = memref.view %[[SLOT_B]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK: %[[C:.+]] = memref.view %[[SLOT_AC]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK-NOT: memref.alloc
// CHECK-DAG: memref.dealloc %[[SLOT_AC]] : memref<512xi8>
// CHECK-DAG: memref.dealloc %[[SLOT_B]] : memref<512xi8>
// CHECK: return
func.func @chain(%x: memref<8x16xf32>, %out: memref<8x16xf32>) {
  %a = memref.alloc() : memref<8x16xf32>
  linalg.copy ins(%x : memref<8x16xf32>) outs(%a : memref<8x16xf32>)
  %b = memref.alloc() : memref<8x16xf32>
  linalg.transpose ins(%a : memref<8x16xf32>) outs(%b : memref<8x16xf32>) permutation = [0, 1]
  %c = memref.alloc() : memref<8x16xf32>
  linalg.transpose ins(%b : memref<8x16xf32>) outs(%c : memref<8x16xf32>) permutation = [0, 1]
  linalg.copy ins(%c : memref<8x16xf32>) outs(%out : memref<8x16xf32>)
  memref.dealloc %a : memref<8x16xf32>
  memref.dealloc %b : memref<8x16xf32>
  memref.dealloc %c : memref<8x16xf32>
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Tests in-place reuse: an element-wise generic writes its result over the
// input that dies at it, so both share offset 0 and the arena holds one
// buffer. A transpose (not element-wise) may not.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: attributes {kiln.arena_bytes = 64 : i64, kiln.arena_lower_bound = 64 : i64}
// CHECK: %[[ARENA:.+]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: memref.view %[[ARENA]][%{{.+}}][] : memref<64xi8> to memref<4x4xf32>
// CHECK: memref.view %[[ARENA]][%{{.+}}][] : memref<64xi8> to memref<4x4xf32>
func.func @in_place(%x: memref<4x4xf32>, %out: memref<4x4xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  linalg.copy ins(%x : memref<4x4xf32>) outs(%a : memref<4x4xf32>)
  %b = memref.alloc() : memref<4x4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x4xf32>) outs(%b : memref<4x4xf32>) {
  ^bb0(%in: f32, %o: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  }
  linalg.copy ins(%b : memref<4x4xf32>) outs(%out : memref<4x4xf32>)
  memref.dealloc %a : memref<4x4xf32>
  memref.dealloc %b : memref<4x4xf32>
  return
}

// -----

// Tests that a fill at the top of the function moves down to just before
// the buffer's use, so the two buffers' lifetimes no longer overlap.
// CHECK-LABEL: func.func @sink_fill
// CHECK-SAME: kiln.arena_bytes = 64 : i64
// CHECK: linalg.copy
// CHECK: linalg.fill
// CHECK: linalg.add
func.func @sink_fill(%x: memref<16xf32>, %out: memref<16xf32>) {
  %zero = arith.constant 0.0 : f32
  %b = memref.alloc() : memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%b : memref<16xf32>)
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  linalg.copy ins(%a : memref<16xf32>) outs(%out : memref<16xf32>)
  linalg.add ins(%b, %x : memref<16xf32>, memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// Tests that a temporary whose last reader is an element-wise epilogue
// writing a result buffer lives in that result buffer: no arena at all.
// CHECK-LABEL: func.func @forward_into_result
// CHECK-SAME: (%[[X:.+]]: memref<4x4xf32>, %[[B:.+]]: memref<4xf32>, %[[OUT:.+]]: memref<4x4xf32>)
// CHECK-SAME: kiln.arena_bytes = 0 : i64
// CHECK-NOT: memref.alloc
// CHECK: linalg.transpose ins(%[[X]] : memref<4x4xf32>) outs(%[[OUT]] : memref<4x4xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[OUT]], %[[B]] : memref<4x4xf32>, memref<4xf32>) outs(%[[OUT]] : memref<4x4xf32>)
func.func @forward_into_result(%x: memref<4x4xf32>, %b: memref<4xf32>, %out: memref<4x4xf32>) {
  %t = memref.alloc() : memref<4x4xf32>
  linalg.transpose ins(%x : memref<4x4xf32>) outs(%t : memref<4x4xf32>) permutation = [1, 0]
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %b : memref<4x4xf32>, memref<4xf32>) outs(%out : memref<4x4xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    linalg.yield %s : f32
  }
  memref.dealloc %t : memref<4x4xf32>
  return
}

// -----

// Tests that dynamically shaped allocations are left alone.
// CHECK-LABEL: func.func @dynamic
// CHECK: memref.alloc(%{{.+}}) : memref<?xf32>
// CHECK-NOT: memref.view
func.func @dynamic(%n: index) {
  %a = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}

// -----

#id = affine_map<(i) -> (i)>

// Tests that buffers touching at an in-place element-wise op share the
// very same bytes or none: %c goes first at 0, %a at 0 too (disjoint
// lifetimes), %r at 320 (past %a). %w, written from %r in place, cannot
// take 320 (%c, live with it, covers [0, 384)) nor 384 (the end of %c,
// which would overlap %r shifted by 64 bytes and clobber elements the op
// has yet to read), so it goes past %r, to 576, in a block of its own.
// CHECK-LABEL: func.func @in_place_partner_not_shifted
// CHECK-SAME: kiln.arena_bytes = 832 : i64
// CHECK-DAG: %[[OWN:.+]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK-DAG: %[[SHARED:.+]] = memref.alloc() {alignment = 64 : i64} : memref<576xi8>
// CHECK: %[[R:.+]] = memref.view %[[SHARED]][%{{.+}}][] : memref<576xi8> to memref<64xf32>
// CHECK: %[[W:.+]] = memref.view %[[OWN]][%{{.+}}][] : memref<256xi8> to memref<64xf32>
// CHECK: linalg.generic {{.+}} ins(%[[R]] : memref<64xf32>) outs(%[[W]] : memref<64xf32>)
func.func @in_place_partner_not_shifted(%out1: memref<64xf32>, %out2: memref<96xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<80xf32>
  linalg.fill ins(%one : f32) outs(%a : memref<80xf32>)
  %r = memref.alloc() : memref<64xf32>
  %head = memref.subview %a[0] [64] [1] : memref<80xf32> to memref<64xf32, strided<[1]>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%head : memref<64xf32, strided<[1]>>) outs(%r : memref<64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %one : f32
    linalg.yield %y : f32
  }
  %w = memref.alloc() : memref<64xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%r : memref<64xf32>) outs(%w : memref<64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  }
  %c = memref.alloc() : memref<96xf32>
  %c_head = memref.subview %c[0] [64] [1] : memref<96xf32> to memref<64xf32, strided<[1]>>
  linalg.copy ins(%w : memref<64xf32>) outs(%c_head : memref<64xf32, strided<[1]>>)
  linalg.copy ins(%w : memref<64xf32>) outs(%out1 : memref<64xf32>)
  linalg.copy ins(%c : memref<96xf32>) outs(%out2 : memref<96xf32>)
  memref.dealloc %a : memref<80xf32>
  memref.dealloc %r : memref<64xf32>
  memref.dealloc %w : memref<64xf32>
  memref.dealloc %c : memref<96xf32>
  return
}
