// RUN: kiln-opt --split-input-file --canonicalize %s | FileCheck %s

// Tests that relu folds a float constant, zeroing the negative elements.
// CHECK-LABEL: func.func @relu_f32
// CHECK: %[[C:.+]] = kiln.constant dense<[0.000000e+00, 0.000000e+00, 1.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NOT: kiln.relu
// CHECK: return %[[C]]
func.func @relu_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-2.0, 0.0, 1.0, 4.0]> : tensor<4xf32>
  %0 = kiln.relu %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that relu folds signed integers and leaves large ui8 values alone.
// CHECK-LABEL: func.func @relu_int
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[0, 0, 2, 5]> : tensor<4xi32>
// CHECK-DAG: %[[U:.+]] = kiln.constant dense<[0, 200, 255]> : tensor<3xui8>
// CHECK-NOT: kiln.relu
// CHECK: return %[[I]], %[[U]]
func.func @relu_int() -> (tensor<4xi32>, tensor<3xui8>) {
  %i = kiln.constant dense<[-3, 0, 2, 5]> : tensor<4xi32>
  %0 = kiln.relu %i : tensor<4xi32>
  %u = kiln.constant dense<[0, 200, 255]> : tensor<3xui8>
  %1 = kiln.relu %u : tensor<3xui8>
  return %0, %1 : tensor<4xi32>, tensor<3xui8>
}

// -----

