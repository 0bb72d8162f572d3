// RUN: kiln-opt --split-input-file --kiln-lowering-pipeline %s | FileCheck %s --check-prefix=LOWER
// RUN: kiln-opt --split-input-file --kiln-lowering-pipeline --kiln-bufferization-pipeline %s | FileCheck %s --check-prefix=BUF
// RUN: kiln-opt --split-input-file --kiln-inference-pipeline %s | FileCheck %s --check-prefix=LLVM
// RUN: kiln-opt --split-input-file '--kiln-inference-pipeline=target=x86-64' %s | FileCheck %s --check-prefix=LLVM
// RUN: kiln-opt --split-input-file --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=x86-64' '--kiln-codegen-pipeline=target=x86-64:skylake-avx512' %s | FileCheck %s --check-prefix=LLVM

// Tests a dense layer through the pipelines: lowering fuses bias_add and relu
// into one generic after the matmul's; bufferization turns the result into a
// trailing memref out-parameter, and temporaries into slots of the arena
// the caller provides (none here); the inference pipeline leaves only the
// LLVM dialect, with a C interface wrapper taking one pointer per memref.
// LOWER-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// LOWER-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// LOWER-LABEL: func.func @dense
// LOWER-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[W:.+]]: tensor<8x16xf32>, %[[B:.+]]: tensor<16xf32>) -> tensor<4x16xf32>
// LOWER-NOT: kiln.
// LOWER: %[[MM:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]], %[[W]] : tensor<4x8xf32>, tensor<8x16xf32>)
// LOWER: arith.mulf
// LOWER: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[MM]], %[[B]] : tensor<4x16xf32>, tensor<16xf32>)
// LOWER-NEXT: ^bb0(%[[A:.+]]: f32, %[[BI:.+]]: f32, %{{.+}}: f32):
// LOWER-NEXT: %[[SUM:.+]] = arith.addf %[[A]], %[[BI]] : f32
// LOWER-NEXT: %[[RELU:.+]] = arith.maximumf %[[SUM]], %{{.+}} : f32
// LOWER-NEXT: linalg.yield %[[RELU]] : f32
// LOWER-NOT: linalg.generic
// LOWER: return %[[R]]

// BUF-LABEL: func.func @dense
// BUF-SAME: (%[[X:.+]]: memref<4x8xf32>, %[[W:.+]]: memref<8x16xf32>, %[[B:.+]]: memref<16xf32>, %[[OUT:.+]]: memref<4x16xf32>) attributes {kiln.arena_bytes = 0 : i64, kiln.arena_lower_bound = 0 : i64, llvm.emit_c_interface} {{[{]$}}
// BUF-NOT: tensor
// BUF: linalg.generic {{.+}} ins(%[[X]], %[[W]] : memref<4x8xf32>, memref<8x16xf32>)
// BUF: linalg.generic {{.+}} ins({{.+}}, %[[B]] : memref<4x16xf32>, memref<16xf32>)
// BUF: return{{$}}

// LLVM-NOT: {{[ "](linalg|memref|tensor|arith|math|scf|cf|func|bufferization)\.|kiln\.[a-z_]+ [%@]|unrealized_conversion_cast}}
// LLVM-LABEL: llvm.func @dense(
// LLVM-NOT: {{[ "](linalg|memref|tensor|arith|math|scf|cf|func|bufferization)\.|kiln\.[a-z_]+ [%@]|unrealized_conversion_cast}}
// LLVM-LABEL: llvm.func @_mlir_ciface_dense(%{{[^:]+}}: !llvm.ptr{{[^,]*}}, %{{[^:]+}}: !llvm.ptr{{[^,]*}}, %{{[^:]+}}: !llvm.ptr{{[^,]*}}, %{{[^:]+}}: !llvm.ptr{{[^,)]*}})
// LLVM: llvm.call @dense(
// LLVM-NOT: {{[ "](linalg|memref|tensor|arith|math|scf|cf|func|bufferization)\.|kiln\.[a-z_]+ [%@]|unrealized_conversion_cast}}
func.func @dense(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> attributes {llvm.emit_c_interface} {
  %0 = kiln.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = kiln.bias_add %0, %b : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %2 = kiln.relu %1 : tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// Tests softmax through the pipelines: lowering fuses x - max and exp into
// one generic, leaving max, sum and the division; the inference pipeline
// lowers exp to an LLVM intrinsic.
// LOWER-LABEL: func.func @softmax
// LOWER-SAME: (%[[X:.+]]: tensor<4x10xf32>)
// LOWER-NOT: kiln.
// LOWER: linalg.reduce ins(%[[X]] : tensor<4x10xf32>)
// LOWER: arith.maximumf
// LOWER: %[[EXPS:.+]] = linalg.generic {{.+}} ins(%[[X]], %{{.+}} : tensor<4x10xf32>, tensor<4x1xf32>)
// LOWER-NEXT: ^bb0(%[[A:.+]]: f32, %[[M:.+]]: f32, %{{.+}}: f32):
// LOWER-NEXT: %[[D:.+]] = arith.subf %[[A]], %[[M]] : f32
// LOWER-NEXT: %[[E:.+]] = math.exp %[[D]] : f32
// LOWER-NEXT: linalg.yield %[[E]] : f32
// LOWER: linalg.reduce ins(%[[EXPS]] : tensor<4x10xf32>)
// LOWER: arith.addf
// LOWER: %[[R:.+]] = linalg.generic {{.+}} ins(%[[EXPS]], %{{.+}} : tensor<4x10xf32>, tensor<4x1xf32>)
// LOWER: arith.divf
// LOWER: return %[[R]]

// BUF-LABEL: func.func @softmax
// BUF-SAME: (%{{.+}}: memref<4x10xf32>, %{{.+}}: memref<4x10xf32>, %[[SLOT:.+]]: memref<64xi8> {kiln.arena_slot = 0 : i64}) attributes {kiln.arena_bytes = 64 : i64, kiln.arena_lower_bound = 16 : i64} {{[{]$}}
// BUF-NOT: memref.alloc
// BUF: memref.view %[[SLOT]]
// BUF-NOT: tensor
// BUF-NOT: memref.alloc
// BUF: return{{$}}

// LLVM-NOT: {{[ "](linalg|memref|tensor|arith|math|scf|cf|func|bufferization)\.|kiln\.[a-z_]+ [%@]|unrealized_conversion_cast}}
// LLVM: llvm.intr.exp
// LLVM-LABEL: llvm.func @softmax(
// LLVM: llvm.call @softmax_kernel_
// LLVM-NOT: {{[ "](linalg|memref|tensor|arith|math|scf|cf|func|bufferization)\.|kiln\.[a-z_]+ [%@]|unrealized_conversion_cast}}
// LLVM-NOT: _mlir_ciface_
func.func @softmax(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = kiln.softmax %x : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}
