// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Tests the step attributes the dialect declares (feed, variable,
// variable_read, arena_slot on arguments; arena_bytes, arena_lower_bound on
// functions): wrong types, wrong places and unknown names are refused.

// expected-error @+1 {{argument 0: 'kiln.feed' expects a non-empty name, got 3 : i64}}
func.func @feed_not_a_string(%x: tensor<2xf32> {kiln.feed = 3}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'kiln.variable' expects a non-empty name, got ""}}
func.func @empty_variable(%x: memref<2xf32> {kiln.variable = ""}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'kiln.variable_read' is a unit attribute}}
func.func @variable_read_not_unit(%x: memref<2xf32> {kiln.variable = "v", kiln.variable_read = true}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'kiln.arena_slot' expects a non-negative offset, got "start"}}
func.func @arena_slot_not_offset(%a: memref<64xi8> {kiln.arena_slot = "start"}) {
  return
}

// -----

// expected-error @+1 {{argument 0: unknown kiln argument attribute 'kiln.fed'}}
func.func @misspelled_argument_attr(%x: tensor<2xf32> {kiln.fed = "x"}) {
  return
}

// -----

// expected-error @+1 {{'kiln.arena_bytes' expects a non-negative integer, got -64 : i64}}
func.func @negative_arena() attributes {kiln.arena_bytes = -64 : i64, kiln.arena_lower_bound = 0 : i64} {
  return
}

// -----

// expected-error @+1 {{'kiln.arena_lower_bound' expects a non-negative integer, got "big"}}
func.func @arena_bound_not_integer() attributes {kiln.arena_lower_bound = "big"} {
  return
}

// -----

// expected-error @+1 {{'kiln.feed' belongs on a step argument, not on an operation}}
func.func @feed_on_function() attributes {kiln.feed = "x"} {
  return
}

// -----

// expected-error @+1 {{unknown kiln attribute 'kiln.arena_size'}}
func.func @unknown_function_attr() attributes {kiln.arena_size = 64 : i64} {
  return
}

// -----

// expected-error @+1 {{'kiln.kernel' expects a #kiln.kernel, got "matmul"}}
func.func private @kernel_not_an_attr() attributes {kiln.kernel = "matmul"}

// -----

func.func @kernel_on_an_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.kernel' belongs on a function}}
  %0 = kiln.neg %x {kiln.kernel = #kiln.kernel<"elementwise">} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @contraction_not_an_attr(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.contraction' expects a #kiln.contraction, got "matmul"}}
  %0 = kiln.neg %x {kiln.contraction = "matmul"} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @+1 {{matmul takes 0 strides and dilations, got 1 and 0}}
func.func private @matmul_with_strides() attributes {test.contraction = #kiln.contraction<matmul, strides = [1]>}

// -----

// expected-error @+1 {{strides and dilations must be at least 1}}
func.func private @zero_stride() attributes {test.contraction = #kiln.contraction<conv2d, strides = [0, 1], dilations = [1, 1]>}
