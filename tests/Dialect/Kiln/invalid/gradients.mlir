// RUN: kiln-opt --split-input-file --verify-diagnostics %s

func.func @vector_loss(%l: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.gradients' op differentiates a scalar loss, got 'tensor<3xf32>'}}
  %g = kiln.gradients %l wrt %w : tensor<3xf32>, (tensor<3xf32>) -> (tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

func.func @wrong_type(%l: tensor<f32>, %w: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.gradients' op gradient #0 must have its value's type 'tensor<3xf32>', got 'tensor<4xf32>'}}
  %g = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<4xf32>)
  return %g : tensor<4xf32>
}

// -----

func.func @count(%l: tensor<f32>, %w: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  // expected-error @+1 {{'kiln.gradients' op returns one gradient per value, got 2 for 1}}
  %g:2 = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %g#0, %g#1 : tensor<3xf32>, tensor<3xf32>
}
