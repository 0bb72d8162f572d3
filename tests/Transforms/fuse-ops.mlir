// RUN: kiln-opt --split-input-file --kiln-fuse-ops %s | FileCheck %s

// Tests that matmul + bias_add + relu become one fusion with the three
// ops inside and only the external values as inputs.
// CHECK-LABEL: func.func @matmul_bias_relu
// CHECK-SAME: (%[[X:.+]]: tensor<32x784xf32>, %[[W:.+]]: tensor<784x200xf32>, %[[B:.+]]: tensor<200xf32>)
// CHECK: %[[F:.+]] = kiln.fusion "matmul_bias_relu"(%[[X]], %[[W]], %[[B]])
// CHECK-NEXT: ^bb0(%[[A0:.+]]: tensor<32x784xf32>, %[[A1:.+]]: tensor<784x200xf32>, %[[A2:.+]]: tensor<200xf32>):
// CHECK-NEXT: %[[M:.+]] = kiln.matmul %[[A0]], %[[A1]]
// CHECK-NEXT: %[[S:.+]] = kiln.bias_add %[[M]], %[[A2]]
// CHECK-NEXT: %[[R:.+]] = kiln.relu %[[S]]
// CHECK-NEXT: kiln.yield %[[R]] : tensor<32x200xf32>
// CHECK: return %[[F]]
func.func @matmul_bias_relu(%x: tensor<32x784xf32>, %w: tensor<784x200xf32>, %b: tensor<200xf32>) -> tensor<32x200xf32> {
  %m = kiln.matmul %x, %w : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<32x200xf32>
  %s = kiln.bias_add %m, %b : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
  %r = kiln.relu %s : tensor<32x200xf32>
  return %r : tensor<32x200xf32>
}

// -----

