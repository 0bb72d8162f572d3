//===- OpEmitter.h - kiln op formulas shared by the importers ---*- C++ -*-===//
//
// Both importers write many foreign ops as formulas over kiln's own ops:
// padding as slices and concats, erf as a rational approximation, resizes
// as interpolation matrices. An OpEmitter holds the builder and location of
// the node being converted and emits those formulas once for every
// frontend; each frontend's node class derives from it and says, through
// `fail`, how its errors name the node.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_EMIT_OPEMITTER_H
#define KILN_FRONTENDS_EMIT_OPEMITTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace kiln::frontend {

/// How `OpEmitter::padAxis` fills the new elements.
enum class PadMode {
  Constant,  // a given value
  Edge,      // the border element repeated
  Reflect,   // mirrored without the border (TF REFLECT, NumPy reflect)
  Symmetric, // mirrored with the border (TF SYMMETRIC)
  Wrap,      // the other end of the axis
};

class OpEmitter {
public:
  OpEmitter(mlir::OpBuilder &builder, mlir::Location loc)
      : builder(builder), loc(loc) {}
  virtual ~OpEmitter() = default;

  mlir::OpBuilder &builder;
  mlir::Location loc;

  /// Reports `message` as an error of the node being converted.
  virtual mlir::LogicalResult fail(const llvm::Twine &message) const = 0;

  /// The one value of `values`, read from input `i`; fails naming it as
  /// `what` when there are more or none (failure passes through).
  mlir::FailureOr<int64_t>
  onlyValue(mlir::FailureOr<llvm::SmallVector<int64_t>> values, unsigned i,
            llvm::StringRef what) const;
  /// An axis value normalized to [0, rank); fails naming it as `what`.
  mlir::FailureOr<int64_t> axis(int64_t value, int64_t rank,
                                llvm::StringRef what = "axis") const;

  /// A kiln.constant of `type` with every element `value` (float, integer
  /// or i1 element types).
  mlir::Value splat(mlir::RankedTensorType type, double value) const;
  /// A kiln.constant of `type` holding `values` (float or integer
  /// element types; integers truncate).
  mlir::Value constant(mlir::RankedTensorType type,
                       llvm::ArrayRef<double> values) const;
  /// A rank-0 constant with `like`'s element type.
  mlir::Value scalar(mlir::Value like, double value) const;
  /// A rank-1 i64 constant.
  mlir::Value int64Vector(llvm::ArrayRef<int64_t> values) const;
  /// A constant of `rank` dimensions holding 0, 1, ..., n - 1 along `at`,
  /// size 1 elsewhere.
  mlir::Value positions(int64_t n, int64_t rank, int64_t at,
                        mlir::Type element) const;

  /// `value` reshaped to `shape` (a no-op when it has it already).
  mlir::Value reshape(mlir::Value value, llvm::ArrayRef<int64_t> shape) const;
  /// The elements [begin, begin + size) of `value` along `axis`, all of
  /// the other dimensions.
  mlir::Value slice(mlir::Value value, int64_t axis, int64_t begin,
                    int64_t size) const;
  /// `value` transposed by `perm` (a no-op for the identity).
  mlir::Value transpose(mlir::Value value, llvm::ArrayRef<int64_t> perm) const;
  /// `value` with the order of its elements reversed along `axes` (a no-op
  /// for none).
  mlir::Value reverse(mlir::Value value, llvm::ArrayRef<int64_t> axes) const;
  /// `value` repeated to `size` along `axis`, where its size there is 1.
  mlir::Value broadcastAxis(mlir::Value value, int64_t axis,
                            int64_t size) const;
  /// `value` broadcast (NumPy rules) to `shape`.
  mlir::Value broadcastTo(mlir::Value value,
                          llvm::ArrayRef<int64_t> shape) const;
  /// The `count` elements start, start + step, ... of `value` along `axis`
  /// (step may be negative; all indices must lie in the dimension).
  mlir::FailureOr<mlir::Value> strided(mlir::Value value, int64_t axis,
                                       int64_t start, int64_t count,
                                       int64_t step) const;
  /// The inverse of `strided` for gradients: `value`'s `count` elements
  /// along `axis` placed at start, start + step, ... of an axis of size
  /// `dim`, zeros elsewhere.
  mlir::FailureOr<mlir::Value> unstrided(mlir::Value value, int64_t axis,
                                         int64_t start, int64_t count,
                                         int64_t step, int64_t dim) const;
  /// `value` with `before` and `after` (both >= 0) new elements along
  /// `axis`; `fill` is the rank-0 value of PadMode::Constant.
  mlir::FailureOr<mlir::Value> padAxis(mlir::Value value, int64_t axis,
                                       int64_t before, int64_t after,
                                       PadMode mode, mlir::Value fill) const;
  /// `value` as a matrix [rows, n]: `axis` (size n) moved innermost, the
  /// other dimensions folded into rows (at most one of them dynamic).
  mlir::FailureOr<mlir::Value> axisRows(mlir::Value value, int64_t axis) const;
  /// The inverse of `axisRows(like, axis)` for a matrix whose rows may
  /// have another length: the rows unfolded and the axis moved back.
  mlir::Value fromAxisRows(mlir::Value rows, mlir::Value like,
                           int64_t axis) const;
  /// `value` with axis `axis` (of size `in`) resampled to `out` elements:
  /// output o = sum_i weights[i * out + o] * input i, one matrix product.
  mlir::FailureOr<mlir::Value> resampleAxis(mlir::Value value, int64_t axis,
                                            llvm::ArrayRef<double> weights,
                                            int64_t out) const;