// Tests that neg folds floats (producing -0.0 from 0.0) and integers.
// CHECK-LABEL: func.func @neg
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[2.000000e+00, -0.000000e+00, -1.500000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[3, 0, -2]> : tensor<3xi32>
// CHECK-NOT: kiln.neg
// CHECK: return %[[F]], %[[I]]
func.func @neg() -> (tensor<3xf32>, tensor<3xi32>) {
  %f = kiln.constant dense<[-2.0, 0.0, 1.5]> : tensor<3xf32>
  %0 = kiln.neg %f : tensor<3xf32>
  %i = kiln.constant dense<[-3, 0, 2]> : tensor<3xi32>
  %1 = kiln.neg %i : tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}

// -----

// Tests that neg of the most negative i8 wraps around to itself.
// CHECK-LABEL: func.func @neg_i8_min
// CHECK: %[[C:.+]] = kiln.constant dense<[-128, -16]> : tensor<2xi8>
// CHECK-NOT: kiln.neg
// CHECK: return %[[C]]
func.func @neg_i8_min() -> tensor<2xi8> {
  %c = kiln.constant dense<[-128, 16]> : tensor<2xi8>
  %0 = kiln.neg %c : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that abs folds floats and integers.
// CHECK-LABEL: func.func @abs
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[2.500000e+00, 0.000000e+00, 1.000000e+00]> : tensor<3xf64>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[7, 0, 7]> : tensor<3xi64>
// CHECK-NOT: kiln.abs
// CHECK: return %[[F]], %[[I]]
func.func @abs() -> (tensor<3xf64>, tensor<3xi64>) {
  %f = kiln.constant dense<[-2.5, -0.0, 1.0]> : tensor<3xf64>
  %0 = kiln.abs %f : tensor<3xf64>
  %i = kiln.constant dense<[-7, 0, 7]> : tensor<3xi64>
  %1 = kiln.abs %i : tensor<3xi64>
  return %0, %1 : tensor<3xf64>, tensor<3xi64>
}

// -----

// Tests that square folds floats and integers, wrapping on i8 overflow.
// CHECK-LABEL: func.func @square
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[4.000000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<[9, 121, 0]> : tensor<3xi8>
// CHECK-NOT: kiln.square
// CHECK: return %[[F]], %[[I]]
func.func @square() -> (tensor<2xf32>, tensor<3xi8>) {
  %f = kiln.constant dense<[-2.0, 0.5]> : tensor<2xf32>
  %0 = kiln.square %f : tensor<2xf32>
  %i = kiln.constant dense<[-3, 11, 16]> : tensor<3xi8>
  %1 = kiln.square %i : tensor<3xi8>
  return %0, %1 : tensor<2xf32>, tensor<3xi8>
}

// -----

// Tests that sigmoid folds to values rounded to f32.
// CHECK-LABEL: func.func @sigmoid
// CHECK: %[[C:.+]] = kiln.constant dense<[0.119202919, 5.000000e-01, 0.731058597, 0.982013761]> : tensor<4xf32>
// CHECK-NOT: kiln.sigmoid
// CHECK: return %[[C]]
func.func @sigmoid() -> tensor<4xf32> {
  %c = kiln.constant dense<[-2.0, 0.0, 1.0, 4.0]> : tensor<4xf32>
  %0 = kiln.sigmoid %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that tanh folds to values rounded to f32.
// CHECK-LABEL: func.func @tanh
// CHECK: %[[C:.+]] = kiln.constant dense<[-0.964027583, 0.000000e+00, 0.761594176, 0.999329328]> : tensor<4xf32>
// CHECK-NOT: kiln.tanh
// CHECK: return %[[C]]
func.func @tanh() -> tensor<4xf32> {
  %c = kiln.constant dense<[-2.0, 0.0, 1.0, 4.0]> : tensor<4xf32>
  %0 = kiln.tanh %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that exp folds to values rounded to f32.
// CHECK-LABEL: func.func @exp
// CHECK: %[[C:.+]] = kiln.constant dense<[0.135335281, 1.000000e+00, 2.71828175, 54.5981483]> : tensor<4xf32>
// CHECK-NOT: kiln.exp
// CHECK: return %[[C]]
func.func @exp() -> tensor<4xf32> {
  %c = kiln.constant dense<[-2.0, 0.0, 1.0, 4.0]> : tensor<4xf32>
  %0 = kiln.exp %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that exp folds f16 by computing in double and rounding once.
// CHECK-LABEL: func.func @exp_f16
// CHECK: %[[C:.+]] = kiln.constant dense<[2.718750e+00, 7.390630e+00]> : tensor<2xf16>
// CHECK-NOT: kiln.exp
// CHECK: return %[[C]]
func.func @exp_f16() -> tensor<2xf16> {
  %c = kiln.constant dense<[1.0, 2.0]> : tensor<2xf16>
  %0 = kiln.exp %c : tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// Tests that log folds, giving -inf for zero.
// CHECK-LABEL: func.func @log
// CHECK: %[[C:.+]] = kiln.constant dense<[0xFF800000, 0.000000e+00, 1.38629436]> : tensor<3xf32>
// CHECK-NOT: kiln.log
// CHECK: return %[[C]]
func.func @log() -> tensor<3xf32> {
  %c = kiln.constant dense<[0.0, 1.0, 4.0]> : tensor<3xf32>
  %0 = kiln.log %c : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that sqrt folds f32 and f64 constants.
// CHECK-LABEL: func.func @sqrt
// CHECK-DAG: %[[F:.+]] = kiln.constant dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 1.41421354]> : tensor<4xf32>
// CHECK-DAG: %[[D:.+]] = kiln.constant dense<1.4142135623730951> : tensor<f64>
// CHECK-NOT: kiln.sqrt
// CHECK: return %[[F]], %[[D]]
func.func @sqrt() -> (tensor<4xf32>, tensor<f64>) {
  %f = kiln.constant dense<[0.0, 1.0, 4.0, 2.0]> : tensor<4xf32>
  %0 = kiln.sqrt %f : tensor<4xf32>
  %d = kiln.constant dense<2.0> : tensor<f64>
  %1 = kiln.sqrt %d : tensor<f64>
  return %0, %1 : tensor<4xf32>, tensor<f64>
}

// -----

// Tests that rsqrt folds, giving +inf for zero.
// CHECK-LABEL: func.func @rsqrt
// CHECK: %[[C:.+]] = kiln.constant dense<[1.000000e+00, 5.000000e-01, 2.000000e+00, 0x7F800000]> : tensor<4xf32>
// CHECK-NOT: kiln.rsqrt
// CHECK: return %[[C]]
func.func @rsqrt() -> tensor<4xf32> {
  %c = kiln.constant dense<[1.0, 4.0, 0.25, 0.0]> : tensor<4xf32>
  %0 = kiln.rsqrt %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that sigmoid folds a bf16 splat to a bf16 splat.
// CHECK-LABEL: func.func @sigmoid_bf16_splat
// CHECK: %[[C:.+]] = kiln.constant dense<5.000000e-01> : tensor<2x3xbf16>
// CHECK-NOT: kiln.sigmoid
// CHECK: return %[[C]]
func.func @sigmoid_bf16_splat() -> tensor<2x3xbf16> {
  %c = kiln.constant dense<0.0> : tensor<2x3xbf16>
  %0 = kiln.sigmoid %c : tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// -----

// Tests that neg(neg x) folds to x.
// CHECK-LABEL: func.func @neg_neg
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NOT: kiln.neg
// CHECK: return %[[X]]
func.func @neg_neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  %1 = kiln.neg %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Tests that relu(relu x) folds to a single relu.
// CHECK-LABEL: func.func @relu_relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x8xi32>)
// CHECK: %[[R:.+]] = kiln.relu %[[X]] : tensor<?x8xi32>
// CHECK-NOT: kiln.relu
// CHECK: return %[[R]]
func.func @relu_relu(%x: tensor<?x8xi32>) -> tensor<?x8xi32> {
  %0 = kiln.relu %x : tensor<?x8xi32>
  %1 = kiln.relu %0 : tensor<?x8xi32>
  return %1 : tensor<?x8xi32>
}

// -----

// Tests that abs(abs x) folds to a single abs.
// CHECK-LABEL: func.func @abs_abs
// CHECK-SAME: (%[[X:.+]]: tensor<f16>)
// CHECK: %[[A:.+]] = kiln.abs %[[X]] : tensor<f16>
// CHECK-NOT: kiln.abs
// CHECK: return %[[A]]
func.func @abs_abs(%x: tensor<f16>) -> tensor<f16> {
  %0 = kiln.abs %x : tensor<f16>
  %1 = kiln.abs %0 : tensor<f16>
  return %1 : tensor<f16>
}

// -----

// Tests that unrelated unary chains are kept: neg(abs x) and square(square x).
// CHECK-LABEL: func.func @no_chain_fold
// CHECK: kiln.abs
// CHECK: kiln.neg
// CHECK: kiln.square
// CHECK: kiln.square
func.func @no_chain_fold(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.abs %x : tensor<4xf32>
  %1 = kiln.neg %0 : tensor<4xf32>
  %2 = kiln.square %x : tensor<4xf32>
  %3 = kiln.square %2 : tensor<4xf32>
  return %1, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that constants of up to 4096 elements fold and larger ones do not.
// CHECK-LABEL: func.func @fold_limit
// CHECK-DAG: %[[BIG:.+]] = kiln.constant dense<-1.000000e+00> : tensor<4097xf32>
// CHECK-DAG: %[[FOLDED:.+]] = kiln.constant dense<0.000000e+00> : tensor<4096xf32>
// CHECK: %[[R:.+]] = kiln.relu %[[BIG]] : tensor<4097xf32>
// CHECK: return %[[FOLDED]], %[[R]]
func.func @fold_limit() -> (tensor<4096xf32>, tensor<4097xf32>) {
  %c = kiln.constant dense<-1.0> : tensor<4096xf32>
  %0 = kiln.relu %c : tensor<4096xf32>
  %d = kiln.constant dense<-1.0> : tensor<4097xf32>
  %1 = kiln.relu %d : tensor<4097xf32>
  return %0, %1 : tensor<4096xf32>, tensor<4097xf32>
}

// -----

// Tests that floor, ceil and round fold, round taking ties to even.
// CHECK-LABEL: func.func @rounding
// CHECK-DAG: kiln.constant dense<[-3.000000e+00, -1.000000e+00, 2.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK-DAG: kiln.constant dense<[-2.000000e+00, -0.000000e+00, 3.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-DAG: kiln.constant dense<[-2.000000e+00, -0.000000e+00, 2.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK-NOT: kiln.floor
// CHECK-NOT: kiln.ceil
// CHECK-NOT: kiln.round
func.func @rounding() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = kiln.constant dense<[-2.5, -0.5, 2.5, 0.25]> : tensor<4xf32>
  %0 = kiln.floor %c : tensor<4xf32>
  %1 = kiln.ceil %c : tensor<4xf32>
  %2 = kiln.round %c : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Tests that sign folds floats, signed and unsigned integers.
// CHECK-LABEL: func.func @sign
// CHECK-DAG: kiln.constant dense<[-1.000000e+00, 0.000000e+00, 1.000000e+00]> : tensor<3xf32>
// CHECK-DAG: kiln.constant dense<[-1, 0, 1]> : tensor<3xi32>
// CHECK-DAG: kiln.constant dense<[0, 1, 1]> : tensor<3xui8>
// CHECK-NOT: kiln.sign
func.func @sign() -> (tensor<3xf32>, tensor<3xi32>, tensor<3xui8>) {
  %f = kiln.constant dense<[-7.5, 0.0, 1.0e-30]> : tensor<3xf32>
  %0 = kiln.sign %f : tensor<3xf32>
  %i = kiln.constant dense<[-40, 0, 9]> : tensor<3xi32>
  %1 = kiln.sign %i : tensor<3xi32>
  %u = kiln.constant dense<[0, 1, 200]> : tensor<3xui8>
  %2 = kiln.sign %u : tensor<3xui8>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xi32>, tensor<3xui8>
}

// -----

// Tests that sin and cos fold.
// CHECK-LABEL: func.func @trig
// CHECK-DAG: kiln.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf64>
// CHECK-DAG: kiln.constant dense<[1.000000e+00, 6.123{{[0-9]+}}E-17]> : tensor<2xf64>
// CHECK-NOT: kiln.sin
// CHECK-NOT: kiln.cos
func.func @trig() -> (tensor<2xf64>, tensor<2xf64>) {
  %c = kiln.constant dense<[0.0, 1.5707963267948966]> : tensor<2xf64>
  %0 = kiln.sin %c : tensor<2xf64>
  %1 = kiln.cos %c : tensor<2xf64>
  return %0, %1 : tensor<2xf64>, tensor<2xf64>
}
