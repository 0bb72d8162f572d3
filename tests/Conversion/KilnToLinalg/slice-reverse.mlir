// RUN: kiln-opt --convert-kiln-to-linalg %s | FileCheck %s

// Tests that a slice is a tensor.extract_slice and a reverse a copy whose
// input map counts down along the reversed dimensions.
// CHECK-DAG: #[[$DOWN:.+]] = affine_map<(d0, d1) -> (-d0 + 3, d1)>
// CHECK-LABEL: func.func @lower
// CHECK: tensor.extract_slice %{{.+}}[1, 2] [2, 3] [1, 1] : tensor<4x5xf32> to tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$DOWN]], #{{.+}}]
func.func @lower(%x: tensor<4x5xf32>) -> (tensor<2x3xf32>, tensor<4x5xf32>) {
  %0 = kiln.slice %x {begin = array<i64: 1, 2>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
  %1 = kiln.reverse %x {axes = array<i64: 0>} : tensor<4x5xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x5xf32>
}
