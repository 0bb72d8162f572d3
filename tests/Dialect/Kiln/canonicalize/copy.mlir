// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that a copy to the device its input is on folds away (step
// arguments are on the host CPU), and that a copy of a copy reads the
// original: back on the host it is the original itself.
// CHECK-LABEL: func.func @copy_folds
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4xf32>)
// CHECK: %[[R:.+]] = kiln.relu %[[X]]
// CHECK: %[[G:.+]] = kiln.copy %[[X]] {device = #kiln.device<"GPU", 0>}
// CHECK: %[[E:.+]] = kiln.exp %[[G]]
// CHECK: %[[B:.+]] = kiln.copy %[[E]] {device = #kiln.device<"GPU", 1>}
// CHECK-NOT: kiln.copy
// CHECK: return %[[R]], %[[X]], %[[G]], %[[B]]
func.func @copy_folds(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %host = kiln.copy %x {device = #kiln.device<"CPU", 0>} : tensor<4xf32>
  %r = kiln.relu %host {device = #kiln.device<"CPU", 0>} : tensor<4xf32>
  %same = kiln.copy %r {device = #kiln.device<"CPU", 0>} : tensor<4xf32>
  %g = kiln.copy %x {device = #kiln.device<"GPU", 0>} : tensor<4xf32>
  %g2 = kiln.copy %g {device = #kiln.device<"GPU", 0>} : tensor<4xf32>
  %back = kiln.copy %g2 {device = #kiln.device<"CPU", 0>} : tensor<4xf32>
  %e = kiln.exp %g2 {device = #kiln.device<"GPU", 0>} : tensor<4xf32>
  %h = kiln.copy %e {device = #kiln.device<"CPU", 0>} : tensor<4xf32>
  %other = kiln.copy %h {device = #kiln.device<"GPU", 1>} : tensor<4xf32>
  return %same, %back, %g2, %other : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
