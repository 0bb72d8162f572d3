// RUN: kiln-opt --split-input-file --kiln-infer-shapes %s | FileCheck %s

// Cases where kiln-infer-shapes must keep the IR valid around values it may
// not refine. A fix may either leave these values dynamic or refine them and
// update every user; the checks accept both.

// Tests that a value returned by a function that has a call site stays
// consistent with the function type and with the call's result type.
// CHECK-LABEL: func.func @callee
// CHECK-SAME: -> tensor<[[$T:.+]]>
// CHECK: return %{{.+}} : tensor<[[$T]]>
// CHECK-LABEL: func.func @caller
// CHECK: call @callee(%{{.+}}, %{{.+}}) : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<[[$T]]>
func.func @callee(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
func.func @caller(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>) -> tensor<?x4xf32> {
  %0 = func.call @callee(%x, %w) : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that relu's operand and result keep one type when the result feeds a
// tensor.cast (relu requires equal operand and result types).
// CHECK-LABEL: func.func @relu_then_tensor_cast
// CHECK: %[[R:.+]] = kiln.relu %{{.+}} : tensor<[[T:.+]]>
// CHECK: tensor.cast %[[R]] : tensor<[[T]]> to tensor<?x4xf32>
func.func @relu_then_tensor_cast(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.matmul %x, %w : (tensor<8x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %1 = kiln.relu %0 : tensor<?x4xf32>
  %2 = tensor.cast %1 : tensor<?x4xf32> to tensor<?x4xf32>
  return %2 : tensor<?x4xf32>
}

// -----

// Tests the same for softmax whose result is passed to a func.call.
// CHECK-LABEL: func.func @softmax_then_call
// CHECK: kiln.softmax
// CHECK: call @sink(%{{.+}}) : (tensor<?x10xf32>) -> ()
func.func private @sink(tensor<?x10xf32>)
func.func @softmax_then_call(%x: tensor<32x10xf32>, %w: tensor<10x10xf32>) {
  %0 = kiln.matmul %x, %w : (tensor<32x10xf32>, tensor<10x10xf32>) -> tensor<?x10xf32>
  %1 = kiln.softmax %0 : tensor<?x10xf32>
  func.call @sink(%1) : (tensor<?x10xf32>) -> ()
  return
}
