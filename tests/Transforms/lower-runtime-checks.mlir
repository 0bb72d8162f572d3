// RUN: kiln-opt --split-input-file --kiln-lower-runtime-checks %s | FileCheck %s

// Tests that a step with two checks takes the error record as its last
// argument, and that each check branches to a block storing its message
// and values there and returning, before the ops after it.
// CHECK-DAG: llvm.mlir.global internal constant @kiln_check_message_0("first %lld at %lld\00")
// CHECK-DAG: llvm.mlir.global internal constant @kiln_check_message_1("second\00")
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[OUT:.+]]: memref<4xf32>, %[[BAD:.+]]: i1, %[[A:.+]]: i64, %[[B:.+]]: i64, %[[RECORD:.+]]: !llvm.ptr)
// CHECK: memref.store %{{.+}}, %[[OUT]]
// CHECK: cf.cond_br %[[BAD]], ^[[FAIL1:.+]], ^[[NEXT1:[a-z0-9]+]]
// CHECK: ^[[FAIL1]]:
// CHECK: %[[GLOBAL:.+]] = llvm.mlir.addressof @kiln_check_message_0
// CHECK: %[[FORMAT:.+]] = llvm.getelementptr %[[GLOBAL]][0, 0]
// CHECK: llvm.store %[[FORMAT]], %[[RECORD]] : !llvm.ptr, !llvm.ptr
// CHECK: %[[AT1:.+]] = llvm.getelementptr %[[RECORD]][1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: llvm.store %[[A]], %[[AT1]] : i64, !llvm.ptr
// CHECK: %[[AT2:.+]] = llvm.getelementptr %[[RECORD]][2] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: llvm.store %[[B]], %[[AT2]] : i64, !llvm.ptr
// CHECK-NEXT: return
// CHECK: ^[[NEXT1]]:
// CHECK: memref.store %{{.+}}, %[[OUT]]
// CHECK: cf.cond_br %[[BAD]], ^[[FAIL2:.+]], ^[[NEXT2:[a-z0-9]+]]
// CHECK: ^[[FAIL2]]:
// CHECK: llvm.mlir.addressof @kiln_check_message_1
// CHECK: return
// CHECK: ^[[NEXT2]]:
// CHECK-NEXT: return
func.func @step(%out: memref<4xf32>, %bad: i1, %a: i64, %b: i64) {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : f32
  memref.store %one, %out[%c0] : memref<4xf32>
  kiln.runtime_check %bad, %a, %b {message = "first %lld at %lld"}
  memref.store %one, %out[%c0] : memref<4xf32>
  kiln.runtime_check %bad {message = "second"}
  return
}

// -----

// Tests that a step without checks keeps its signature.
// CHECK-LABEL: func.func @no_checks(%{{.+}}: memref<4xf32>)
func.func @no_checks(%out: memref<4xf32>) {
  return
}
