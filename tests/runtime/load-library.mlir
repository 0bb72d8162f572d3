// A step library written by kiln-compile --emit=so is loaded by path with
// kiln_library_open, described by its own kiln_step_info, and run through
// a session; loading a missing file or a library that is not a step fails
// with a status naming the path.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[64,300]' --feed 'w:f32[300,200]' --feed 'b:f32[200]' --emit=so -o %t/dense
// RUN: cc -std=c11 -Wall -Werror -I%kiln_src/runtime/include %S/Inputs/load_library.c %kiln_runtime_lib -ldl -lm -o %t/load_library
// RUN: %t/load_library %t/dense.so | FileCheck %s
// CHECK: step dense: 3 inputs, 1 outputs
// CHECK: input x rank 2
// CHECK: input w rank 2
// CHECK: input b rank 1
// CHECK: max abs error: ok
// RUN: cd %t && ./load_library dense.so | FileCheck %s --check-prefix=RELATIVE
// RELATIVE: max abs error: ok
// RUN: %t/load_library %t/missing.so --expect-error | FileCheck %s --check-prefix=MISSING
// MISSING: code 2: cannot load step library '{{.*}}missing.so': {{.*}}No such file
// RUN: echo 'int not_a_step(void) { return 1; }' > %t/other.c
// RUN: cc -shared -fPIC -o %t/other.so %t/other.c
// RUN: %t/load_library %t/other.so --expect-error | FileCheck %s --check-prefix=OTHER
// OTHER: code 1: '{{.*}}other.so' is not a kiln step library: it exports no kiln_step_info
func.func @main(%x: tensor<64x300xf32> {kiln.feed = "x"}, %w: tensor<300x200xf32> {kiln.feed = "w"}, %b: tensor<200xf32> {kiln.feed = "b"}) -> tensor<64x200xf32> {
  %0 = kiln.matmul %x, %w : (tensor<64x300xf32>, tensor<300x200xf32>) -> tensor<64x200xf32>
  %1 = kiln.bias_add %0, %b : (tensor<64x200xf32>, tensor<200xf32>) -> tensor<64x200xf32>
  %2 = kiln.relu %1 : tensor<64x200xf32>
  return %2 : tensor<64x200xf32>
}
