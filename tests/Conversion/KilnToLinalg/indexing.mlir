// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that a gather first finds the smallest position of an index
// outside [0, 3) (the flattened indices, `4` when none is), reports it
// with its value and the node's name (its % doubled for printf), and then
// reads params at the clamped index in one loop nest over the result.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[P:.+]]: tensor<5x3xf32>, %[[I:.+]]: tensor<2x2xi32>)
// CHECK: %[[FLAT:.+]] = tensor.reshape %[[I]]
// CHECK: %[[FIRST:.+]] = linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[FLAT]] : tensor<4xi32>)
// CHECK: arith.cmpi sge, %{{.+}}, %c3_i64
// CHECK: arith.cmpi slt, %{{.+}}, %c0_i64
// CHECK: %[[POS:.+]] = tensor.extract %[[FIRST]][] : tensor<i64>
// CHECK: %[[FAILED:.+]] = arith.cmpi slt, %[[POS]], %c4_i64
// CHECK: %[[BAD:.+]] = tensor.extract %[[FLAT]]
// CHECK: %[[VALUE:.+]] = arith.extsi %[[BAD]] : i32 to i64
// CHECK: kiln.runtime_check %[[FAILED]], %[[POS]], %[[VALUE]] {message = "'emb%%1' (gather): indices[%lld] = %lld is not in [0, 3)"}
// CHECK: linalg.generic {{.+}} ins(%[[I]] : tensor<2x2xi32>) outs(%{{.+}} : tensor<5x2x2xf32>)
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: %[[ROW:.+]] = linalg.index 0
// CHECK: tensor.extract %[[P]][%[[ROW]], %{{.+}}] : tensor<5x3xf32>
func.func @gather(%p: tensor<5x3xf32>, %i: tensor<2x2xi32>) -> tensor<5x2x2xf32> {
  %0 = kiln.gather %p, %i {axis = 1 : i64} : (tensor<5x3xf32>, tensor<2x2xi32>) -> tensor<5x2x2xf32> loc("emb%1")
  return %0 : tensor<5x2x2xf32>
}

// -----

// Tests that a segment sum checks only the upper bound (negative ids are
// dropped), then adds each row of data into its segment's row in a
// sequential loop, skipping ids out of range.
// CHECK-LABEL: func.func @segment_sum
// CHECK: arith.cmpi sge, %{{.+}}, %c5_i64
// CHECK-NOT: arith.cmpi slt, %{{.+}}, %c0_i64
// CHECK: kiln.runtime_check {{.+}} {message = "'grad' (unsorted_segment_sum): segment_ids[%lld] = %lld is not below num_segments 5"}
// CHECK: linalg.fill {{.+}} -> tensor<5x6xf32>
// CHECK: scf.for %[[ROW:.+]] = %c0 to %c8 step %c1 iter_args(%[[SUMS:.+]] = %{{.+}}) -> (tensor<5x6xf32>)
// CHECK: scf.if
// CHECK: tensor.extract_slice %{{.+}}[%[[ROW]], 0] [1, 6] [1, 1] : tensor<8x6xf32> to tensor<6xf32>
// CHECK: tensor.extract_slice %[[SUMS]]
// CHECK: arith.addf
// CHECK: tensor.insert_slice %{{.+}} into %[[SUMS]]
// CHECK: tensor.reshape %{{.+}} : (tensor<5x6xf32>, tensor<3xindex>) -> tensor<5x2x3xf32>
func.func @segment_sum(%d: tensor<8x2x3xf32>, %i: tensor<8xi64>) -> tensor<5x2x3xf32> {
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = 5 : i64} : (tensor<8x2x3xf32>, tensor<8xi64>) -> tensor<5x2x3xf32> loc("grad")
  return %0 : tensor<5x2x3xf32>
}

// -----

// Tests that empty ids check nothing and give zeros.
// CHECK-LABEL: func.func @no_ids
// CHECK-NOT: kiln.runtime_check
// CHECK-NOT: scf.for
// CHECK: linalg.fill
func.func @no_ids(%d: tensor<0x3xf32>, %i: tensor<0xi32>) -> tensor<4x3xf32> {
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = 4 : i64} : (tensor<0x3xf32>, tensor<0xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that check_numerics looks for NaN, then for infinities, reporting
// positions only, and passes its operand through.
// CHECK-LABEL: func.func @check_numerics
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: arith.cmpf uno
// CHECK: kiln.runtime_check %{{[^,]+}}, %{{[^,]+}} {message = "'logits/check' (check_numerics): 5%% : Tensor had NaN values (the first at position %lld)"}
// CHECK: math.absf
// CHECK: arith.cmpf oeq, %{{.+}}, %cst
// CHECK: kiln.runtime_check %{{[^,]+}}, %{{[^,]+}} {message = "'logits/check' (check_numerics): 5%% : Tensor had Inf values (the first at position %lld)"}
// CHECK: return %[[X]]
func.func @check_numerics(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.check_numerics %x {message = "5%"} : tensor<2x3xf32> loc("logits/check")
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that ONNX-style indices accept [-5, 5) and count negative ones
// from the end.
// CHECK-LABEL: func.func @gather_wrapping
// CHECK: arith.cmpi sge, %{{.+}}, %c5_i64
// CHECK: arith.cmpi slt, %{{.+}}, %c-5_i64
// CHECK: kiln.runtime_check {{.+}} {message = "kiln.gather: indices[%lld] = %lld is not in [-5, 5)"}
// CHECK: linalg.generic
// CHECK: %[[NEGATIVE:.+]] = arith.cmpi slt, %[[INDEX:.+]], %c0
// CHECK: %[[FROM_END:.+]] = arith.addi %[[INDEX]], %c5
// CHECK: arith.select %[[NEGATIVE]], %[[FROM_END]], %[[INDEX]]
func.func @gather_wrapping(%p: tensor<5xf32>, %i: tensor<3xi64>) -> tensor<3xf32> {
  %0 = kiln.gather %p, %i {axis = 0 : i64, wrap_negative_indices} : (tensor<5xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that constant indices in range need no check, and that constant
// ones out of range keep theirs.
// CHECK-LABEL: func.func @constant_indices
// CHECK-COUNT-1: kiln.runtime_check
// CHECK-SAME: indices[%lld] = %lld is not in [0, 5)
// CHECK-NOT: kiln.runtime_check
func.func @constant_indices(%p: tensor<5xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %good = arith.constant dense<[4, 0]> : tensor<2xi32>
  %bad = arith.constant dense<[4, 5]> : tensor<2xi32>
  %0 = kiln.gather %p, %good {axis = 0 : i64} : (tensor<5xf32>, tensor<2xi32>) -> tensor<2xf32>
  %1 = kiln.gather %p, %bad {axis = 0 : i64} : (tensor<5xf32>, tensor<2xi32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Tests that check_indices reports the first index outside [0, 7) and then
// is its operand.
// CHECK-LABEL: func.func @check_indices
// CHECK-SAME: (%[[I:.+]]: tensor<3xi32>)
// CHECK: kiln.runtime_check {{.+}} {message = "'scatter' (check_indices): indices[%lld] = %lld is not in [0, 7)"}
// CHECK: return %[[I]]
func.func @check_indices(%i: tensor<3xi32>) -> tensor<3xi32> {
  %0 = kiln.check_indices %i {lower = 0 : i64, upper = 7 : i64} : tensor<3xi32> loc("scatter")
  return %0 : tensor<3xi32>
}
