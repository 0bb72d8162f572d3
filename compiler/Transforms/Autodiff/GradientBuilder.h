//===- GradientBuilder.h - kiln ops for backward computations ---*- C++ -*-===//
//
// Small typed helpers the gradient rules are written with. Every helper
// builds ordinary kiln ops at the builder's insertion point; result types
// are spelled out so no op needs shape inference afterwards.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTBUILDER_H
#define KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTBUILDER_H

#include "dialects/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"

namespace kiln::autodiff {

/// The ranked tensor type of a value in a kiln step (every value is one).
inline mlir::RankedTensorType tensorTypeOf(mlir::Value value) {
  return llvm::cast<mlir::RankedTensorType>(value.getType());
}

class GradientBuilder {
public:
  GradientBuilder(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  mlir::Location location() const { return loc; }

  /// A tensor of `type` with every element `value`.
  mlir::Value splat(mlir::RankedTensorType type, double value);
  /// A scalar tensor of element type `element`.
  mlir::Value scalar(mlir::Type element, double value);

  /// Element-wise ops; the result has the broadcast shape of the operands.
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value div(mlir::Value x, mlir::Value y);
  mlir::Value neg(mlir::Value x);
  mlir::Value exp(mlir::Value x);
  mlir::Value log(mlir::Value x);
  mlir::Value pow(mlir::Value x, mlir::Value y);
  /// 1.0 where `condition` holds, 0.0 elsewhere, as `like`'s element type.
  mlir::Value indicator(mlir::Value condition, mlir::Type element);
  mlir::Value greater(mlir::Value x, mlir::Value y);
  mlir::Value less(mlir::Value x, mlir::Value y);
  mlir::Value equal(mlir::Value x, mlir::Value y);
  mlir::Value select(mlir::Value condition, mlir::Value onTrue,
                     mlir::Value onFalse);

  mlir::Value matmul(mlir::Value a, mlir::Value b, bool transposeA,
                     bool transposeB);
  mlir::Value reduceSum(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                        bool keepDims);
  mlir::Value reshape(mlir::Value x, mlir::RankedTensorType type);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);
  mlir::Value cast(mlir::Value x, mlir::Type element);
  /// The box of `x` starting at `begin` with `type`'s shape.
  mlir::Value slice(mlir::Value x, llvm::ArrayRef<int64_t> begin,
                    mlir::RankedTensorType type);
  /// `x` with `before` and `after` zeros added along `axis`.
  mlir::Value padAxis(mlir::Value x, int64_t axis, int64_t before,
                      int64_t after);
  /// Any other kiln op, with its result type spelled out.
  template <typename OpT, typename... Args>
  mlir::Value create(mlir::Type result, Args &&...args) {
    return OpT::create(b, loc, result, std::forward<Args>(args)...);
  }

  /// Sums a gradient of a broadcast result back to an operand's shape:
  /// over the leading dimensions the operand lacks and its size-1 ones.
  mlir::Value sumToShape(mlir::Value gradient, mlir::RankedTensorType target);
  /// Broadcasts `x` (NumPy rules) to `target`.
  mlir::Value broadcastTo(mlir::Value x, mlir::RankedTensorType target);
  /// `x` reduced over `axes` without keep_dims, reshaped back to rank with
  /// size-1 dimensions there (so it broadcasts against the input).
  mlir::Value keepDims(mlir::Value reduced, mlir::RankedTensorType input,
                       llvm::ArrayRef<int64_t> axes);

private:
  mlir::RankedTensorType broadcastType(mlir::Value x, mlir::Value y,
                                       mlir::Type element = {});

  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace kiln::autodiff

#endif // KILN_COMPILER_TRANSFORMS_AUTODIFF_GRADIENTBUILDER_H
