// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// expected-error @+1 {{'kiln.variable' op expected variable 'v' to have a static shape, got 'tensor<?x4xf32>'}}
kiln.variable @v : tensor<?x4xf32>

// -----

// expected-error @+1 {{'kiln.variable' op expected variable 'hidden1/weights' to have a static shape, got 'tensor<784x?xf32>'}}
kiln.variable trainable @"hidden1/weights" : tensor<784x?xf32>

// -----

func.func @variable_in_function() {
  // expected-error @+1 {{'kiln.variable' op expects parent op 'builtin.module'}}
  kiln.variable @v : tensor<4xf32>
  return
}

// -----

// expected-error @+1 {{'kiln.variable' op attribute 'type' failed to satisfy constraint: type attribute of ranked tensor of TensorFlow dtype values}}
kiln.variable @not_a_tensor : f32

// -----

func.func @read_unknown() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.read_variable' op 'v' does not name a kiln.variable}}
  %0 = kiln.read_variable @v : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.variable @v : tensor<4xf32>
func.func @assign_unknown(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.assign_variable' op 'hidden1/weights' does not name a kiln.variable}}
  kiln.assign_variable @"hidden1/weights", %x : tensor<4xf32>
  return
}

// -----

kiln.variable @v : tensor<4xf32>
func.func @assign_add_unknown(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op 'w' does not name a kiln.variable}}
  kiln.assign_add_variable @w, %x : tensor<4xf32>
  return
}

// -----

func.func @f() -> tensor<4xf32> {
  %0 = kiln.constant dense<0.0> : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @read_function() -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.read_variable' op 'f' does not name a kiln.variable}}
  %0 = kiln.read_variable @f : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func private @f(tensor<4xf32>)
func.func @assign_function(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.assign_variable' op 'f' does not name a kiln.variable}}
  kiln.assign_variable @f, %x : tensor<4xf32>
  return
}

// -----

func.func private @f(tensor<4xf32>)
func.func @assign_add_function(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op 'f' does not name a kiln.variable}}
  kiln.assign_add_variable @f, %x : tensor<4xf32>
  return
}

// -----

kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
func.func @read_wrong_shape() -> tensor<200x784xf32> {
  // expected-error @+1 {{'kiln.read_variable' op expected a result of type 'tensor<784x200xf32>' (the type of @"hidden1/weights"), got 'tensor<200x784xf32>'}}
  %0 = kiln.read_variable @"hidden1/weights" : tensor<200x784xf32>
  return %0 : tensor<200x784xf32>
}

// -----

kiln.variable @v : tensor<4xf32>
func.func @read_less_static() -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.read_variable' op expected a result of type 'tensor<4xf32>' (the type of @v), got 'tensor<?xf32>'}}
  %0 = kiln.read_variable @v : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

kiln.variable @v : tensor<4xf32>
func.func @assign_wrong_element_type(%x: tensor<4xf64>) {
  // expected-error @+1 {{'kiln.assign_variable' op expected a value of type 'tensor<4xf32>' (the type of @v), got 'tensor<4xf64>'}}
  kiln.assign_variable @v, %x : tensor<4xf64>
  return
}

// -----

kiln.variable @global_step : tensor<i64>
func.func @assign_add_wrong_type(%x: tensor<1xi64>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op expected a delta of type 'tensor<i64>' (the type of @global_step), got 'tensor<1xi64>'}}
  kiln.assign_add_variable @global_step, %x : tensor<1xi64>
  return
}

// -----

kiln.variable @"train/is_training" : tensor<i1>
func.func @assign_add_bool(%x: tensor<i1>) {
  // expected-error @+1 {{'kiln.assign_add_variable' op operand #0 must be ranked tensor of numeric values, but got 'tensor<i1>'}}
  kiln.assign_add_variable @"train/is_training", %x : tensor<i1>
  return
}

// -----

// expected-note @+1 {{see existing symbol definition here}}
kiln.variable @v : tensor<4xf32>
// expected-error @+1 {{redefinition of symbol named 'v'}}
kiln.variable @v : tensor<8xf32>

// -----

// expected-error @+1 {{'kiln.initial_value' expects dense elements of the variable's type 'tensor<2xf32>', got dense<1.000000e+00> : tensor<3xf32>}}
kiln.variable trainable @w {kiln.initial_value = dense<1.0> : tensor<3xf32>} : tensor<2xf32>

// -----

func.func @initial_value_elsewhere() -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.initial_value' belongs on a kiln.variable}}
  %0 = kiln.constant {kiln.initial_value = dense<1.0> : tensor<2xf32>} dense<0.0> : tensor<2xf32>
  return %0 : tensor<2xf32>
}
