// A model whose functions call each other in a cycle is refused when it is
// imported, at the call that closes the cycle: a step's memory is planned
// ahead of time, and the recursion ran until a stack overflow (SIGSEGV).
// RUN: not kiln-run %s --fetch output0 2>&1 | FileCheck %s
// RUN: not kiln-compile %s -o %t 2>&1 | FileCheck %s
// CHECK: recursive-call.mlir":[[@LINE+12]]:8: '@f' is called while it runs (recursion); kiln steps cannot recurse
// CHECK-NOT: Segmentation

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @f(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @g(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @g(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @f(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
