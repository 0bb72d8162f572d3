// RUN: kiln-opt --show-dialects | FileCheck %s
// RUN: kiln-opt --help | FileCheck %s --check-prefix=HELP

// CHECK: Available Dialects:
// CHECK-SAME: arith
// CHECK-SAME: bufferization
// CHECK-SAME: builtin
// CHECK-SAME: func
// CHECK-SAME: gpu
// CHECK-SAME: kiln
// CHECK-SAME: linalg
// CHECK-SAME: llvm
// CHECK-SAME: math
// CHECK-SAME: memref
// CHECK-SAME: nvvm
// CHECK-SAME: scf
// CHECK-SAME: tensor
// CHECK-SAME: vector

// HELP: OVERVIEW: kiln optimizer driver
// HELP-DAG: --kiln-infer-shapes {{.*}}- Refines dynamic dimensions from operands to results
// HELP-DAG: --kiln-import-cleanup-pipeline {{.*}}- Canonicalize imported kiln IR, infer shapes, fold and CSE
// HELP-DAG: --canonicalize
// HELP-DAG: --cse
