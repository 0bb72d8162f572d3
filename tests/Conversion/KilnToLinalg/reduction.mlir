// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that an f32 reduce_sum accumulates in f64 - each element widened
// inside linalg.reduce's body, never as a widened copy of the input - from
// a zero-filled init, and rounds back once, with no reshape when the
// dimension is dropped.
// CHECK-LABEL: func.func @sum_one_axis
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: kiln.
// CHECK-NOT: tensor<4x8xf64>
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[EMPTY:.+]] = bufferization.alloc_tensor() : tensor<4xf64>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<4xf64>)
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[X]] : tensor<4x8xf32>) outs(%[[INIT]] : tensor<4xf64>) dimensions = [1]
// CHECK-NEXT: (%[[IN:.+]]: f32, %[[ACC:.+]]: f64) {
// CHECK-NEXT: %[[W:.+]] = arith.extf %[[IN]] : f32 to f64
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[W]], %[[ACC]] : f64
// CHECK-NEXT: linalg.yield %[[S]] : f64
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<4xf64>) outs(%{{.+}} : tensor<4xf32>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK-NOT: tensor.reshape
// CHECK: return %[[R]]
func.func @sum_one_axis(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that negative axes are normalized and sorted, and that keep_dims
// reshapes the reduced tensor back to rank 3 with a constant index shape.
// CHECK-LABEL: func.func @sum_axes_keep_dims
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : i32) outs(%{{.+}} : tensor<2xi32>)
// CHECK: %[[RED:.+]] = linalg.reduce ins(%[[X]] : tensor<2x3x4xi32>) outs(%[[INIT]] : tensor<2xi32>) dimensions = [1, 2]
// CHECK-NEXT: (%[[IN:.+]]: i32, %[[ACC:.+]]: i32) {
// CHECK-NEXT: arith.addi %[[IN]], %[[ACC]] : i32
// CHECK: %[[SHAPE:.+]] = arith.constant dense<[2, 1, 1]> : tensor<3xindex>
// CHECK: %[[R:.+]] = tensor.reshape %[[RED]](%[[SHAPE]]) : (tensor<2xi32>, tensor<3xindex>) -> tensor<2x1x1xi32>
// CHECK: return %[[R]]
func.func @sum_axes_keep_dims(%x: tensor<2x3x4xi32>) -> tensor<2x1x1xi32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: -1, 1>, keep_dims = true} : (tensor<2x3x4xi32>) -> tensor<2x1x1xi32>
  return %0 : tensor<2x1x1xi32>
}

// -----