// Tests that an add of a rank-1 bias after a convolution counts as its
// bias, and that a sigmoid epilogue names the kind.
// CHECK-LABEL: func.func @conv_bias_sigmoid
// CHECK: kiln.fusion "conv2d_bias_sigmoid"
// CHECK: kiln.conv2d
// CHECK-NEXT: kiln.add
// CHECK-NEXT: kiln.sigmoid
// CHECK-NOT: kiln.conv2d
func.func @conv_bias_sigmoid(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x8x4xf32> {
  %c = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  %a = kiln.add %c, %b : (tensor<1x8x8x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %s = kiln.sigmoid %a : tensor<1x8x8x4xf32>
  return %s : tensor<1x8x8x4xf32>
}

// -----

// Tests that a residual add after a biased convolution (a ResNet block's
// shortcut, either operand order) joins its kernel before the relu.
// CHECK-LABEL: func.func @conv_bias_residual_relu
// CHECK: kiln.fusion "conv2d_bias_add_relu"(%{{.+}}, %{{.+}}, %{{.+}}, %arg3)
// CHECK: kiln.conv2d
// CHECK-NEXT: kiln.bias_add
// CHECK-NEXT: kiln.add %{{[^,]+}}, %{{.+}} :
// CHECK-NEXT: kiln.relu
// CHECK: kiln.fusion "conv2d_bias_add"
// CHECK-NOT: kiln.relu
func.func @conv_bias_residual_relu(%x: tensor<1x8x8x4xf32>, %w: tensor<3x3x4x4xf32>, %b: tensor<4xf32>, %shortcut: tensor<1x8x8x4xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) {
  %c = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<3x3x4x4xf32>) -> tensor<1x8x8x4xf32>
  %a = kiln.bias_add %c, %b : (tensor<1x8x8x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %s = kiln.add %a, %shortcut : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  %r = kiln.relu %s : tensor<1x8x8x4xf32>
  %c2 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<3x3x4x4xf32>) -> tensor<1x8x8x4xf32>
  %a2 = kiln.bias_add %c2, %b : (tensor<1x8x8x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %s2 = kiln.add %x, %a2 : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  return %r, %s2 : tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>
}

// -----

// Tests that the residual add joins only a biased convolution: after a
// matmul's bias, and after a convolution without one, it is an
// element-wise kernel of its own.
// CHECK-LABEL: func.func @residual_elsewhere
// CHECK: kiln.fusion "matmul_bias"
// CHECK: kiln.fusion "elementwise"
// CHECK: kiln.fusion "conv2d"
// CHECK: kiln.fusion "elementwise"
func.func @residual_elsewhere(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>, %img: tensor<1x8x8x4xf32>, %f: tensor<3x3x4x4xf32>) -> (tensor<4x8xf32>, tensor<1x8x8x4xf32>) {
  %m = kiln.matmul %x, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %a = kiln.bias_add %m, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %s = kiln.add %a, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %r = kiln.relu %s : tensor<4x8xf32>
  %c = kiln.conv2d %img, %f {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<3x3x4x4xf32>) -> tensor<1x8x8x4xf32>
  %s2 = kiln.add %c, %img : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  %r2 = kiln.relu %s2 : tensor<1x8x8x4xf32>
  return %r, %r2 : tensor<4x8xf32>, tensor<1x8x8x4xf32>
}

// -----

// Tests that a matmul whose result is also used elsewhere takes no
// epilogue: the fused kernel would have to recompute or expose the
// product. It is a kernel of its own.
// CHECK-LABEL: func.func @shared_matmul
// CHECK: %[[M:.+]] = kiln.fusion "matmul"(
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.matmul
// CHECK-NEXT: kiln.yield
// CHECK: kiln.bias_add %[[M]]
// CHECK: return
func.func @shared_matmul(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %m = kiln.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %s = kiln.bias_add %m, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %m, %s : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Tests that a chain of element-wise ops becomes one "elementwise" fusion
// whose inputs are the chain's external operands.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.+]]: tensor<16xf32>, %[[Y:.+]]: tensor<16xf32>)
// CHECK: %[[F:.+]] = kiln.fusion "elementwise"(%[[X]], %[[Y]])
// CHECK: kiln.mul
// CHECK-NEXT: kiln.add
// CHECK-NEXT: kiln.tanh
// CHECK-NEXT: kiln.yield
// CHECK: return %[[F]]
func.func @chain(%x: tensor<16xf32>, %y: tensor<16xf32>) -> tensor<16xf32> {
  %a = kiln.mul %x, %y : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %b = kiln.add %a, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %c = kiln.tanh %b : tensor<16xf32>
  return %c : tensor<16xf32>
}

// -----

// Tests that a single op, and ops separated by a reduction, stay unfused.
// CHECK-LABEL: func.func @nothing_to_fuse
// CHECK-NOT: kiln.fusion
// CHECK: kiln.relu
// CHECK: kiln.reduce_sum
// CHECK: kiln.exp
func.func @nothing_to_fuse(%x: tensor<4x4xf32>) -> tensor<4xf32> {
  %r = kiln.relu %x : tensor<4x4xf32>
  %s = kiln.reduce_sum %r {axes = array<i64: 1>} : (tensor<4x4xf32>) -> tensor<4xf32>
  %e = kiln.exp %s : tensor<4xf32>
  return %e : tensor<4xf32>
}

// -----

// Tests the seed MLP's two hidden layers: two matmul_bias_relu fusions and
// a matmul_bias for the logits.
// CHECK-LABEL: func.func @mlp
// CHECK-COUNT-2: kiln.fusion "matmul_bias_relu"
// CHECK: kiln.fusion "matmul_bias"
// CHECK-NOT: kiln.fusion
func.func @mlp(%x: tensor<8x784xf32>, %w1: tensor<784x200xf32>, %b1: tensor<200xf32>, %w2: tensor<200x200xf32>, %b2: tensor<200xf32>, %w3: tensor<200x10xf32>, %b3: tensor<10xf32>) -> tensor<8x10xf32> {
  %m1 = kiln.matmul %x, %w1 : (tensor<8x784xf32>, tensor<784x200xf32>) -> tensor<8x200xf32>
  %a1 = kiln.bias_add %m1, %b1 : (tensor<8x200xf32>, tensor<200xf32>) -> tensor<8x200xf32>
  %h1 = kiln.relu %a1 : tensor<8x200xf32>
  %m2 = kiln.matmul %h1, %w2 : (tensor<8x200xf32>, tensor<200x200xf32>) -> tensor<8x200xf32>
  %a2 = kiln.bias_add %m2, %b2 : (tensor<8x200xf32>, tensor<200xf32>) -> tensor<8x200xf32>
  %h2 = kiln.relu %a2 : tensor<8x200xf32>
  %m3 = kiln.matmul %h2, %w3 : (tensor<8x200xf32>, tensor<200x10xf32>) -> tensor<8x10xf32>
  %l = kiln.bias_add %m3, %b3 : (tensor<8x10xf32>, tensor<10xf32>) -> tensor<8x10xf32>
  return %l : tensor<8x10xf32>
}

// -----

// Tests that contractions are kernels even alone: a matmul without an
// epilogue, and a convolution's input and filter gradients, whose result
// feeds an element-wise op that stays out (gradients take no epilogue).
// CHECK-LABEL: func.func @lone_contractions
// CHECK: kiln.fusion "matmul"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.matmul
// CHECK-NEXT: kiln.yield
// CHECK: kiln.fusion "conv2d_backprop_input"
// CHECK: kiln.fusion "conv2d_backprop_filter"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.conv2d_backprop_filter
// CHECK-NEXT: kiln.yield
// CHECK: kiln.neg
func.func @lone_contractions(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>,
                             %f: tensor<3x3x8x16xf32>, %dy: tensor<4x7x7x16xf32>,
                             %in: tensor<4x14x14x8xf32>, %dy2: tensor<4x12x14x16xf32>)
    -> (tensor<2x4xf32>, tensor<4x14x14x8xf32>, tensor<3x3x8x16xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = kiln.conv2d_backprop_input %f, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x14x14x8xf32>
  %2 = kiln.conv2d_backprop_filter %in, %dy2 {dilations = array<i64: 2, 1>, explicit_paddings = array<i64: 1, 1, 0, 2>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<4x14x14x8xf32>, tensor<4x12x14x16xf32>) -> tensor<3x3x8x16xf32>
  %3 = kiln.neg %2 : tensor<3x3x8x16xf32>
  return %0, %1, %3 : tensor<2x4xf32>, tensor<4x14x14x8xf32>, tensor<3x3x8x16xf32>
}

// -----

// Tests that off the host a lone element-wise op is a kernel and each
// reduction and softmax a kernel named after it, while the same ops on
// the CPU stay unfused.
// CHECK-LABEL: func.func @off_host
// CHECK: %[[E:.+]] = kiln.fusion "elementwise"(%{{.+}}) {device = #kiln.device<"GPU", 0>}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.exp
// CHECK: %[[S:.+]] = kiln.fusion "softmax"(%[[E]])
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.softmax
// CHECK: kiln.fusion "reduce_sum"(%[[S]])
// CHECK-NEXT: ^bb0
// CHECK-NEXT: kiln.reduce_sum
// CHECK: %[[C:.+]] = kiln.exp %{{.+}} {device = #kiln.device<"CPU", 0>}
// CHECK-NEXT: kiln.reduce_max %[[C]]
// CHECK-NOT: kiln.fusion
func.func @off_host(%x: tensor<4x10xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = kiln.exp %x {device = #kiln.device<"GPU", 0>} : tensor<4x10xf32>
  %s = kiln.softmax %e {device = #kiln.device<"GPU", 0>} : tensor<4x10xf32>
  %r = kiln.reduce_sum %s {axes = array<i64: 1>, device = #kiln.device<"GPU", 0>} : (tensor<4x10xf32>) -> tensor<4xf32>
  %c = kiln.exp %x {device = #kiln.device<"CPU", 0>} : tensor<4x10xf32>
  %m = kiln.reduce_max %c {axes = array<i64: 1>, device = #kiln.device<"CPU", 0>} : (tensor<4x10xf32>) -> tensor<4xf32>
  return %r, %m : tensor<4xf32>, tensor<4xf32>
}
