// Tests KILN_DUMP_DIR: each step a run compiles is written after placement
// and fusion (kiln ops, fused kernels visible) and after bufferization
// (the memory plan's arena attributes); without the variable nothing is
// written.
// RUN: rm -rf %t && mkdir -p %t/dump %t/none
// RUN: python3 %S/Inputs/npy.py %t/x.npy '<f4' 2,3 -1,2,-3,4,-5,6
// RUN: env KILN_DUMP_DIR=%t/dump kiln-run %s --feed x=%t/x.npy > /dev/null
// RUN: FileCheck %s --check-prefix=FUSED < %t/dump/step-0.fused.mlir
// RUN: FileCheck %s --check-prefix=PLANNED < %t/dump/step-0.bufferized.mlir
// RUN: cd %t/none && kiln-run %s --feed x=%t/x.npy > /dev/null && ls %t/none | count 0

// FUSED: kiln.fusion
// FUSED: kiln.relu
// PLANNED: kiln.arena_bytes
// PLANNED-NOT: kiln.relu

func.func @main(%x: tensor<?x3xf32> {kiln.feed = "x"}) -> tensor<?x3xf32> {
  %0 = kiln.relu %x : tensor<?x3xf32>
  %1 = kiln.neg %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}
