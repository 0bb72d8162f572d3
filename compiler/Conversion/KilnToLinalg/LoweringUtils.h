//===- LoweringUtils.h - shared builders for KilnToLinalg -------*- C++ -*-===//
//
// Private to compiler/Conversion/KilnToLinalg.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
#define KILN_COMPILER_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <functional>

namespace kiln::lowering {

using BodyBuilder = std::function<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange /*scalars*/)>;

/// An uninitialized tensor of `type` (static shape).
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type);

/// A tensor of `type` filled with the scalar `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::Value value);

/// Scalar constants of `type`: 0, 1, the lowest value (-inf for floats, the
/// minimum for integers).
mlir::Value zero(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type);
mlir::Value one(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type);
mlir::Value lowest(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type);

/// The map reading an operand of `operandShape` at the coordinates of a
/// broadcast result of rank `resultRank` (NumPy alignment; size-1 dims read
/// index 0).
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx, int64_t resultRank,
                             llvm::ArrayRef<int64_t> operandShape,
                             llvm::ArrayRef<int64_t> resultShape);

/// One linalg.generic over `resultType` that reads `operands` with NumPy
/// broadcasting and yields `body(scalars)`.
mlir::Value buildBroadcastElementwise(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::RankedTensorType resultType,
                                      mlir::ValueRange operands,
                                      const BodyBuilder &body);

/// Element-wise scalar arithmetic honoring float / signed / unsigned types.
mlir::Value addScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y);
mlir::Value subScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y);
mlir::Value mulScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y);
mlir::Value divScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y, bool isUnsigned);
mlir::Value maxScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y, bool isUnsigned);
mlir::Value minScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Value y, bool isUnsigned);
/// x > y, as i1 (unordered floats compare false).
mlir::Value greaterScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                          mlir::Value y, bool isUnsigned);

/// Reduces `input` over `axes` (sorted, distinct) into a tensor without those
/// dims, combining with `combine` from `init` (whose type, which may be
/// wider than the elements, is the result element type).
mlir::Value reduceOver(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> axes,
                       mlir::Value init,
                       const std::function<mlir::Value(mlir::OpBuilder &,
                                                       mlir::Location,
                                                       mlir::Value,
                                                       mlir::Value)> &combine);

/// Reshapes a static tensor (row-major) to `type` via tensor.reshape.
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                      mlir::RankedTensorType type);

/// True when every type in `types` is a statically shaped tensor.
bool allStatic(mlir::TypeRange types);

/// Declines (as a match failure) ops with a dynamically shaped operand or
/// result: every lowering needs static shapes.
mlir::LogicalResult requireStaticShapes(mlir::Operation *op,
                                        mlir::PatternRewriter &rewriter);

} // namespace kiln::lowering

#endif // KILN_COMPILER_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
