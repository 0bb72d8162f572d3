// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that a VALID conv2d is one generic over (n, oh, ow, kh, kw, c, f),
// output channels innermost, reading the unpadded input and accumulating
// into a zero-filled init.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[$FILTER:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[$OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-LABEL: func.func @valid
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x2xf32>, %[[W:.+]]: tensor<3x3x2x4xf32>)
// CHECK-NOT: kiln.
// CHECK-NOT: tensor.pad
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<1x3x3x4xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<1x3x3x4xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$FILTER]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[X]], %[[W]] : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) outs(%[[INIT]] : tensor<1x3x3x4xf32>)
// CHECK-SAME: attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>}
// CHECK-NEXT: ^bb0(%[[XI:.+]]: f32, %[[WI:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[XI]], %[[WI]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @valid(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<VALID>, strides = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Tests SAME padding with stride 2 as TensorFlow computes it: in 28, k 5,
// s 2 gives out 14 and total (14 - 1) * 2 + 5 - 28 = 3, split 1 before and 2
// after; the window map strides the output loops.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-DAG: #[[$FILTER:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-LABEL: func.func @same_stride2
// CHECK-SAME: (%[[X:.+]]: tensor<8x28x28x1xf32>, %[[W:.+]]: tensor<5x5x1x32xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[PADV:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 2, 2, 0]
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: tensor.yield %[[PADV]] : f32
// CHECK-NEXT: } : tensor<8x28x28x1xf32> to tensor<8x31x31x1xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$FILTER]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[PADDED]], %[[W]] : tensor<8x31x31x1xf32>, tensor<5x5x1x32xf32>) outs(%{{.+}} : tensor<8x14x14x32xf32>)
// CHECK: return %[[R]]
func.func @same_stride2(%x: tensor<8x28x28x1xf32>, %w: tensor<5x5x1x32xf32>) -> tensor<8x14x14x32xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<8x14x14x32xf32>
  return %0 : tensor<8x14x14x32xf32>
}

// -----

// Tests SAME padding per dimension: height (in 7, k 3, s 2: out 4, total 2)
// pads 1 and 1, width (in 6, k 2, s 2: out 3, total 0) does not pad.
// CHECK-LABEL: func.func @same_per_dim
// CHECK-SAME: (%[[X:.+]]: tensor<1x7x6x1xf32>, %[[W:.+]]: tensor<3x2x1x1xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: } : tensor<1x7x6x1xf32> to tensor<1x9x6x1xf32>
// CHECK: linalg.generic {{.+}} ins(%[[PADDED]], %[[W]] : tensor<1x9x6x1xf32>, tensor<3x2x1x1xf32>) outs(%{{.+}} : tensor<1x4x3x1xf32>)
func.func @same_per_dim(%x: tensor<1x7x6x1xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x4x3x1xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x7x6x1xf32>, tensor<3x2x1x1xf32>) -> tensor<1x4x3x1xf32>
  return %0 : tensor<1x4x3x1xf32>
}

// -----

