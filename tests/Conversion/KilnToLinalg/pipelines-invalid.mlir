// Tests that a target-dependent pipeline refuses a target it does not know,
// naming it and the known ones, before running anything.
// RUN: not kiln-opt '--kiln-codegen-pipeline=target=tpu' %s 2>&1 | FileCheck %s --check-prefix=CODEGEN
// CODEGEN: error: unknown target 'tpu' (known: {{.*}}x86-64{{.*}})
// RUN: not kiln-opt '--kiln-bufferization-pipeline=target=x86-64:nonsense' %s 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: error: unknown x86-64 CPU 'nonsense'
// RUN: not kiln-opt '--kiln-inference-pipeline=target=:sm_90' %s 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: target=NAME[:CHIP] expects a name

func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
