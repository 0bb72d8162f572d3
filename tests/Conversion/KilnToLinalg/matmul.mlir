// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that a plain matmul becomes one generic in (m, k, n) loop order that
// multiplies and accumulates into a zero-filled init.
// CHECK-DAG: #[[$AMAP:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$BMAP:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$CMAP:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @plain
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<8x16xf32>)
// CHECK-NOT: kiln.
// CHECK-NOT: linalg.transpose
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<4x16xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$AMAP]], #[[$BMAP]], #[[$CMAP]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[INIT]] : tensor<4x16xf32>)
// CHECK-SAME: attrs = {kiln.contraction = #kiln.contraction<matmul>}
// CHECK-NEXT: ^bb0(%[[AI:.+]]: f32, %[[BI:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[AI]], %[[BI]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<4x16xf32>
// CHECK-NOT: kiln.
// CHECK: return %[[R]]
func.func @plain(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that transpose_a materializes A^T with linalg.transpose before the
// product.
// CHECK-DAG: #[[$AMAP:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @transpose_a
// CHECK-SAME: (%[[A:.+]]: tensor<8x4xf32>, %[[B:.+]]: tensor<8x16xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[TE:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[AT:.+]] = linalg.transpose ins(%[[A]] : tensor<8x4xf32>) outs(%[[TE]] : tensor<4x8xf32>) permutation = [1, 0]
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<4x16xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x16xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$AMAP]], {{.+}} ins(%[[AT]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[INIT]] : tensor<4x16xf32>)
// CHECK: return %[[R]]
func.func @transpose_a(%a: tensor<8x4xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = kiln.matmul %a, %b {transpose_a = true} : (tensor<8x4xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that transpose_b materializes B^T with linalg.transpose before the
// product.
// CHECK-LABEL: func.func @transpose_b
// CHECK-SAME: (%[[A:.+]]: tensor<32x784xf32>, %[[B:.+]]: tensor<200x784xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[TE:.+]] = tensor.empty() : tensor<784x200xf32>
// CHECK: %[[BT:.+]] = linalg.transpose ins(%[[B]] : tensor<200x784xf32>) outs(%[[TE]] : tensor<784x200xf32>) permutation = [1, 0]
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<32x200xf32>)
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[A]], %[[BT]] : tensor<32x784xf32>, tensor<784x200xf32>) outs(%[[INIT]] : tensor<32x200xf32>)
// CHECK: return %[[R]]
func.func @transpose_b(%a: tensor<32x784xf32>, %b: tensor<200x784xf32>) -> tensor<32x200xf32> {
  %0 = kiln.matmul %a, %b {transpose_b = true} : (tensor<32x784xf32>, tensor<200x784xf32>) -> tensor<32x200xf32>
  return %0 : tensor<32x200xf32>
}

// -----

// Tests that transposing both operands transposes each once.
// CHECK-LABEL: func.func @transpose_both
// CHECK-SAME: (%[[A:.+]]: tensor<8x4xf32>, %[[B:.+]]: tensor<16x8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[AT:.+]] = linalg.transpose ins(%[[A]] : tensor<8x4xf32>) outs(%{{.+}} : tensor<4x8xf32>) permutation = [1, 0]
// CHECK: %[[BT:.+]] = linalg.transpose ins(%[[B]] : tensor<16x8xf32>) outs(%{{.+}} : tensor<8x16xf32>) permutation = [1, 0]
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[AT]], %[[BT]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%{{.+}} : tensor<4x16xf32>)
// CHECK: return %[[R]]
func.func @transpose_both(%a: tensor<8x4xf32>, %b: tensor<16x8xf32>) -> tensor<4x16xf32> {
  %0 = kiln.matmul %a, %b {transpose_a = true, transpose_b = true} : (tensor<8x4xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that an integer matmul fills its init with an integer zero and
// multiplies and accumulates with integer ops.
// CHECK-LABEL: func.func @int32
// CHECK-SAME: (%[[A:.+]]: tensor<4x8xi32>, %[[B:.+]]: tensor<8x16xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<4x16xi32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[EMPTY]] : tensor<4x16xi32>)
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[A]], %[[B]] : tensor<4x8xi32>, tensor<8x16xi32>) outs(%[[INIT]] : tensor<4x16xi32>)
// CHECK-NEXT: ^bb0(%[[AI:.+]]: i32, %[[BI:.+]]: i32, %[[ACC:.+]]: i32):
// CHECK-NEXT: %[[P:.+]] = arith.muli %[[AI]], %[[BI]] : i32
// CHECK-NEXT: %[[S:.+]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT: linalg.yield %[[S]] : i32
// CHECK: return %[[R]]
func.func @int32(%a: tensor<4x8xi32>, %b: tensor<8x16xi32>) -> tensor<4x16xi32> {
  %0 = kiln.matmul %a, %b : (tensor<4x8xi32>, tensor<8x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}
