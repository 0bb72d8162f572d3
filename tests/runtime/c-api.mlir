// Tests the runtime C API on an AOT step: a C program includes only the
// generated header and kiln/runtime/api.h, links the runtime core, and
// checks binding errors (unknown name, dtype, shape, byte size, missing
// input), a step larger than the machine's memory, a correct run,
// reference counting and a custom allocator.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'scale:f32[]' -o %t/affine > /dev/null
// RUN: cc -std=c11 -Wall -Werror -I%kiln_src/runtime/include -I%t %S/Inputs/session_test.c %t/affine.o %kiln_runtime_lib -lm -o %t/session_test
// RUN: %t/session_test | FileCheck %s

// CHECK: create huge: 4 step 'affine' needs {{[0-9]+}} bytes (arena, inputs, variables and outputs), more than this machine's memory ({{[0-9]+}} bytes)
// CHECK-NEXT: huge session: none, allocations: 0
// CHECK-NEXT: create: ok
// CHECK-NEXT: run before binding: 3 input 'x' of step 'affine' was never bound
// CHECK-NEXT: unknown name: 2 step 'affine' has no input or variable 'y'
// CHECK-NEXT: wrong dtype: 1 input 'x' of step 'affine' expects f32[2,3] (24 bytes), got i32[2,3] (24 bytes)
// CHECK-NEXT: wrong shape: 1 input 'x' of step 'affine' expects f32[2,3] (24 bytes), got f32[3,2] (24 bytes)
// CHECK-NEXT: wrong size: 1 input 'x' of step 'affine' expects f32[2,3] (24 bytes), got f32[2,3] (20 bytes)
// CHECK-NEXT: output before run: null
// CHECK-NEXT: run: ok
// CHECK-NEXT: y: 0 4 0 8 0 12
// CHECK-NEXT: allocations balanced: yes

func.func @main(%x: tensor<?x3xf32> {kiln.feed = "x"}, %scale: tensor<f32> {kiln.feed = "scale"}) -> tensor<?x3xf32> {
  %y = kiln.mul %x, %scale : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %r = kiln.relu %y : tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}
