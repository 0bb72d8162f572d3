// RUN: kiln-opt --allow-unregistered-dialect --kiln-inline-kernels --verify-diagnostics %s -o /dev/null

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
