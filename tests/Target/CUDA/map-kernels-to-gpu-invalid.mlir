// RUN: kiln-opt --kiln-map-kernels-to-gpu --verify-diagnostics %s -o /dev/null

// Tests that a GPU kernel whose loops have no static bounds (kiln's
// lowering never makes one) is reported, not mapped wrongly.
#id = affine_map<(i) -> (i)>
func.func private @dynamic(%x: memref<?xf32>, %y: memref<?xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  // expected-error @+1 {{'scf.parallel' op has bounds a GPU kernel cannot take}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}
