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
