// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file --mlir-print-op-generic %s | kiln-opt --split-input-file | FileCheck %s

// Tests a gather along an inner axis with 2-D indices: the result holds
// the indices' shape in place of that axis.
// CHECK-LABEL: func.func @gather_inner_axis
// CHECK: kiln.gather %{{.+}}, %{{.+}} {axis = 1 : i64} : (tensor<4x5x6xf32>, tensor<2x3xi64>) -> tensor<4x2x3x6xf32>
func.func @gather_inner_axis(%p: tensor<4x5x6xf32>, %i: tensor<2x3xi64>) -> tensor<4x2x3x6xf32> {
  %0 = kiln.gather %p, %i {axis = 1 : i64} : (tensor<4x5x6xf32>, tensor<2x3xi64>) -> tensor<4x2x3x6xf32>
  return %0 : tensor<4x2x3x6xf32>
}

// -----

// Tests a scalar index (the axis disappears), a negative axis and a
// dynamic dimension.
// CHECK-LABEL: func.func @gather_scalar_index
// CHECK: kiln.gather %{{.+}}, %{{.+}} {axis = -1 : i64} : (tensor<?x5xi32>, tensor<i32>) -> tensor<?xi32>
func.func @gather_scalar_index(%p: tensor<?x5xi32>, %i: tensor<i32>) -> tensor<?xi32> {
  %0 = kiln.gather %p, %i {axis = -1 : i64} : (tensor<?x5xi32>, tensor<i32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// Tests segment sums over 2-D ids (the leading dims of data) and over
// ids covering all of data.
// CHECK-LABEL: func.func @segment_sums
// CHECK: kiln.unsorted_segment_sum %{{.+}}, %{{.+}} {num_segments = 7 : i64} : (tensor<2x3x4xf32>, tensor<2x3xi32>) -> tensor<7x4xf32>
// CHECK: kiln.unsorted_segment_sum %{{.+}}, %{{.+}} {num_segments = 0 : i64} : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<0xi64>
func.func @segment_sums(%d: tensor<2x3x4xf32>, %i: tensor<2x3xi32>, %n: tensor<2x3xi64>) -> (tensor<7x4xf32>, tensor<0xi64>) {
  %0 = kiln.unsorted_segment_sum %d, %i {num_segments = 7 : i64} : (tensor<2x3x4xf32>, tensor<2x3xi32>) -> tensor<7x4xf32>
  %1 = kiln.unsorted_segment_sum %n, %n {num_segments = 0 : i64} : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<0xi64>
  return %0, %1 : tensor<7x4xf32>, tensor<0xi64>
}

// -----

// Tests check_numerics and the scalar runtime_check it lowers to.
// CHECK-LABEL: func.func @checks
// CHECK: kiln.check_numerics %{{.+}} {message = "logits"} : tensor<3xf32>
// CHECK: kiln.runtime_check %{{.+}}, %{{.+}}, %{{.+}} {message = "x[%lld] = %lld, 100%% wrong"}
// CHECK: kiln.runtime_check %{{.+}} {message = "no values"}
func.func @checks(%x: tensor<3xf32>, %bad: i1, %a: i64, %b: i64) -> tensor<3xf32> {
  %0 = kiln.check_numerics %x {message = "logits"} : tensor<3xf32>
  kiln.runtime_check %bad, %a, %b {message = "x[%lld] = %lld, 100%% wrong"}
  kiln.runtime_check %bad {message = "no values"}
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @check_indices
// CHECK: kiln.check_indices %{{.+}} {lower = 0 : i64, upper = 7 : i64} : tensor<3xi64>
func.func @check_indices(%i: tensor<3xi64>) -> tensor<3xi64> {
  %0 = kiln.check_indices %i {lower = 0 : i64, upper = 7 : i64} : tensor<3xi64>
  return %0 : tensor<3xi64>
}