// Tests that reduce_mean sums and then divides by the number of reduced
// elements (2 * 4 = 8).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @mean_float
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[X]] : tensor<2x3x4xf32>) outs(%{{.+}} : tensor<3xf64>) dimensions = [0, 2]
// CHECK: arith.addf
// CHECK: %[[COUNT:.+]] = arith.constant 8.000000e+00 : f64
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<3xf64>) outs(%{{.+}} : tensor<3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f64, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[IN]], %[[COUNT]] : f64
// CHECK-NEXT: %[[T:.+]] = arith.truncf %[[D]] : f64 to f32
// CHECK-NEXT: linalg.yield %[[T]] : f32
// CHECK: return %[[R]]
func.func @mean_float(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that an integer mean to a scalar sums and divides in i64 (as
// TensorFlow does) with truncating signed division by 24.
// CHECK-LABEL: func.func @mean_int_scalar
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[X]] : tensor<4x6xi32>) outs(%{{.+}} : tensor<i64>) dimensions = [0, 1]
// CHECK: arith.extsi %{{.+}} : i32 to i64
// CHECK: %[[COUNT:.+]] = arith.constant 24 : i64
// CHECK: %[[R:.+]] = linalg.generic {{.+}} iterator_types = []} ins(%[[SUM]] : tensor<i64>) outs(%{{.+}} : tensor<i32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i64, %{{.+}}: i32):
// CHECK-NEXT: %[[Q:.+]] = arith.divsi %[[IN]], %[[COUNT]] : i64
// CHECK-NEXT: arith.trunci %[[Q]] : i64 to i32
// CHECK: return %[[R]]
func.func @mean_int_scalar(%x: tensor<4x6xi32>) -> tensor<i32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 0, 1>} : (tensor<4x6xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// Tests that a kept-dims mean divides before reshaping.
// CHECK-LABEL: func.func @mean_keep_dims
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[X]] : tensor<4x8xf32>) outs(%{{.+}} : tensor<4xf64>) dimensions = [1]
// CHECK: %[[COUNT:.+]] = arith.constant 8.000000e+00 : f64
// CHECK: %[[MEAN:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<4xf64>)
// CHECK: arith.divf %{{.+}}, %[[COUNT]] : f64
// CHECK: %[[SHAPE:.+]] = arith.constant dense<[4, 1]> : tensor<2xindex>
// CHECK: %[[R:.+]] = tensor.reshape %[[MEAN]](%[[SHAPE]]) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4x1xf32>
// CHECK: return %[[R]]
func.func @mean_keep_dims(%x: tensor<4x8xf32>) -> tensor<4x1xf32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: 1>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// Tests that reduce_max starts from -inf and combines with arith.maximumf.
// CHECK-LABEL: func.func @max_float
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<4xf32>)
// CHECK: %[[RED:.+]] = linalg.reduce ins(%[[X]] : tensor<4x8xf32>) outs(%[[INIT]] : tensor<4xf32>) dimensions = [1]
// CHECK-NEXT: (%[[IN:.+]]: f32, %[[ACC:.+]]: f32) {
// CHECK-NEXT: %[[M:.+]] = arith.maximumf %[[IN]], %[[ACC]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: %[[SHAPE:.+]] = arith.constant dense<[4, 1]> : tensor<2xindex>
// CHECK: %[[R:.+]] = tensor.reshape %[[RED]](%[[SHAPE]]) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4x1xf32>
// CHECK: return %[[R]]
func.func @max_float(%x: tensor<4x8xf32>) -> tensor<4x1xf32> {
  %0 = kiln.reduce_max %x {axes = array<i64: -1>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// Tests that integer reduce_max starts from the type's minimum and uses a
// signed maximum.
// CHECK-LABEL: func.func @max_int
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xi64>)
// CHECK-NOT: kiln.
// CHECK: %[[MIN:.+]] = arith.constant -9223372036854775808 : i64
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[MIN]] : i64) outs(%{{.+}} : tensor<8xi64>)
// CHECK: linalg.reduce ins(%[[X]] : tensor<4x8xi64>) outs(%[[INIT]] : tensor<8xi64>) dimensions = [0]
// CHECK-NEXT: (%[[IN:.+]]: i64, %[[ACC:.+]]: i64) {
// CHECK-NEXT: arith.maxsi %[[IN]], %[[ACC]] : i64
func.func @max_int(%x: tensor<4x8xi64>) -> tensor<8xi64> {
  %0 = kiln.reduce_max %x {axes = array<i64: 0>} : (tensor<4x8xi64>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// -----

// Tests the stable softmax decomposition: row max (kept as [B, 1]), x - max,
// exp, row sum (kept), exp / sum, with the [B, 1] operands broadcast along the
// class loop.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$KEPT:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<4x10xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<4xf32>)
// CHECK: %[[MAX:.+]] = linalg.reduce ins(%[[X]] : tensor<4x10xf32>) outs(%[[MAXINIT]] : tensor<4xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[KEPTMAX:.+]] = tensor.reshape %[[MAX]](%{{.+}}) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4x1xf32>
// CHECK: %[[SHIFTED:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$KEPT]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[KEPTMAX]] : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[M:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.subf %[[A]], %[[M]] : f32
// CHECK: %[[EXPS:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[SHIFTED]] : tensor<4x10xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: math.exp %[[A]] : f32
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[SUMINIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<4xf32>)
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[EXPS]] : tensor<4x10xf32>) outs(%[[SUMINIT]] : tensor<4xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[KEPTSUM:.+]] = tensor.reshape %[[SUM]](%{{.+}}) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4x1xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$KEPT]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXPS]], %[[KEPTSUM]] : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK-NEXT: ^bb0(%[[E:.+]]: f32, %[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.divf %[[E]], %[[S]] : f32
// CHECK: return %[[R]]
func.func @softmax(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = kiln.softmax %x : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Tests that log_softmax ends with (x - max) - log(sum) instead of a division.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$KEPT:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<4x10xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[MAX:.+]] = linalg.reduce ins(%[[X]] : tensor<4x10xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SHIFTED:.+]] = linalg.generic {{.+}} ins(%[[X]], %{{.+}} : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK: arith.subf
// CHECK: %[[EXPS:.+]] = linalg.generic {{.+}} ins(%[[SHIFTED]] : tensor<4x10xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[EXPS]] : tensor<4x10xf32>)
// CHECK: arith.addf
// CHECK: %[[KEPTSUM:.+]] = tensor.reshape %[[SUM]]
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$KEPT]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[SHIFTED]], %[[KEPTSUM]] : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[LOG:.+]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[A]], %[[LOG]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK-NOT: arith.divf
// CHECK: return %[[R]]
func.func @log_softmax(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = kiln.log_softmax %x : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Tests the sparse cross-entropy: labels are checked against [0, 10)
// first; loss = log(sum(exp(x - max))) -
// (x - max)[label], picked by a reduction over classes comparing
// linalg.index 1 with the label; backprop = exp / sum - onehot(label).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$KEPT:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROWONLY:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @xent
// CHECK-SAME: (%[[X:.+]]: tensor<4x10xf32>, %[[L:.+]]: tensor<4xi64>)
// CHECK: arith.cmpi sge, %{{.+}}, %c10_i64
// CHECK: kiln.runtime_check %{{.+}}, %{{.+}}, %{{.+}} {message = "kiln.sparse_softmax_cross_entropy_with_logits: labels[%lld]: Received a label value of %lld which is outside the valid range of [0, 10)"}
// CHECK-NOT: kiln.
// CHECK: %[[MAX:.+]] = linalg.reduce ins(%[[X]] : tensor<4x10xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SHIFTED:.+]] = linalg.generic {{.+}} ins(%[[X]], %{{.+}} : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK: arith.subf
// CHECK: %[[EXPS:.+]] = linalg.generic {{.+}} ins(%[[SHIFTED]] : tensor<4x10xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[EXPS]] : tensor<4x10xf32>)
// CHECK: arith.addf
// CHECK: %[[KEPTSUM:.+]] = tensor.reshape %[[SUM]](%{{.+}}) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4x1xf32>
// CHECK: %[[LOSSSUM:.+]] = tensor.reshape %[[KEPTSUM]](%{{.+}}) : (tensor<4x1xf32>, tensor<1xindex>) -> tensor<4xf32>
// CHECK: %[[PICKINIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<4xf32>)
// CHECK: %[[PICKED:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWONLY]], #[[$ROWONLY]]], iterator_types = ["parallel", "reduction"]} ins(%[[SHIFTED]], %[[L]] : tensor<4x10xf32>, tensor<4xi64>) outs(%[[PICKINIT]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[V:.+]]: f32, %[[LABEL:.+]]: i64, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[COL:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[LIDX:.+]] = arith.index_cast %[[LABEL]] : i64 to index
// CHECK-NEXT: %[[HIT:.+]] = arith.cmpi eq, %[[COL]], %[[LIDX]] : index
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[HIT]], %[[V]], %[[ACC]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[LOSS:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[LOSSSUM]], %[[PICKED]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[S:.+]]: f32, %[[P:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[LOG:.+]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[LV:.+]] = arith.subf %[[LOG]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[LV]] : f32
// CHECK: %[[GRAD:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$KEPT]], #[[$ROWONLY]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXPS]], %[[KEPTSUM]], %[[L]] : tensor<4x10xf32>, tensor<4x1xf32>, tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[E:.+]]: f32, %[[S:.+]]: f32, %[[LABEL:.+]]: i64, %{{.+}}: f32):
// CHECK-NEXT: %[[PROB:.+]] = arith.divf %[[E]], %[[S]] : f32
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[COL:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[LIDX:.+]] = arith.index_cast %[[LABEL]] : i64 to index
// CHECK-NEXT: %[[HIT:.+]] = arith.cmpi eq, %[[COL]], %[[LIDX]] : index
// CHECK-NEXT: %[[HOT:.+]] = arith.select %[[HIT]], %[[ONE]], %[[ZERO]] : f32
// CHECK-NEXT: %[[G:.+]] = arith.subf %[[PROB]], %[[HOT]] : f32
// CHECK-NEXT: linalg.yield %[[G]] : f32
// CHECK: return %[[LOSS]], %[[GRAD]] : tensor<4xf32>, tensor<4x10xf32>
func.func @xent(%x: tensor<4x10xf32>, %l: tensor<4xi64>) -> (tensor<4xf32>, tensor<4x10xf32>) {
  %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %x, %l : (tensor<4x10xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x10xf32>)
  return %loss, %grad : tensor<4xf32>, tensor<4x10xf32>
}

// -----

// Tests that argmax is one generic with two outputs (running max from -inf,
// index from 0) that takes the new element only when strictly greater (ogt),
// so ties keep the first index; the index comes from linalg.index.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROWONLY:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK-SAME: (%[[X:.+]]: tensor<4x10xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK: %[[IDXINIT:.+]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.+}} : tensor<4xi64>)
// CHECK: %[[R:.+]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWONLY]], #[[$ROWONLY]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<4x10xf32>) outs(%[[MAXINIT]], %[[IDXINIT]] : tensor<4xf32>, tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %[[BEST:.+]]: f32, %[[BESTIDX:.+]]: i64):
// CHECK-NEXT: %[[GT:.+]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK-NEXT: %[[I:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[II:.+]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: %[[NB:.+]] = arith.select %[[GT]], %[[IN]], %[[BEST]] : f32
// CHECK-NEXT: %[[NI:.+]] = arith.select %[[GT]], %[[II]], %[[BESTIDX]] : i64
// CHECK-NEXT: linalg.yield %[[NB]], %[[NI]] : f32, i64
// CHECK-NEXT: } -> (tensor<4xf32>, tensor<4xi64>)
// CHECK: return %[[R]]#1 : tensor<4xi64>
func.func @argmax(%x: tensor<4x10xf32>) -> tensor<4xi64> {
  %0 = kiln.argmax %x {axis = 1 : i64} : (tensor<4x10xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Tests argmax over a negative leading axis of integers: the reduction loop
// is d0, the compare is sgt and the index is cast to i32.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COLONLY:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @argmax_axis0_int
// CHECK-SAME: (%[[X:.+]]: tensor<3x5xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK: linalg.fill ins(%[[MIN]] : i32) outs(%{{.+}} : tensor<5xi32>)
// CHECK: %[[R:.+]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$COLONLY]], #[[$COLONLY]]], iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<3x5xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %[[BEST:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: arith.cmpi sgt, %[[IN]], %[[BEST]] : i32
// CHECK-NEXT: %[[I:.+]] = linalg.index 0 : index
// CHECK-NEXT: arith.index_cast %[[I]] : index to i32
// CHECK: return %[[R]]#1 : tensor<5xi32>
func.func @argmax_axis0_int(%x: tensor<3x5xi32>) -> tensor<5xi32> {
  %0 = kiln.argmax %x {axis = -2 : i64} : (tensor<3x5xi32>) -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// Tests in_top_k: pick the target's prediction, count predictions strictly
// greater (ogt, so ties are in), then in = count < k, the target in
// [0, classes), the prediction finite and every prediction in the row
// finite (TensorFlow answers false for rows holding NaN or infinity).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROWONLY:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @in_top_k
// CHECK-SAME: (%[[P:.+]]: tensor<4x10xf32>, %[[T:.+]]: tensor<4xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[TARGET:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWONLY]], #[[$ROWONLY]]], iterator_types = ["parallel", "reduction"]} ins(%[[P]], %[[T]] : tensor<4x10xf32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[V:.+]]: f32, %[[LABEL:.+]]: i32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[COL:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[LIDX:.+]] = arith.index_cast %[[LABEL]] : i32 to index
// CHECK-NEXT: %[[HIT:.+]] = arith.cmpi eq, %[[COL]], %[[LIDX]] : index
// CHECK-NEXT: arith.select %[[HIT]], %[[V]], %[[ACC]] : f32
// CHECK: %[[CZERO:.+]] = arith.constant 0 : i64
// CHECK: %[[CINIT:.+]] = linalg.fill ins(%[[CZERO]] : i64) outs(%{{.+}} : tensor<4xi64>)
// CHECK: %[[COUNT:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWONLY]], #[[$ROWONLY]]], iterator_types = ["parallel", "reduction"]} ins(%[[P]], %[[TARGET]] : tensor<4x10xf32>, tensor<4xf32>) outs(%[[CINIT]] : tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[V:.+]]: f32, %[[TV:.+]]: f32, %[[ACC:.+]]: i64):
// CHECK-NEXT: %[[BEATS:.+]] = arith.cmpf ogt, %[[V]], %[[TV]] : f32
// CHECK-NEXT: %[[INC:.+]] = arith.extui %[[BEATS]] : i1 to i64
// CHECK-NEXT: %[[N:.+]] = arith.addi %[[ACC]], %[[INC]] : i64
// CHECK-NEXT: linalg.yield %[[N]] : i64
// CHECK: %[[FINITE:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWONLY]]], iterator_types = ["parallel", "reduction"]} ins(%[[P]] : tensor<4x10xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK: arith.cmpf olt
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[COUNT]], %[[TARGET]], %[[T]], %[[FINITE]] : tensor<4xi64>, tensor<4xf32>, tensor<4xi32>, tensor<4xi1>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[C:.+]]: i64, %[[TV:.+]]: f32, %[[LABEL:.+]]: i32, %[[ROWOK:.+]]: i1, %{{.+}}: i1):
// CHECK-NEXT: %[[K:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[INTOP:.+]] = arith.cmpi slt, %[[C]], %[[K]] : i64
// CHECK-NEXT: %[[LZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT: %[[LOWOK:.+]] = arith.cmpi sge, %[[LABEL]], %[[LZERO]] : i32
// CHECK-NEXT: %[[CLASSES:.+]] = arith.constant 10 : i32
// CHECK-NEXT: %[[HIGHOK:.+]] = arith.cmpi slt, %[[LABEL]], %[[CLASSES]] : i32
// CHECK-NEXT: %[[MAG:.+]] = math.absf %[[TV]] : f32
// CHECK-NEXT: %[[INF:.+]] = arith.constant 0x7F800000 : f32
// CHECK-NEXT: %[[TFINITE:.+]] = arith.cmpf olt, %[[MAG]], %[[INF]] : f32
// CHECK-NEXT: %[[A1:.+]] = arith.andi %[[INTOP]], %[[LOWOK]] : i1
// CHECK-NEXT: %[[A2:.+]] = arith.andi %[[A1]], %[[HIGHOK]] : i1
// CHECK-NEXT: %[[A3:.+]] = arith.andi %[[A2]], %[[ROWOK]] : i1
// CHECK-NEXT: %[[A4:.+]] = arith.andi %[[A3]], %[[TFINITE]] : i1
// CHECK-NEXT: linalg.yield %[[A4]] : i1
// CHECK: return %[[R]]
func.func @in_top_k(%p: tensor<4x10xf32>, %t: tensor<4xi32>) -> tensor<4xi1> {
  %0 = kiln.in_top_k %p, %t {k = 2 : i64} : (tensor<4x10xf32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that a large reduction over the leading axis and others (a conv's
// bias gradient over N, H, W) runs in two stages: first over H and W with
// N kept (a parallel outer loop the threads can split), widening each
// element; then over N of the small f64 partial, with no second widening.
// CHECK-LABEL: func.func @bias_gradient_two_stages
// CHECK-SAME: (%[[X:.+]]: tensor<8x32x32x16xf32>)
// CHECK: %[[PARTIAL:.+]] = linalg.reduce ins(%[[X]] : tensor<8x32x32x16xf32>) outs(%{{.+}} : tensor<8x16xf64>) dimensions = [1, 2]
// CHECK-NEXT: (%[[IN:.+]]: f32, %[[ACC:.+]]: f64) {
// CHECK-NEXT: arith.extf %[[IN]] : f32 to f64
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[PARTIAL]] : tensor<8x16xf64>) outs(%{{.+}} : tensor<16xf64>) dimensions = [0]
// CHECK-NEXT: (%[[IN2:.+]]: f64, %[[ACC2:.+]]: f64) {
// CHECK-NEXT: arith.addf %[[IN2]], %[[ACC2]] : f64
// CHECK: arith.truncf %{{.+}} : f64 to f32
func.func @bias_gradient_two_stages(%x: tensor<8x32x32x16xf32>) -> tensor<16xf32> {
  %0 = kiln.reduce_sum %x {axes = array<i64: 0, 1, 2>} : (tensor<8x32x32x16xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// Tests the edges of that rule: a reduction over the leading axis alone,
// and one below 65536 elements, stay a single linalg.reduce; a full max
// reduction of a large tensor reduces the leading axis last.
// CHECK-LABEL: func.func @single_stage_edges
// CHECK: linalg.reduce ins(%{{.+}} : tensor<70000x2xf32>) outs(%{{.+}} : tensor<2xf64>) dimensions = [0]
// CHECK: linalg.reduce ins(%{{.+}} : tensor<4x100x100xf32>) outs(%{{.+}} : tensor<100xf64>) dimensions = [0, 1]
// CHECK: %[[P:.+]] = linalg.reduce ins(%{{.+}} : tensor<2x300x300xf32>) outs(%{{.+}} : tensor<2xf32>) dimensions = [1, 2]
// CHECK: arith.maximumf
// CHECK: linalg.reduce ins(%[[P]] : tensor<2xf32>) outs(%{{.+}} : tensor<f32>) dimensions = [0]
func.func @single_stage_edges(%a: tensor<70000x2xf32>, %b: tensor<4x100x100xf32>, %c: tensor<2x300x300xf32>) -> (tensor<2xf32>, tensor<100xf32>, tensor<f32>) {
  %0 = kiln.reduce_sum %a {axes = array<i64: 0>} : (tensor<70000x2xf32>) -> tensor<2xf32>
  %1 = kiln.reduce_sum %b {axes = array<i64: 0, 1>} : (tensor<4x100x100xf32>) -> tensor<100xf32>
  %2 = kiln.reduce_max %c {axes = array<i64: 0, 1, 2>} : (tensor<2x300x300xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<2xf32>, tensor<100xf32>, tensor<f32>
}

// -----

// Tests that a float reduce_prod starts from 1.0 and multiplies in f64 (as
// sums accumulate), truncating the product to f32 at the end.
// CHECK-LABEL: func.func @prod_float
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ONE]] : f64) outs(%{{.+}} : tensor<4xf64>)
// CHECK: %[[RED:.+]] = linalg.reduce ins(%[[X]] : tensor<4x8xf32>) outs(%[[INIT]] : tensor<4xf64>) dimensions = [1]
// CHECK-NEXT: (%[[IN:.+]]: f32, %[[ACC:.+]]: f64) {
// CHECK-NEXT: %[[WIDE:.+]] = arith.extf %[[IN]] : f32 to f64
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[WIDE]], %[[ACC]] : f64
// CHECK-NEXT: linalg.yield %[[P]] : f64
// CHECK: linalg.generic {{.+}} ins(%[[RED]] : tensor<4xf64>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
func.func @prod_float(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_prod %x {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that an integer reduce_prod multiplies in its own type (wrapping,
// as TensorFlow's does) from 1, keeping the reduced dimension.
// CHECK-LABEL: func.func @prod_int_keep_dims
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xi32>)
// CHECK: %[[ONE:.+]] = arith.constant 1 : i32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ONE]] : i32) outs(%{{.+}} : tensor<8xi32>)
// CHECK: %[[RED:.+]] = linalg.reduce ins(%[[X]] : tensor<4x8xi32>) outs(%[[INIT]] : tensor<8xi32>) dimensions = [0]
// CHECK-NEXT: (%[[IN:.+]]: i32, %[[ACC:.+]]: i32) {
// CHECK-NEXT: arith.muli %[[IN]], %[[ACC]] : i32
// CHECK: tensor.reshape %[[RED]](%{{.+}}) : (tensor<8xi32>, tensor<2xindex>) -> tensor<1x8xi32>
func.func @prod_int_keep_dims(%x: tensor<4x8xi32>) -> tensor<1x8xi32> {
  %0 = kiln.reduce_prod %x {axes = array<i64: 0>, keep_dims = true} : (tensor<4x8xi32>) -> tensor<1x8xi32>
  return %0 : tensor<1x8xi32>
}
