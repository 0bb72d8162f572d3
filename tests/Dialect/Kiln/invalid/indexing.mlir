// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @axis_out_of_range(%p: tensor<4x5xf32>, %i: tensor<3xi32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.gather' op axis 2 is out of range for params of rank 2}}
  %0 = kiln.gather %p, %i {axis = 2 : i64} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @float_indices(%p: tensor<4x5xf32>, %i: tensor<3xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{'kiln.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = kiln.gather %p, %i {axis = 0 : i64} : (tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @gather_wrong_result(%p: tensor<4x5xf32>, %i: tensor<3xi32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'kiln.gather' op expected to have a type compatible with 'tensor<3x5xf32>', got 'tensor<4x3xf32>'}}
  %0 = kiln.gather %p, %i {axis = 0 : i64} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @ids_not_a_prefix(%d: tensor<4x5xf32>, %i: tensor<5xi32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{'kiln.unsorted_segment_sum' op segment ids 'tensor<5xi32>' are not the shape of the leading dimensions of 'tensor<4x5xf32>'}}
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = 3 : i64} : (tensor<4x5xf32>, tensor<5xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @ids_of_higher_rank(%d: tensor<4xf32>, %i: tensor<4x1xi32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.unsorted_segment_sum' op segment ids 'tensor<4x1xi32>' have more dimensions than data 'tensor<4xf32>'}}
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = 3 : i64} : (tensor<4xf32>, tensor<4x1xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_segments(%d: tensor<4xf32>, %i: tensor<4xi32>) -> tensor<0xf32> {
  // expected-error @+1 {{'kiln.unsorted_segment_sum' op expected a non-negative number of segments, got -1}}
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = -1 : i64} : (tensor<4xf32>, tensor<4xi32>) -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @check_numerics_of_ints(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'kiln.check_numerics' op operand #0 must be ranked tensor of floating-point values}}
  %0 = kiln.check_numerics %x {message = ""} : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @format_of_another_width(%bad: i1, %v: i64) {
  // expected-error @+1 {{'kiln.runtime_check' op message may only use %lld and %%, got '%d i'}}
  kiln.runtime_check %bad, %v {message = "value %d is bad"}
  return
}

// -----

func.func @too_few_values(%bad: i1, %v: i64) {
  // expected-error @+1 {{'kiln.runtime_check' op message has 2 %lld for 1 values}}
  kiln.runtime_check %bad, %v {message = "%lld and %lld"}
  return
}

// -----

func.func @too_many_values(%bad: i1, %v: i64) {
  // expected-error @+1 {{'kiln.runtime_check' op reports at most 3 values, got 4}}
  kiln.runtime_check %bad, %v, %v, %v, %v {message = "%lld %lld %lld %lld"}
  return
}

// -----

func.func @lone_percent_at_end(%bad: i1) {
  // expected-error @+1 {{'kiln.runtime_check' op message may only use %lld and %%, got '%'}}
  kiln.runtime_check %bad {message = "100%"}
  return
}
