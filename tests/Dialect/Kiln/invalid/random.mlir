// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @normal_dynamic_shape() -> tensor<?x4xf32> {
  // expected-error @+1 {{'kiln.random_normal' op expected the result to have a static shape, got 'tensor<?x4xf32>'}}
  %0 = kiln.random_normal : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @truncated_dynamic_shape() -> tensor<3x?xf32> {
  // expected-error @+1 {{'kiln.truncated_normal' op expected the result to have a static shape, got 'tensor<3x?xf32>'}}
  %0 = kiln.truncated_normal {seed = 1 : i64} : tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

func.func @uniform_dynamic_shape() -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.random_uniform' op expected the result to have a static shape, got 'tensor<?xf32>'}}
  %0 = kiln.random_uniform : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @zero_stddev() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.random_normal' op expected a positive stddev, got 0.000000e+00}}
  %0 = kiln.random_normal {stddev = 0.0 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_stddev() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.truncated_normal' op expected a positive stddev, got -1.500000e+00}}
  %0 = kiln.truncated_normal {stddev = -1.5 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @nan_stddev() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.random_normal' op expected a positive stddev, got nan}}
  %0 = kiln.random_normal {stddev = 0x7FF8000000000000 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @empty_range() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.random_uniform' op expected minval < maxval, got 1.000000e+00 and 1.000000e+00}}
  %0 = kiln.random_uniform {minval = 1.0 : f64, maxval = 1.0 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @inverted_range() -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.random_uniform' op expected minval < maxval, got 2.000000e+00 and 1.000000e+00}}
  %0 = kiln.random_uniform {minval = 2.0 : f64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @uniform_int_result() -> tensor<3x4xi32> {
  // expected-error @+1 {{'kiln.random_uniform' op result #0 must be ranked tensor of floating-point values, but got 'tensor<3x4xi32>'}}
  %0 = kiln.random_uniform : tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

func.func @normal_int_result() -> tensor<3x4xi64> {
  // expected-error @+1 {{'kiln.random_normal' op result #0 must be ranked tensor of floating-point values, but got 'tensor<3x4xi64>'}}
  %0 = kiln.random_normal : tensor<3x4xi64>
  return %0 : tensor<3x4xi64>
}

// -----

func.func @truncated_bool_result() -> tensor<3xi1> {
  // expected-error @+1 {{'kiln.truncated_normal' op result #0 must be ranked tensor of floating-point values, but got 'tensor<3xi1>'}}
  %0 = kiln.truncated_normal : tensor<3xi1>
  return %0 : tensor<3xi1>
}
