// RUN: kiln-opt --kiln-inline-kernels %s | FileCheck %s

// Tests that a bufferized kernel is inlined at its call and erased, while
// functions that are no kernel stay.
// CHECK-NOT: func.func private @step_elementwise_0
// CHECK-LABEL: func.func private @helper
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:[^:]+]]: memref<4xf32>, %[[OUT:[^:]+]]: memref<4xf32>)
// CHECK-NEXT: linalg.generic {{.+}} ins(%[[X]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK: math.exp
// CHECK-NOT: call @step_elementwise_0
// CHECK: call @helper(%[[OUT]])
// CHECK-NEXT: return
#id = affine_map<(i) -> (i)>
func.func private @step_elementwise_0(%x: memref<4xf32>, %out: memref<4xf32>)
    attributes {kiln.kernel = #kiln.kernel<"elementwise", <"CPU", 0>>} {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}
func.func private @helper(%x: memref<4xf32>)
func.func @step(%x: memref<4xf32>, %out: memref<4xf32>) {
  call @step_elementwise_0(%x, %out) : (memref<4xf32>, memref<4xf32>) -> ()
  call @helper(%out) : (memref<4xf32>) -> ()
  return
}
