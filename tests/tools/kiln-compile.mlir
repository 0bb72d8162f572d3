// Tests kiln-compile: each --emit stage, and an object + header that a C
// program including only the header links with the runtime core and runs.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=kiln | FileCheck %s --check-prefix=KILN
// KILN: func.func @main(%{{.+}}: tensor<2x3xf32> {kiln.feed = "x"}, %{{.+}}: tensor<3xf32> {kiln.feed = "b"}) -> (tensor<2x3xf32>, tensor<3xf32>)
// KILN: kiln.reduce_sum {{.+}}device = #kiln.device<"CPU", 0>{{.+}} -> tensor<3xf32>

// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=mlir | FileCheck %s --check-prefix=MLIR
// MLIR: linalg.generic
// MLIR-NOT: kiln.

// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=llvm --name step | FileCheck %s --check-prefix=LLVM
// LLVM: define {{.*}}i32 @step_run(ptr {{.*}}%0, ptr {{.*}}%1, ptr {{.*}}%2, ptr {{.*}}%3)
// A step that starts no parallel work needs no kernel library, not even
// for its thread limit.
// LLVM-NOT: kiln_cpu_limit_threads

// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=asm --name step | FileCheck %s --check-prefix=ASM
// ASM: step_run:

// RUN: kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' -o %t/step | FileCheck %s --check-prefix=ARENA
// ARENA: arena: {{[0-9]+}} bytes (lower bound {{[0-9]+}} bytes)
// RUN: FileCheck %s --check-prefix=HEADER < %t/step.h
// HEADER: #include "kiln/runtime/executable.h"
// HEADER: #if KILN_STEP_ABI_VERSION != 4
// HEADER: int32_t step_run(const kiln_step_context_t *context, const void *const *inputs,
// HEADER-NEXT: void *const *variables, void *const *outputs);
// HEADER: #define STEP_NUM_INPUTS 2
// HEADER: #define STEP_NUM_VARIABLES 0
// HEADER: #define STEP_NUM_OUTPUTS 2
// HEADER: #define STEP_ARENA_BYTES {{[0-9]+}}u
// HEADER: #define STEP_ARENA_ALIGNMENT 64u
// HEADER: #define STEP_INPUT0_BYTES 24u /* x */
// HEADER: #define STEP_OUTPUT1_BYTES 12u /* result1 */
// HEADER: {"b", KILN_DTYPE_F32, 1, step_input1_shape, 12u, {KILN_DEVICE_CPU, 0}, 0},
// RUN: cc -I%kiln_src/runtime/include -I%t %S/Inputs/run_step.c %t/step.o %kiln_runtime_lib -lm -o %t/run_step
// RUN: %t/run_step | FileCheck %s --check-prefix=EXEC
// EXEC: no context: status 1, outputs untouched
// EXEC-NEXT: ABI version 2: status 1, outputs untouched
// EXEC-NEXT: negative max_threads: status 1, outputs untouched
// EXEC-NEXT: arena too small: status 1, outputs untouched
// EXEC-NEXT: misaligned arena: status 1, outputs untouched
// EXEC-NEXT: no arena: status 1, outputs untouched
// EXEC-NEXT: null input: status 1, outputs untouched
// EXEC-NEXT: no input array: status 1, outputs untouched
// EXEC-NEXT: no output array: status 1, outputs untouched
// EXEC-NEXT: good: status 0
// EXEC-NEXT: X: 0 2 0 4 0 6
// EXEC: SUM: 4 2 6

// Without soft placement an op pinned to a GPU the target lacks is an
// error naming the op and the device.
// RUN: sed 's|kiln.relu %x :|kiln.relu %x {device = "/gpu:0"} :|' %s > %t/gpu.mlir
// RUN: not kiln-compile %t/gpu.mlir --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=kiln --no-soft-placement 2>&1 | FileCheck %s --check-prefix=NOSOFT
// NOSOFT: kiln-compile: {{.*}}'kiln.relu' op has no kernel on device '/job:localhost/replica:0/task:0/device:GPU:0' (requested as '/gpu:0')
// RUN: kiln-compile %t/gpu.mlir --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=kiln 2> %t/soft.err | FileCheck %s --check-prefix=SOFTDEFAULT
// SOFTDEFAULT: kiln.relu {{.+}}device = #kiln.device<"CPU", 0>
// With soft placement (the default) one line says where it runs instead.
// RUN: FileCheck %s --check-prefix=SOFTNOTE < %t/soft.err
// SOFTNOTE: kiln: 1 op asks for /job:localhost/replica:0/task:0/device:GPU:0, which this process does not have; soft placement runs it on /job:localhost/replica:0/task:0/device:CPU:0

// Bad flags are clear errors.
// RUN: not kiln-compile %s --feed 'x:f32[2,3' 2>&1 | FileCheck %s --check-prefix=SPEC
// SPEC: kiln-compile: --feed expects NAME:DTYPE[D0,D1,...], got 'x:f32[2,3'
// RUN: not kiln-compile %s --feed 'x:q8[2]' 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: kiln-compile: --feed 'x:q8[2]': unknown dtype 'q8'
// RUN: not kiln-compile %s --feed 'x:f32[2,4]' --feed 'b:f32[3]' 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: kiln-compile: feed 'x' expects tensor<?x3xf32>, got f32[2,4]
// RUN: not kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --emit=obj 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: kiln-compile: -o OUT is required for --emit=obj and --emit=so

func.func @main(%x: tensor<?x3xf32> {kiln.feed = "x"}, %b: tensor<3xf32> {kiln.feed = "b"}) -> (tensor<?x3xf32>, tensor<3xf32>) {
  %relu = kiln.relu %x : tensor<?x3xf32>
  %sum = kiln.reduce_sum %relu {axes = array<i64: 0>} : (tensor<?x3xf32>) -> tensor<3xf32>
  return %relu, %sum : tensor<?x3xf32>, tensor<3xf32>
}

// A symbol prefix that is not a C identifier is refused before anything is
// written.
// RUN: not kiln-compile %s --feed 'x:f32[2,3]' --feed 'b:f32[3]' --name '1 bad-name;' -o %t/bad 2>&1 | FileCheck %s --check-prefix=BADNAME
// BADNAME: kiln-compile: --name '1 bad-name;' is not a C identifier
// RUN: not ls %t/bad.h
