// Tests variables through the step ABI and the runtime C API on an AOT
// training-like step: the header lists the variables apart from the inputs
// (a read one marked KILN_TENSOR_READ), a session refuses to run before a
// read variable is bound, and each run updates the variables in place, so
// the session's copy advances run after run. The references are computed
// in the C program in double.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[3]' -o %t/accumulate > /dev/null
// RUN: FileCheck %s --check-prefix=HEADER < %t/accumulate.h
// HEADER: #define ACCUMULATE_NUM_INPUTS 1
// HEADER: #define ACCUMULATE_NUM_VARIABLES 2
// HEADER: {"x", KILN_DTYPE_F32, 1, accumulate_input0_shape, 12u, {KILN_DEVICE_CPU, 0}, 0},
// HEADER: static const kiln_tensor_info_t accumulate_variables[] = {
// HEADER-DAG: {"total", KILN_DTYPE_F32, 1, accumulate_variable{{[01]}}_shape, 12u, {KILN_DEVICE_CPU, 0}, KILN_TENSOR_READ},
// HEADER-DAG: {"last", KILN_DTYPE_F32, 1, accumulate_variable{{[01]}}_shape, 12u, {KILN_DEVICE_CPU, 0}, 0},
// RUN: cc -std=c11 -Wall -Werror -I%kiln_src/runtime/include -I%t %S/Inputs/variables_test.c %t/accumulate.o %kiln_runtime_lib -lm -o %t/variables_test
// RUN: %t/variables_test | FileCheck %s

// CHECK: create: ok
// CHECK-NEXT: bind x: ok
// CHECK-NEXT: run before binding total: 3 variable 'total' of step 'accumulate' is read before it was bound
// CHECK-NEXT: wrong variable shape: 1 variable 'total' of step 'accumulate' expects f32[3] (12 bytes), got f32[2] (8 bytes)
// CHECK-NEXT: bind total: ok
// CHECK-NEXT: run 1: ok, total matches, last matches, sum matches
// CHECK-NEXT: run 2: ok, total matches, last matches, sum matches
// CHECK-NEXT: run 3: ok, total matches, last matches, sum matches

kiln.variable @total : tensor<3xf32>
kiln.variable @last : tensor<3xf32>

// total += 2 * x; last = x; returns sum(total).
func.func @main(%x: tensor<3xf32> {kiln.feed = "x"}) -> tensor<f32> {
  %two = kiln.constant dense<2.0> : tensor<f32>
  %d = kiln.mul %x, %two : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  kiln.assign_add_variable @total, %d : tensor<3xf32>
  kiln.assign_variable @last, %x : tensor<3xf32>
  %t = kiln.read_variable @total : tensor<3xf32>
  %s = kiln.reduce_sum %t {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %s : tensor<f32>
}
