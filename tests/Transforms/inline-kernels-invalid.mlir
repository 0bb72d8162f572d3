// RUN: kiln-opt --split-input-file --allow-unregistered-dialect --kiln-inline-kernels --verify-diagnostics %s -o /dev/null

// Tests that a kernel referenced other than by a call is reported, not
// dropped.
func.func private @k(%x: memref<4xf32>) attributes {kiln.kernel = #kiln.kernel<"elementwise">} {
  return
}
func.func @step(%x: memref<4xf32>) {
  // expected-error @+1 {{uses kernel 'k' other than by a call}}
  "test.take_address"() {callee = @k} : () -> ()
  return
}

// -----

// Tests that a kernel with control flow between blocks is reported: only
// straight-line kernels (what lowering makes) are inlined.
// expected-error @+1 {{kernel has more than one block}}
func.func private @branchy(%x: memref<4xf32>) attributes {kiln.kernel = #kiln.kernel<"elementwise">} {
  cf.br ^next
^next:
  return
}
func.func @step(%x: memref<4xf32>) {
  call @branchy(%x) : (memref<4xf32>) -> ()
  return
}
