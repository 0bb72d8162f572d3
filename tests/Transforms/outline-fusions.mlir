// RUN: kiln-opt --split-input-file --kiln-outline-fusions %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-outline-fusions --convert-kiln-to-linalg %s | FileCheck %s --check-prefix=LOWER

// Tests that each fusion becomes a private kernel function named after its
// step, kind and position, marked with its kind and device (absent before
// placement), and called where the fusion was.
// CHECK-LABEL: func.func private @step_matmul_bias_relu_0
// CHECK-SAME: (%{{.+}}: tensor<2x3xf32>, %{{.+}}: tensor<3x4xf32>, %{{.+}}: tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-SAME: attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", <"CPU", 0>>}
// CHECK: kiln.matmul
// CHECK: kiln.bias_add
// CHECK: %[[R:.+]] = kiln.relu
// CHECK: return %[[R]] : tensor<2x4xf32>
// CHECK-LABEL: func.func private @step_elementwise_1
// CHECK-SAME: attributes {kiln.kernel = #kiln.kernel<"elementwise">}
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>, %[[W:[^:]+]]: tensor<3x4xf32>, %[[B:[^:]+]]: tensor<4xf32>)
// CHECK: %[[Y:.+]] = call @step_matmul_bias_relu_0(%[[X]], %[[W]], %[[B]])
// CHECK: %[[Z:.+]] = call @step_elementwise_1(%[[Y]])
// CHECK: return %[[Z]]
// CHECK-NOT: kiln.fusion

// The kernels lower like any function; the product carries what it is.
// LOWER-LABEL: func.func private @step_matmul_bias_relu_0
// LOWER-SAME: attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", <"CPU", 0>>}
// LOWER: linalg.generic {{.+}} attrs = {kiln.contraction = #kiln.contraction<matmul>}
// LOWER-LABEL: func.func private @step_elementwise_1
// LOWER: math.exp
func.func @step(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.fusion "matmul_bias_relu" (%x, %w, %b) {device = #kiln.device<"CPU", 0>} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x3xf32>, %c: tensor<3x4xf32>, %d: tensor<4xf32>):
    %m = kiln.matmul %a, %c : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    %s = kiln.bias_add %m, %d : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    %r = kiln.relu %s : tensor<2x4xf32>
    kiln.yield %r : tensor<2x4xf32>
  }
  %1 = kiln.fusion "elementwise" (%0) : (tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x4xf32>):
    %e = kiln.exp %a : tensor<2x4xf32>
    %n = kiln.neg %e : tensor<2x4xf32>
    kiln.yield %n : tensor<2x4xf32>
  }
  return %1 : tensor<2x4xf32>
}

// -----

// Tests that a kernel whose name is taken gets a fresh one, and that a
// step without fusions is left alone.
// CHECK: func.func private @f_elementwise_0()
// CHECK-LABEL: func.func private @f_elementwise_0_0
// CHECK-SAME: #kiln.kernel<"elementwise", <"GPU", 0>>
// CHECK-LABEL: func.func @f
// CHECK: call @f_elementwise_0_0(
// CHECK-LABEL: func.func @g
// CHECK-NEXT: kiln.neg
func.func private @f_elementwise_0()
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.fusion "elementwise" (%x) {device = #kiln.device<"GPU", 0>} : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %e = kiln.exp %a : tensor<4xf32>
    %n = kiln.neg %e : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
