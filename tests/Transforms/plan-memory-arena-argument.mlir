// RUN: kiln-opt --split-input-file --kiln-plan-memory=arena-argument=true %s | FileCheck %s

// Tests that with arena-argument a public step takes each slot of its
// arena as a trailing argument marked with the slot's offset, views its
// buffers there and allocates and frees nothing: the chain's {a, c} share
// the slot at 0, b has its own at 512.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%{{.+}}: memref<8x16xf32>, %{{.+}}: memref<8x16xf32>, %[[AC:.+]]: memref<512xi8> {kiln.arena_slot = 0 : i64}, %[[B:.+]]: memref<512xi8> {kiln.arena_slot = 512 : i64})
// CHECK-SAME: attributes {kiln.arena_bytes = 1024 : i64, kiln.arena_lower_bound = 1024 : i64}
// CHECK-NOT: memref.alloc
// CHECK: memref.view %[[AC]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK: memref.view %[[B]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK: memref.view %[[AC]][%{{.+}}][] : memref<512xi8> to memref<8x16xf32>
// CHECK-NOT: memref.dealloc
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

// Tests that a step with no temporaries gets no slot argument, and that a
// private function (no caller-provided arena) still allocates its own.
// CHECK-LABEL: func.func @no_temporaries
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>) attributes {kiln.arena_bytes = 0 : i64, kiln.arena_lower_bound = 0 : i64}
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>) attributes
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: memref.dealloc
func.func @no_temporaries(%x: memref<4xf32>, %out: memref<4xf32>) {
  linalg.copy ins(%x : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}
func.func private @helper(%x: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
  linalg.copy ins(%a : memref<4xf32>) outs(%out : memref<4xf32>)
  memref.dealloc %a : memref<4xf32>
  return
}
