// Tests a failed run-time check through the step ABI and the C API on an
// AOT step: the session's run fails with INVALID_ARGUMENT and a message
// naming the op, the index's position and value; the variable update that
// depends on the gather does not happen; the same session then runs good
// indices; and a caller without an error record still gets the status.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'ids:i32[3]' -o %t/lookup > /dev/null
// RUN: cc -std=c11 -Wall -Werror -I%kiln_src/runtime/include -I%t %S/Inputs/checks_test.c %t/lookup.o %kiln_runtime_lib -lm -o %t/checks_test
// RUN: %t/checks_test | FileCheck %s

// CHECK: bind table: ok
// CHECK-NEXT: bind total: ok
// CHECK-NEXT: good ids: ok, total 10.0
// CHECK-NEXT: bad ids: 1 step 'lookup': 'rows' (gather): indices[1] = 4 is not in [0, 4)
// CHECK-NEXT: total after the failed run: 10.0
// CHECK-NEXT: negative id: 1 step 'lookup': 'rows' (gather): indices[2] = -1 is not in [0, 4)
// CHECK-NEXT: good ids again: ok, total 18.0
// CHECK-NEXT: raw call without a record: status 1
// CHECK-NEXT: raw call with a record: status 1, indices[0] = 9

kiln.variable @table : tensor<4x2xf32>
kiln.variable @total : tensor<f32>

// total += sum(table[ids]); returns the gathered rows.
func.func @main(%ids: tensor<3xi32> {kiln.feed = "ids"}) -> tensor<3x2xf32> {
  %t = kiln.read_variable @table : tensor<4x2xf32>
  %rows = kiln.gather %t, %ids {axis = 0 : i64} : (tensor<4x2xf32>, tensor<3xi32>) -> tensor<3x2xf32> loc("rows")
  %s = kiln.reduce_sum %rows {axes = array<i64: 0, 1>} : (tensor<3x2xf32>) -> tensor<f32>
  kiln.assign_add_variable @total, %s : tensor<f32>
  return %rows : tensor<3x2xf32>
}