  /// TensorFlow's GatherNd / ONNX's GatherND with batch_dims 0: the slices
  /// of params that the last dimension of `indices` addresses (tuples into
  /// params' leading dimensions), each component checked at run time;
  /// with `wrapNegative` (ONNX) a negative component counts from the end.
  mlir::FailureOr<mlir::Value> gatherND(mlir::Value params, mlir::Value indices,
                                        bool wrapNegative) const;
  /// TensorFlow's ScatterNd: zeros of `shape` with `updates` added at the
  /// slices the index tuples address (repeated tuples add up).
  mlir::FailureOr<mlir::Value> scatterND(mlir::Value indices,
                                         mlir::Value updates,
                                         llvm::ArrayRef<int64_t> shape) const;

  /// i1 [k, k]: are rows i and j of `keys` [k, d] (integers, static
  /// shape) equal?
  mlir::Value equalRows(mlir::Value keys) const;
  /// i1 [k]: does no earlier row (`first`) or no later row (otherwise)
  /// of `keys` equal row i? From `equalRows(keys)`.
  mlir::Value uniqueAmongRows(mlir::Value equal, bool first) const;

  /// The running sum (`product` false) or product of `value` along
  /// `axis` (static size): output o combines the inputs i <= o (i >= o
  /// when `reverse`), without i == o when `exclusive`.
  mlir::FailureOr<mlir::Value> cumulative(mlir::Value value, int64_t axis,
                                          bool product, bool exclusive,
                                          bool reverse) const;
  /// The `k` largest (or smallest) elements of `value` along `axis`
  /// (static size), sorted, and their indices of `indexType`: the lower
  /// index first among equal elements, NaN larger than every number.
  mlir::FailureOr<std::pair<mlir::Value, mlir::Value>>
  topK(mlir::Value value, int64_t axis, int64_t k, bool largest,
       mlir::Type indexType) const;

  /// NumPy's matmul: 1-D operands promoted and demoted, batch dimensions
  /// broadcast.
  mlir::Value numpyMatMul(mlir::Value a, mlir::Value b) const;

  /// erf(x), absolute error below 1.5e-7.
  mlir::Value erf(mlir::Value x) const;
  /// exp(x) - 1, accurate near 0.
  mlir::Value expm1(mlir::Value x) const;
  /// log(1 + x), accurate near 0.
  mlir::Value log1p(mlir::Value x) const;
  /// log(1 + exp(x)), stable for large |x|.
  mlir::Value softplus(mlir::Value x) const;
  /// x / (1 + |x|).
  mlir::Value softsign(mlir::Value x) const;
  /// Logic on i1 tensors (NumPy broadcasting).
  mlir::Value logicalAnd(mlir::Value x, mlir::Value y) const;
  mlir::Value logicalOr(mlir::Value x, mlir::Value y) const;
  mlir::Value logicalXor(mlir::Value x, mlir::Value y) const;
  mlir::Value logicalNot(mlir::Value x) const;
  /// x rounded towards zero (float).
  mlir::Value trunc(mlir::Value x) const;
  /// Division rounding the quotient down, and the remainder that goes with
  /// it (the divisor's sign), for float and integer tensors.
  mlir::Value floorDiv(mlir::Value x, mlir::Value y) const;
  mlir::Value floorMod(mlir::Value x, mlir::Value y) const;
  /// x / y, and 0 where y is 0 (also its gradient: the division never
  /// sees a zero divisor).
  mlir::Value divNoNan(mlir::Value x, mlir::Value y) const;
  /// The remainder of division rounding towards zero (the dividend's sign,
  /// as C's fmod and %).
  mlir::Value truncMod(mlir::Value x, mlir::Value y) const;
  /// x where x > 0, `otherwise` elsewhere.
  mlir::Value wherePositive(mlir::Value x, mlir::Value otherwise) const;
  /// x where x > 0, alpha (exp(x) - 1) elsewhere; all scaled by `scale`.
  mlir::Value elu(mlir::Value x, double alpha, double scale = 1.0) const;
};

/// The product of `dims`; dynamic when any of them is.
inline int64_t productOf(llvm::ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims) {
    if (mlir::ShapedType::isDynamic(dim))
      return mlir::ShapedType::kDynamic;
    result *= dim;
  }
  return result;
}

inline mlir::RankedTensorType typeOf(mlir::Value value) {
  return llvm::cast<mlir::RankedTensorType>(value.getType());
}

/// The permutation that moves `axis` innermost, keeping the others in
/// order.
inline llvm::SmallVector<int64_t> axisInnermost(int64_t rank, int64_t axis) {
  llvm::SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  return perm;
}

inline llvm::SmallVector<int64_t>
inversePermutation(llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> inverse(perm.size());
  for (size_t d = 0; d < perm.size(); ++d)
    inverse[perm[d]] = d;
  return inverse;
}

} // namespace kiln::frontend

#endif // KILN_FRONTENDS_EMIT_OPEMITTER_H
