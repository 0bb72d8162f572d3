// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that the filter gradient is one contraction over the padded input,
// the filter's dims parallel and (n, oh, ow) reduced, strides on the input.
// CHECK-DAG: #[[$X:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5 * 2 + d0, d6 * 2 + d1, d2)>
// CHECK-DAG: #[[$DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
// CHECK-DAG: #[[$DW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @filter
// CHECK: %[[PAD:.+]] = tensor.pad %{{.+}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: linalg.generic {indexing_maps = [#[[$X]], #[[$DY]], #[[$DW]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[PAD]], %{{.+}} : tensor<2x7x7x3xf32>, tensor<2x3x3x4xf32>) outs(%{{.+}} : tensor<3x3x3x4xf32>)
// CHECK-SAME: attrs = {kiln.contraction = #kiln.contraction<conv2d_backprop_filter, strides = [2, 2], dilations = [1, 1]>}
func.func @filter(%x: tensor<2x5x5x3xf32>, %dy: tensor<2x3x3x4xf32>) -> tensor<3x3x3x4xf32> {
  %0 = kiln.conv2d_backprop_filter %x, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<2x5x5x3xf32>, tensor<2x3x3x4xf32>) -> tensor<3x3x3x4xf32>
  return %0 : tensor<3x3x3x4xf32>
}

// -----

// Tests that the strided input gradient spreads the output gradient out
// with the strides (zeros between) and runs a stride-1 conv generic with
// the flipped filter, channels swapped.
// CHECK-DAG: #[[$FLIP:.+]] = affine_map<(d0, d1, d2, d3) -> (-d0 + 2, -d1 + 2, d3, d2)>
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-LABEL: func.func @input
// CHECK-SAME: (%[[W:.+]]: tensor<3x3x3x4xf32>, %[[DY:.+]]: tensor<2x3x3x4xf32>)
// CHECK: %[[ZEROS:.+]] = linalg.fill {{.+}} -> tensor<2x7x7x4xf32>
// CHECK: %[[SPREAD:.+]] = tensor.insert_slice %[[DY]] into %[[ZEROS]][0, 1, 1, 0] [2, 3, 3, 4] [1, 2, 2, 1]
// CHECK: %[[FLIPPED:.+]] = linalg.generic {indexing_maps = [#[[$FLIP]], {{.+}}]{{.+}} ins(%[[W]] : tensor<3x3x3x4xf32>) outs(%{{.+}} : tensor<3x3x4x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], {{.+}}]{{.+}} ins(%[[SPREAD]], %[[FLIPPED]] : tensor<2x7x7x4xf32>, tensor<3x3x4x3xf32>) outs(%{{.+}} : tensor<2x5x5x3xf32>)
// CHECK-SAME: attrs = {kiln.contraction = #kiln.contraction<conv2d, strides = [1, 1], dilations = [1, 1]>}
func.func @input(%w: tensor<3x3x3x4xf32>, %dy: tensor<2x3x3x4xf32>) -> tensor<2x5x5x3xf32> {
  %0 = kiln.conv2d_backprop_input %w, %dy {padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<3x3x3x4xf32>, tensor<2x3x3x4xf32>) -> tensor<2x5x5x3xf32>
  return %0 : tensor<2x5x5x3xf32>
}

// -----

// Tests an input gradient whose padding is wider than the window: output
// rows that only read padding are sliced off before spreading.
// CHECK-LABEL: func.func @wide_padding
// CHECK: %[[REACHING:.+]] = tensor.extract_slice %{{.+}}[0, 0, 1, 0] [1, 3, 8, 2] [1, 1, 1, 1] : tensor<1x3x10x2xf32> to tensor<1x3x8x2xf32>
// CHECK: tensor.insert_slice %[[REACHING]] into %{{.+}}[0, 2, 0, 0] [1, 3, 8, 2] [1, 1, 1, 1] : tensor<1x3x8x2xf32> into tensor<1x7x8x2xf32>
func.func @wide_padding(%w: tensor<3x3x2x2xf32>, %dy: tensor<1x3x10x2xf32>) -> tensor<1x5x6x2xf32> {
  %0 = kiln.conv2d_backprop_input %w, %dy {explicit_paddings = array<i64: 0, 0, 3, 3>, padding = #kiln.padding<EXPLICIT>, strides = array<i64: 1, 1>} : (tensor<3x3x2x2xf32>, tensor<1x3x10x2xf32>) -> tensor<1x5x6x2xf32>
  return %0 : tensor<1x5x6x2xf32>
}

// -----

// Tests a max pool gradient over tiling windows: the first maximum's
// offset per window (strict compare), then one parallel generic giving
// pixel i the gradient of window i / 2 where its offset matches.
// CHECK-DAG: #[[$GATHER:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 floordiv 2, d2 floordiv 2, d3)>
// CHECK-LABEL: func.func @max_tiling
// CHECK: %[[ARG:.+]]:2 = linalg.generic
// CHECK: arith.cmpf ogt
// CHECK: -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[$GATHER]], #[[$GATHER]], {{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.+}}, %[[ARG]]#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi32>)
// CHECK: arith.remui
// CHECK: arith.cmpi eq
func.func @max_tiling(%x: tensor<1x4x4x2xf32>, %y: tensor<1x2x2x2xf32>, %dy: tensor<1x2x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = kiln.max_pool_grad %x, %y, %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests an average pool gradient with overlapping, padded windows: each
// window's share (gradient / real elements covered), padded so every
// gathered window index is in bounds, summed over the window offsets
// where the stride divides evenly.
// CHECK-DAG: #[[$WINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, (d1 - d4 + 1) floordiv 2 + 1, (d2 - d5 + 1) floordiv 2 + 1, d3)>
// CHECK-LABEL: func.func @avg_overlap
// CHECK: arith.constant dense<{{\[\[\[\[}}4.000000e+00], [6.000000e+00], [4.000000e+00]], {{\[\[}}6.000000e+00], [9.000000e+00]
// CHECK: arith.divf
// CHECK: %[[PAD:.+]] = tensor.pad %{{.+}} low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK: linalg.generic {indexing_maps = [#[[$WINDOW]], {{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PAD]], %{{.+}} : tensor<1x4x4x2xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<1x5x5x2xf32>)
// CHECK: arith.remsi
// CHECK: arith.addf
func.func @avg_overlap(%dy: tensor<1x3x3x2xf32>) -> tensor<1x5x5x2xf32> {
  %0 = kiln.avg_pool_grad %dy {ksize = array<i64: 3, 3>, padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>) -> tensor<1x5x5x2xf32>
  return %0 : tensor<1x5x5x2xf32>
}

// -----

// Tests that a max pool whose gradient the same step takes is lowered once
// for both: the forward result is the argmax generic's maximum, and the
// gradient gathers with its offsets (no second search of the windows).
// CHECK-LABEL: func.func @pool_and_gradient
// CHECK: %[[ARG:.+]]:2 = linalg.generic
// CHECK: arith.cmpf ogt
// CHECK-NOT: arith.cmpf
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[ARG]]#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi32>)
// CHECK: return %[[ARG]]#0, %{{.+}} : tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>
func.func @pool_and_gradient(%x: tensor<1x4x4x2xf32>, %dy: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>) {
  %y = kiln.max_pool %x {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %0 = kiln.max_pool_grad %x, %y, %dy {ksize = array<i64: 2, 2>, padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %y, %0 : tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>
}
