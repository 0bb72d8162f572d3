// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @argument_count(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.fusion' op expected 1 body arguments (one per input), got 2}}
  %0 = kiln.fusion "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    kiln.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @argument_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.fusion' op body argument #0 has type 'tensor<4xf64>', but input #0 is 'tensor<4xf32>'}}
  %0 = kiln.fusion "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf64>):
    %r = kiln.relu %a : tensor<4xf64>
    %c = kiln.cast %r : (tensor<4xf64>) -> tensor<4xf32>
    kiln.yield %c : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @yield_types(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.fusion' op yields 1 values whose types differ from the results'; expected 'tensor<4xf32>'}}
  %0 = kiln.fusion "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %c = kiln.cast %a : (tensor<4xf32>) -> tensor<4xi32>
    kiln.yield %c : tensor<4xi32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @empty_kind(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.fusion' op expected a non-empty kind}}
  %0 = kiln.fusion "" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    kiln.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @yield_outside(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.yield' op expects parent op 'kiln.fusion'}}
  kiln.yield %x : tensor<4xf32>
}
