// RUN: kiln-opt --split-input-file --kiln-map-kernels-to-gpu --verify-diagnostics %s -o /dev/null

// Tests that a GPU kernel whose loops have no static bounds (kiln's
// lowering never makes one) is reported, not mapped wrongly.
#id = affine_map<(i) -> (i)>
func.func private @dynamic(%x: memref<?xf32>, %y: memref<?xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  // expected-error @+1 {{'linalg.generic' op has a dynamic size, which a GPU kernel cannot take}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  return
}

// -----

// Tests that a GPU kernel writing a global is an error naming it.
memref.global "private" @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
#id = affine_map<(i) -> (i)>
func.func private @writes_global(%x: memref<4xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  %t = memref.get_global @table : memref<4xf32>
  // expected-error @+1 {{'linalg.generic' op writes a constant global}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%t : memref<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  }
  return
}

// -----

// Tests that an op that would write device memory from the host, outside
// any launch, is an error rather than host code (a load becomes a copy to
// the host, map-kernels-to-gpu.mlir).
func.func private @host_op(%x: memref<4xf32>, %y: memref<4xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xf32>
  // expected-error @+1 {{'memref.store' op cannot run on the GPU in @host_op: it would run on the host over device memory}}
  memref.store %v, %y[%c0] : memref<4xf32>
  return
}