// Tests that SAME padding that needs no padding (in 6, k 2, s 2) emits no
// tensor.pad.
// CHECK-LABEL: func.func @same_no_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x6x1xf32>, %[[W:.+]]: tensor<2x2x1x1xf32>)
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {{.+}} ins(%[[X]], %[[W]] : tensor<1x6x6x1xf32>, tensor<2x2x1x1xf32>) outs(%{{.+}} : tensor<1x3x3x1xf32>)
func.func @same_no_pad(%x: tensor<1x6x6x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x6x6x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x3x3x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// -----

// Tests that EXPLICIT padding takes [top, bottom, left, right] verbatim.
// CHECK-LABEL: func.func @explicit
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x1xf32>, %[[W:.+]]: tensor<3x3x1x1xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 0, 0] high[0, 2, 1, 0]
// CHECK: } : tensor<1x5x5x1xf32> to tensor<1x8x6x1xf32>
// CHECK: linalg.generic {{.+}} ins(%[[PADDED]], %[[W]] : tensor<1x8x6x1xf32>, tensor<3x3x1x1xf32>) outs(%{{.+}} : tensor<1x6x4x1xf32>)
func.func @explicit(%x: tensor<1x5x5x1xf32>, %w: tensor<3x3x1x1xf32>) -> tensor<1x6x4x1xf32> {
  %0 = kiln.conv2d %x, %w {padding = #kiln.padding<EXPLICIT>, explicit_paddings = array<i64: 1, 2, 0, 1>, strides = array<i64: 1, 1>} : (tensor<1x5x5x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x6x4x1xf32>
  return %0 : tensor<1x6x4x1xf32>
}

// -----

// Tests that dilations scale the filter loops in the input map and enlarge
// the SAME padding: effective sizes 5 and 7 give totals 4 and 6.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3 * 2, d2 + d4 * 3, d5)>
// CHECK-LABEL: func.func @dilated_same
// CHECK-SAME: (%[[X:.+]]: tensor<1x9x9x1xf32>, %[[W:.+]]: tensor<3x3x1x1xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 2, 3, 0] high[0, 2, 3, 0]
// CHECK: } : tensor<1x9x9x1xf32> to tensor<1x13x15x1xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], {{.+}}ins(%[[PADDED]], %[[W]] : tensor<1x13x15x1xf32>, tensor<3x3x1x1xf32>) outs(%{{.+}} : tensor<1x9x9x1xf32>)
func.func @dilated_same(%x: tensor<1x9x9x1xf32>, %w: tensor<3x3x1x1xf32>) -> tensor<1x9x9x1xf32> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 2, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x9x9x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

// Tests that strides and dilations combine per dimension in the input map.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3 * 3, d2 * 3 + d4 * 2, d5)>
// CHECK-LABEL: func.func @strided_dilated_valid
// CHECK-SAME: (%[[X:.+]]: tensor<1x10x10x1xf32>, %[[W:.+]]: tensor<3x3x1x1xf32>)
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], {{.+}}ins(%[[X]], %[[W]] : tensor<1x10x10x1xf32>, tensor<3x3x1x1xf32>) outs(%{{.+}} : tensor<1x2x2x1xf32>)
func.func @strided_dilated_valid(%x: tensor<1x10x10x1xf32>, %w: tensor<3x3x1x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = kiln.conv2d %x, %w {dilations = array<i64: 3, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 3>} : (tensor<1x10x10x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// -----

// Tests that SAME max_pool pads with -inf, starts from -inf and takes
// arith.maximumf over a (kh, kw) window whose extent comes from an empty
// window tensor.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[$WINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[$OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_same
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x3xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: tensor.yield %[[NEGINF]] : f32
// CHECK-NEXT: } : tensor<1x5x5x3xf32> to tensor<1x7x7x3xf32>
// CHECK: %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<1x3x3x3xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<1x3x3x3xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$WINDOW]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PADDED]], %[[WIN]] : tensor<1x7x7x3xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x3x3x3xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.+]]: f32, %{{.+}}: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[M:.+]] = arith.maximumf %[[ACC]], %[[XI]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[R]]
func.func @max_pool_same(%x: tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

// Tests that integer max_pool pads and starts with the type's minimum and
// takes a signed maximum.
// CHECK-LABEL: func.func @max_pool_i32
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x3xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK: tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[MIN]] : i32
// CHECK: linalg.fill ins(%[[MIN]] : i32)
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[XI:.+]]: i32, %{{.+}}: i32, %[[ACC:.+]]: i32):
// CHECK-NEXT: arith.maxsi %[[ACC]], %[[XI]] : i32
func.func @max_pool_i32(%x: tensor<1x5x5x3xi32>) -> tensor<1x3x3x3xi32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x5x5x3xi32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

// Tests that VALID max_pool reads the input without padding.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-LABEL: func.func @max_pool_valid
// CHECK-SAME: (%[[X:.+]]: tensor<2x4x4x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], {{.+}} ins(%[[X]], %{{.+}} : tensor<2x4x4x3xf32>, tensor<2x2xf32>) outs(%{{.+}} : tensor<2x2x2x3xf32>)
// CHECK: arith.maximumf
func.func @max_pool_valid(%x: tensor<2x4x4x3xf32>) -> tensor<2x2x2x3xf32> {
  %0 = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<2x4x4x3xf32>) -> tensor<2x2x2x3xf32>
  return %0 : tensor<2x2x2x3xf32>
}

