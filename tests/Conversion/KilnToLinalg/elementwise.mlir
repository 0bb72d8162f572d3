// RUN: kiln-opt --split-input-file --convert-kiln-to-linalg %s | FileCheck %s

// Tests that relu on floats becomes one parallel generic taking the maximum
// with 0.0 (arith.maximumf, which propagates NaN).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu_f32
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[MAX:.+]] = arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[MAX]] : f32
// CHECK-NEXT: } -> tensor<4x8xf32>
// CHECK-NOT: kiln.
// CHECK: return %[[R]]
func.func @relu_f32(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.relu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that relu on signed integers takes a signed maximum with 0.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @relu_i32
// CHECK-SAME: (%[[X:.+]]: tensor<4xi32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel"]} ins(%[[X]] : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT: %[[MAX:.+]] = arith.maxsi %[[IN]], %[[ZERO]] : i32
// CHECK-NEXT: linalg.yield %[[MAX]] : i32
func.func @relu_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.relu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that sigmoid is decomposed into 1 / (1 + exp(-x)) in one generic.
// CHECK-LABEL: func.func @sigmoid
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[X]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[NEG:.+]] = arith.negf %[[IN]] : f32
// CHECK-NEXT: %[[EXP:.+]] = math.exp %[[NEG]] : f32
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[DEN:.+]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK-NEXT: %[[ONE2:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[RES:.+]] = arith.divf %[[ONE2]], %[[DEN]] : f32
// CHECK-NEXT: linalg.yield %[[RES]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that the float unary ops map to their math / arith counterparts, one
// generic each.
// CHECK-LABEL: func.func @float_unary
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[TANH:.+]] = linalg.generic {{.+}} ins(%[[X]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.tanh %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[EXP:.+]] = linalg.generic {{.+}} ins(%[[TANH]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.exp %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[LOG:.+]] = linalg.generic {{.+}} ins(%[[EXP]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.log %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[SQRT:.+]] = linalg.generic {{.+}} ins(%[[LOG]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.sqrt %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[RSQRT:.+]] = linalg.generic {{.+}} ins(%[[SQRT]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.rsqrt %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[NEG:.+]] = linalg.generic {{.+}} ins(%[[RSQRT]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = arith.negf %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[ABS:.+]] = linalg.generic {{.+}} ins(%[[NEG]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = math.absf %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[SQ:.+]] = linalg.generic {{.+}} ins(%[[ABS]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[V:.+]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: return %[[SQ]]
func.func @float_unary(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.tanh %x : tensor<4xf32>
  %1 = kiln.exp %0 : tensor<4xf32>
  %2 = kiln.log %1 : tensor<4xf32>
  %3 = kiln.sqrt %2 : tensor<4xf32>
  %4 = kiln.rsqrt %3 : tensor<4xf32>
  %5 = kiln.neg %4 : tensor<4xf32>
  %6 = kiln.abs %5 : tensor<4xf32>
  %7 = kiln.square %6 : tensor<4xf32>
  return %7 : tensor<4xf32>
}

// -----

// Tests that integer neg is 0 - x, abs is math.absi and square is x * x.
// CHECK-LABEL: func.func @int_unary
// CHECK-SAME: (%[[X:.+]]: tensor<4xi32>)
// CHECK-NOT: kiln.
// CHECK: %[[NEG:.+]] = linalg.generic {{.+}} ins(%[[X]] : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V:.+]] = arith.subi %[[ZERO]], %[[IN]] : i32
// CHECK-NEXT: linalg.yield %[[V]] : i32
// CHECK: %[[ABS:.+]] = linalg.generic {{.+}} ins(%[[NEG]] : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: %[[V:.+]] = math.absi %[[IN]] : i32
// CHECK-NEXT: linalg.yield %[[V]] : i32
// CHECK: %[[SQ:.+]] = linalg.generic {{.+}} ins(%[[ABS]] : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: %[[V:.+]] = arith.muli %[[IN]], %[[IN]] : i32
// CHECK-NEXT: linalg.yield %[[V]] : i32
// CHECK: return %[[SQ]]
func.func @int_unary(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.neg %x : tensor<4xi32>
  %1 = kiln.abs %0 : tensor<4xi32>
  %2 = kiln.square %1 : tensor<4xi32>
  return %2 : tensor<4xi32>
}

// -----

// Tests that a rank-1 operand broadcasts against a rank-2 one by reading only
// the innermost loop.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_rank1_rank2
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]]
func.func @add_rank1_rank2(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.add %x, %y : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that size-1 dimensions that broadcast read index 0 (an outer
// difference of a column and a row).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @sub_size1_dims
// CHECK-SAME: (%[[X:.+]]: tensor<4x1xf32>, %[[Y:.+]]: tensor<1x8xf32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : tensor<4x1xf32>, tensor<1x8xf32>) outs(%{{.+}} : tensor<4x8xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.subf %[[A]], %[[B]] : f32
func.func @sub_size1_dims(%x: tensor<4x1xf32>, %y: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.sub %x, %y : (tensor<4x1xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that a size-1 dimension that the result also has is read as a loop
// index, not as a constant 0.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @mul_size1_kept
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xi32>, %[[Y:.+]]: tensor<8xi32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : tensor<1x8xi32>, tensor<8xi32>) outs(%{{.+}} : tensor<1x8xi32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: arith.muli %[[A]], %[[B]] : i32
func.func @mul_size1_kept(%x: tensor<1x8xi32>, %y: tensor<8xi32>) -> tensor<1x8xi32> {
  %0 = kiln.mul %x, %y : (tensor<1x8xi32>, tensor<8xi32>) -> tensor<1x8xi32>
  return %0 : tensor<1x8xi32>
}

// -----

// Tests that a rank-0 operand broadcasts with an empty-result map.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$SCALAR:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mul_scalar
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[S:.+]]: tensor<f32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]], %[[X]] : tensor<f32>, tensor<4x8xf32>) outs(%{{.+}} : tensor<4x8xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.mulf %[[A]], %[[B]] : f32
func.func @mul_scalar(%x: tensor<4x8xf32>, %s: tensor<f32>) -> tensor<4x8xf32> {
  %0 = kiln.mul %s, %x : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that integer division is signed (truncating toward zero), after
// checks of its divisors for zeros and of the operands for INT_MIN / -1,
// and that float division is divf, unchecked.
// CHECK-LABEL: func.func @div
// CHECK-SAME: (%[[I:.+]]: tensor<4xi32>, %[[J:.+]]: tensor<4xi32>, %[[F:.+]]: tensor<4xf32>, %[[G:.+]]: tensor<4xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[J]] : tensor<4xi32>)
// CHECK: arith.cmpi eq
// CHECK: kiln.runtime_check %{{[^,]+}}, %{{[^,]+}} {message = "kiln.div: Integer division by zero (divisor element %lld)"}
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK: %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK: %[[MINUS_ONE:.+]] = arith.constant -1 : i32
// CHECK: kiln.runtime_check %{{[^,]+}}, %{{[^,]+}} {message = "kiln.div: Integer division overflows (the minimum value divided by -1 at element %lld of the result)"}
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: arith.divsi %[[A]], %[[B]] : i32
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.divf %[[A]], %[[B]] : f32
func.func @div(%i: tensor<4xi32>, %j: tensor<4xi32>, %f: tensor<4xf32>, %g: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.div %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.div %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi32>, tensor<4xf32>
}

// -----

// Tests that constant divisors with no zero (and, signed, no -1) need no
// check, and that unsigned division checks only for zeros.
// CHECK-LABEL: func.func @div_checks
// CHECK-COUNT-1: kiln.runtime_check
// CHECK-SAME: Integer division overflows
// CHECK: kiln.runtime_check
// CHECK-SAME: Integer division by zero
// CHECK-NOT: kiln.runtime_check
// CHECK: return
func.func @div_checks(%i: tensor<4xi32>, %u: tensor<4xui8>, %v: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xui8>) {
  %three = kiln.constant dense<3> : tensor<i32>
  %minus = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.div %i, %three : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %1 = kiln.div %i, %minus : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %2 = kiln.div %u, %v : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xui8>
}

// -----

// Tests that maximum / minimum use the NaN-propagating float ops and the
// signed integer ops.
// CHECK-LABEL: func.func @max_min
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[G:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi64>, %[[J:.+]]: tensor<4xi64>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.maximumf %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: arith.minimumf %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi64>, tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i64, %[[B:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT: arith.maxsi %[[A]], %[[B]] : i64
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi64>, tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i64, %[[B:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT: arith.minsi %[[A]], %[[B]] : i64
func.func @max_min(%f: tensor<4xf32>, %g: tensor<4xf32>, %i: tensor<4xi64>, %j: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>) {
  %0 = kiln.maximum %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.minimum %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = kiln.maximum %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %3 = kiln.minimum %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>
}

// -----

// Tests that pow is math.powf on floats and math.ipowi on integers.
// CHECK-LABEL: func.func @pow
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[G:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>, %[[J:.+]]: tensor<4xi32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: math.powf %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT: math.ipowi %[[A]], %[[B]] : i32
func.func @pow(%f: tensor<4xf32>, %g: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = kiln.pow %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.pow %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xf32>, tensor<4xi32>
}

// -----

// Tests the comparison predicates: ordered for floats (NaN compares false),
// signed for integers, eq for bools; results are i1 tensors.
// CHECK-LABEL: func.func @compare
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[G:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>, %[[J:.+]]: tensor<4xi32>, %[[P:.+]]: tensor<4xi1>, %[[Q:.+]]: tensor<4xi1>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpf oeq, %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[F]], %[[G]] : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpf ogt, %[[A]], %[[B]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpi eq, %[[A]], %[[B]] : i32
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpi slt, %[[A]], %[[B]] : i32
// CHECK: linalg.generic {{.+}} ins(%[[I]], %[[J]] : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i32, %[[B:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpi sgt, %[[A]], %[[B]] : i32
// CHECK: linalg.generic {{.+}} ins(%[[P]], %[[Q]] : tensor<4xi1>, tensor<4xi1>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: i1, %[[B:.+]]: i1, %{{.+}}: i1):
// CHECK-NEXT: arith.cmpi eq, %[[A]], %[[B]] : i1
func.func @compare(%f: tensor<4xf32>, %g: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>, %p: tensor<4xi1>, %q: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.equal %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = kiln.less %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %2 = kiln.greater %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %3 = kiln.equal %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %4 = kiln.less %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %5 = kiln.greater %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %6 = kiln.equal %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Tests that select broadcasts all three operands (SelectV2) and picks with
// arith.select.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.+]]: tensor<4x1xi1>, %[[T:.+]]: tensor<4x3xf32>, %[[F:.+]]: tensor<3xf32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[C]], %[[T]], %[[F]] : tensor<4x1xi1>, tensor<4x3xf32>, tensor<3xf32>) outs(%{{.+}} : tensor<4x3xf32>)
// CHECK-NEXT: ^bb0(%[[CI:.+]]: i1, %[[TI:.+]]: f32, %[[FI:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[S:.+]] = arith.select %[[CI]], %[[TI]], %[[FI]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
func.func @select(%c: tensor<4x1xi1>, %t: tensor<4x3xf32>, %f: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.select %c, %t, %f : (tensor<4x1xi1>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that casts between floats and integers truncate toward zero
// (fptosi) and convert signed integers with sitofp.
// CHECK-LABEL: func.func @cast_float_int
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: i32):
// CHECK-NEXT: arith.fptosi %[[IN]] : f32 to i32
// CHECK: linalg.generic {{.+}} ins(%[[I]] : tensor<4xi32>) outs(%{{.+}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: f32):
// CHECK-NEXT: arith.sitofp %[[IN]] : i32 to f32
// CHECK: linalg.generic {{.+}} ins(%[[F]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xi8>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: i8):
// CHECK-NEXT: arith.fptosi %[[IN]] : f32 to i8
func.func @cast_float_int(%f: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xi8>) {
  %0 = kiln.cast %f : (tensor<4xf32>) -> tensor<4xi32>
  %1 = kiln.cast %i : (tensor<4xi32>) -> tensor<4xf32>
  %2 = kiln.cast %f : (tensor<4xf32>) -> tensor<4xi8>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xf32>, tensor<4xi8>
}

// -----

// Tests that float-to-float casts extend or truncate by width.
// CHECK-LABEL: func.func @cast_float_float
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[D:.+]]: tensor<4xf64>, %[[H:.+]]: tensor<4xf16>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f64):
// CHECK-NEXT: arith.extf %[[IN]] : f32 to f64
// CHECK: linalg.generic {{.+}} ins(%[[D]] : tensor<4xf64>) outs(%{{.+}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f64, %{{.+}}: f32):
// CHECK-NEXT: arith.truncf %[[IN]] : f64 to f32
// CHECK: linalg.generic {{.+}} ins(%[[H]] : tensor<4xf16>) outs(%{{.+}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f16, %{{.+}}: f32):
// CHECK-NEXT: arith.extf %[[IN]] : f16 to f32
// CHECK: linalg.generic {{.+}} ins(%[[F]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: bf16):
// CHECK-NEXT: arith.truncf %[[IN]] : f32 to bf16
func.func @cast_float_float(%f: tensor<4xf32>, %d: tensor<4xf64>, %h: tensor<4xf16>) -> (tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xbf16>) {
  %0 = kiln.cast %f : (tensor<4xf32>) -> tensor<4xf64>
  %1 = kiln.cast %d : (tensor<4xf64>) -> tensor<4xf32>
  %2 = kiln.cast %h : (tensor<4xf16>) -> tensor<4xf32>
  %3 = kiln.cast %f : (tensor<4xf32>) -> tensor<4xbf16>
  return %0, %1, %2, %3 : tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xbf16>
}

// -----

// Tests that integer-to-integer casts truncate or sign-extend by width.
// CHECK-LABEL: func.func @cast_int_int
// CHECK-SAME: (%[[L:.+]]: tensor<4xi64>, %[[I:.+]]: tensor<4xi32>, %[[B:.+]]: tensor<4xi8>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[L]] : tensor<4xi64>) outs(%{{.+}} : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i64, %{{.+}}: i32):
// CHECK-NEXT: arith.trunci %[[IN]] : i64 to i32
// CHECK: linalg.generic {{.+}} ins(%[[I]] : tensor<4xi32>) outs(%{{.+}} : tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i64):
// CHECK-NEXT: arith.extsi %[[IN]] : i32 to i64
// CHECK: linalg.generic {{.+}} ins(%[[B]] : tensor<4xi8>) outs(%{{.+}} : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i8, %{{.+}}: i32):
// CHECK-NEXT: arith.extsi %[[IN]] : i8 to i32
func.func @cast_int_int(%l: tensor<4xi64>, %i: tensor<4xi32>, %b: tensor<4xi8>) -> (tensor<4xi32>, tensor<4xi64>, tensor<4xi32>) {
  %0 = kiln.cast %l : (tensor<4xi64>) -> tensor<4xi32>
  %1 = kiln.cast %i : (tensor<4xi32>) -> tensor<4xi64>
  %2 = kiln.cast %b : (tensor<4xi8>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi64>, tensor<4xi32>
}

// -----

// Tests bool casts: to bool is x != 0 (cmpf une, so NaN is true; cmpi ne),
// from bool is 0 or 1 (uitofp, extui).
// CHECK-LABEL: func.func @cast_bool
// CHECK-SAME: (%[[F:.+]]: tensor<4xf32>, %[[I:.+]]: tensor<4xi32>, %[[B:.+]]: tensor<4xi1>)
// CHECK-NOT: kiln.
// CHECK: linalg.generic {{.+}} ins(%[[F]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: arith.cmpf une, %[[IN]], %[[ZERO]] : f32
// CHECK: linalg.generic {{.+}} ins(%[[I]] : tensor<4xi32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT: arith.cmpi ne, %[[IN]], %[[ZERO]] : i32
// CHECK: linalg.generic {{.+}} ins(%[[B]] : tensor<4xi1>) outs(%{{.+}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i1, %{{.+}}: f32):
// CHECK-NEXT: arith.uitofp %[[IN]] : i1 to f32
// CHECK: linalg.generic {{.+}} ins(%[[B]] : tensor<4xi1>) outs(%{{.+}} : tensor<4xi32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: i1, %{{.+}}: i32):
// CHECK-NEXT: arith.extui %[[IN]] : i1 to i32
func.func @cast_bool(%f: tensor<4xf32>, %i: tensor<4xi32>, %b: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) {
  %0 = kiln.cast %f : (tensor<4xf32>) -> tensor<4xi1>
  %1 = kiln.cast %i : (tensor<4xi32>) -> tensor<4xi1>
  %2 = kiln.cast %b : (tensor<4xi1>) -> tensor<4xf32>
  %3 = kiln.cast %b : (tensor<4xi1>) -> tensor<4xi32>
  return %0, %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>
}

// -----

// Tests that bias_add reads the bias along the innermost (channel) loop of an
// NHWC value.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CHANNEL:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @bias_add
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x3x8xf32>, %[[B:.+]]: tensor<8xf32>)
// CHECK-NOT: kiln.
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<2x3x3x8xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$CHANNEL]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[B]] : tensor<2x3x3x8xf32>, tensor<8xf32>) outs(%[[INIT]] : tensor<2x3x3x8xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.+]]: f32, %[[BI:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[XI]], %[[BI]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]]
func.func @bias_add(%x: tensor<2x3x3x8xf32>, %b: tensor<8xf32>) -> tensor<2x3x3x8xf32> {
  %0 = kiln.bias_add %x, %b : (tensor<2x3x3x8xf32>, tensor<8xf32>) -> tensor<2x3x3x8xf32>
  return %0 : tensor<2x3x3x8xf32>
}

// -----

// Tests that kiln.constant becomes arith.constant with the same dense value.
// CHECK-LABEL: func.func @constant
// CHECK-NOT: kiln.
// CHECK: %[[C:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[B:.+]] = arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK: return %[[C]], %[[B]]
func.func @constant() -> (tensor<2x2xf32>, tensor<2xi1>) {
  %0 = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %1 = kiln.constant dense<[true, false]> : tensor<2xi1>
  return %0, %1 : tensor<2x2xf32>, tensor<2xi1>
}

// -----

// Tests that a splat constant above 64 KiB (a Fill of constant dims) is
// filled when the step runs instead of becoming a global of that size,
// while one of exactly 64 KiB stays a constant.
// CHECK-LABEL: func.func @large_splats
// CHECK: %[[HALF:.+]] = arith.constant 1.500000e+00 : f32
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<8388608x2097152xf32>
// CHECK: %[[FILL:.+]] = linalg.fill ins(%[[HALF]] : f32) outs(%[[EMPTY]] : tensor<8388608x2097152xf32>)
// CHECK: %[[SMALL:.+]] = arith.constant dense<2.000000e+00> : tensor<128x128xf32>
// CHECK: %[[SEVEN:.+]] = arith.constant 7 : i64
// CHECK: %[[EMPTY_I:.+]] = tensor.empty() : tensor<8193xi64>
// CHECK: %[[FILL_I:.+]] = linalg.fill ins(%[[SEVEN]] : i64) outs(%[[EMPTY_I]] : tensor<8193xi64>)
// CHECK: return %[[FILL]], %[[SMALL]], %[[FILL_I]]
func.func @large_splats() -> (tensor<8388608x2097152xf32>, tensor<128x128xf32>, tensor<8193xi64>) {
  %0 = kiln.constant dense<1.5> : tensor<8388608x2097152xf32>
  %1 = kiln.constant dense<2.0> : tensor<128x128xf32>
  %2 = kiln.constant dense<7> : tensor<8193xi64>
  return %0, %1, %2 : tensor<8388608x2097152xf32>, tensor<128x128xf32>, tensor<8193xi64>
}
