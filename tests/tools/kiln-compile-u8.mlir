// A step fed uint8 images (the Fashion-MNIST layout) compiles ahead of
// time: the header describes the u8 input, and a C program feeding raw
// bytes gets them scaled to [0, 1].
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'img:u8[2,3]' -o %t/scale
// RUN: FileCheck %s --check-prefix=HEADER < %t/scale.h
// HEADER: {"img", KILN_DTYPE_U8, 2, scale_input0_shape, 6u, {KILN_DEVICE_CPU, 0}, 0},
// HEADER: {"result0", KILN_DTYPE_F32, 2, scale_output0_shape, 24u, {KILN_DEVICE_CPU, 0}, 0},
// RUN: echo '#include "scale.h"' > %t/main.c
// RUN: echo '#include <stdio.h>' >> %t/main.c
// RUN: echo 'int main(void) { unsigned char img[6] = {0, 51, 128, 200, 254, 255}; float out[6];' >> %t/main.c
// RUN: echo '  const void *in[] = {img}; void *outs[] = {out}; static _Alignas(64) unsigned char arena[SCALE_ARENA_BYTES + 64]; kiln_step_context_t c = {KILN_STEP_ABI_VERSION, arena, sizeof arena, 0}; if (scale_run(&c, in, 0, outs)) return 2;' >> %t/main.c
// RUN: echo '  for (int i = 0; i < 6; ++i) printf("%%.4f ", out[i]); printf("\n"); return 0; }' >> %t/main.c
// RUN: cc -I%kiln_src/runtime/include -I%t %t/main.c %t/scale.o %kiln_runtime_lib -lm -o %t/main
// RUN: %t/main | FileCheck %s
// CHECK: 0.0000 0.2000 0.5020 0.7843 0.9961 1.0000
func.func @main(%x: tensor<2x3xui8> {kiln.feed = "img"}) -> tensor<2x3xf32> {
  %0 = kiln.cast %x : (tensor<2x3xui8>) -> tensor<2x3xf32>
  %1 = kiln.constant dense<2.550000e+02> : tensor<f32>
  %2 = kiln.div %0, %1 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}