// -----

// Tests SAME avg_pool: in 3, k 2, s 1 pads 0 before and 1 after with zeros,
// sums the window, then divides by how many real elements each window
// covered: 4 4 2 / 4 4 2 / 2 2 1.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @avg_pool_same
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x3x1xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: tensor.yield %[[ZERO]] : f32
// CHECK-NEXT: } : tensor<1x3x3x1xf32> to tensor<1x4x4x1xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<1x3x3x1xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$IN]], {{.+}} ins(%[[PADDED]], %{{.+}} : tensor<1x4x4x1xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x3x3x1xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.+]]: f32, %{{.+}}: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[ADD:.+]] = arith.addf %[[ACC]], %[[XI]] : f32
// CHECK-NEXT: linalg.yield %[[ADD]] : f32
// CHECK: %[[COUNT:.+]] = arith.constant dense<{{\[\[\[\[}}4.000000e+00], [4.000000e+00], [2.000000e+00]], {{\[\[}}4.000000e+00], [4.000000e+00], [2.000000e+00]], {{\[\[}}2.000000e+00], [2.000000e+00], [1.000000e+00]]]]> : tensor<1x3x3x1xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SUM]], %[[COUNT]] : tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>)
// CHECK-NEXT: ^bb0(%[[S:.+]]: f32, %[[C:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[AVG:.+]] = arith.divf %[[S]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[AVG]] : f32
// CHECK: return %[[R]]
func.func @avg_pool_same(%x: tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// -----

// Tests SAME avg_pool with padding on both sides (in 5, k 3, s 2 pads 1 and
// 1): corner windows cover 2x2, edges 2x3, the centre 3x3; the count tensor
// broadcasts over batch and channels.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$COUNTMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d2, 0)>
// CHECK-LABEL: func.func @avg_pool_same_both_sides
// CHECK-SAME: (%[[X:.+]]: tensor<2x5x5x4xf32>)
// CHECK-NOT: kiln.
// CHECK: tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[SUM:.+]] = linalg.generic
// CHECK: arith.addf
// CHECK: %[[COUNT:.+]] = arith.constant dense<{{\[\[\[\[}}4.000000e+00], [6.000000e+00], [4.000000e+00]], {{\[\[}}6.000000e+00], [9.000000e+00], [6.000000e+00]], {{\[\[}}4.000000e+00], [6.000000e+00], [4.000000e+00]]]]> : tensor<1x3x3x1xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$COUNTMAP]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SUM]], %[[COUNT]] : tensor<2x3x3x4xf32>, tensor<1x3x3x1xf32>)
// CHECK: arith.divf
func.func @avg_pool_same_both_sides(%x: tensor<2x5x5x4xf32>) -> tensor<2x3x3x4xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<2x5x5x4xf32>) -> tensor<2x3x3x4xf32>
  return %0 : tensor<2x3x3x4xf32>
}

// -----

// Tests VALID avg_pool: no padding, and every window covers k_h * k_w = 4
// elements.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$COUNTMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d2, 0)>
// CHECK-LABEL: func.func @avg_pool_valid
// CHECK-SAME: (%[[X:.+]]: tensor<2x4x6x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$IN]], {{.+}} ins(%[[X]], %{{.+}} : tensor<2x4x6x3xf32>, tensor<2x2xf32>) outs(%{{.+}} : tensor<2x2x3x3xf32>)
// CHECK: arith.addf
// CHECK: %[[COUNT:.+]] = arith.constant dense<4.000000e+00> : tensor<1x2x3x1xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COUNTMAP]], #[[$ID]]], {{.+}} ins(%[[SUM]], %[[COUNT]] : tensor<2x2x3x3xf32>, tensor<1x2x3x1xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @avg_pool_valid(%x: tensor<2x4x6x3xf32>) -> tensor<2x2x3x3xf32> {
  %0 = kiln.avg_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<2x4x6x3xf32>) -> tensor<2x2x3x3xf32>
  return %0 : tensor<2x2x3x3xf32>
}
