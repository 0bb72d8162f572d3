// RUN: kiln-opt --canonicalize %s | FileCheck %s

// Tests that a check that cannot fail goes away and one that may stays,
// even though nothing uses it.
// CHECK-LABEL: func.func @checks
// CHECK-NOT: kiln.runtime_check %false
// CHECK: kiln.runtime_check %arg0 {message = "may fail"}
// CHECK-NOT: kiln.runtime_check
func.func @checks(%bad: i1) {
  %false = arith.constant false
  kiln.runtime_check %false {message = "never fails"}
  kiln.runtime_check %bad {message = "may fail"}
  return
}
