// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Casts between the two 16-bit float types. arith.extf / arith.truncf need
// different widths, so a direct f16 <-> bf16 conversion is invalid; the cast
// goes through f32 (exact for both), as TensorFlow's does.

// Tests that f16 -> bf16 extends to f32 and then truncates to bf16.
// CHECK-LABEL: func.func @f16_to_bf16
// CHECK-SAME: (%[[X:.+]]: tensor<4xf16>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[X]] : tensor<4xf16>) outs(%{{.+}} : tensor<4xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f16, %{{.+}}: bf16):
// CHECK-NEXT: %[[WIDE:.+]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT: %[[R:.+]] = arith.truncf %[[WIDE]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[R]] : bf16
func.func @f16_to_bf16(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %0 = kiln.cast %x : (tensor<4xf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// Tests that bf16 -> f16 extends to f32 and then truncates to f16.
// CHECK-LABEL: func.func @bf16_to_f16
// CHECK-SAME: (%[[X:.+]]: tensor<4xbf16>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[X]] : tensor<4xbf16>) outs(%{{.+}} : tensor<4xf16>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: bf16, %{{.+}}: f16):
// CHECK-NEXT: %[[WIDE:.+]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT: %[[R:.+]] = arith.truncf %[[WIDE]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[R]] : f16
func.func @bf16_to_f16(%x: tensor<4xbf16>) -> tensor<4xf16> {
  %0 = kiln.cast %x : (tensor<4xbf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
