//===- KilnConstantFolding.h - folding kiln ops over constants --*- C++ -*-===//
//
// Element-wise evaluation of kiln ops on DenseElementsAttr operands, used by
// the ops' fold hooks. Floats are computed in double and rounded once to the
// result type, which is exact for +, -, *, / on f16/bf16/f32 and within an
// ulp for transcendental functions. Integers use two's complement APInt
// arithmetic with the tensor's signedness (ui8 is unsigned, the rest signed).
//
// Every entry returns a null Attribute when it declines: a non-constant or
// non-dense operand, a dynamic result shape, more than kMaxFoldedElements
// elements, or an undefined result (integer division by zero).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_IR_KILNCONSTANTFOLDING_H
#define KILN_DIALECTS_KILN_IR_KILNCONSTANTFOLDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace kiln {

using FloatUnaryFn = llvm::function_ref<double(double)>;
using IntUnaryFn =
    llvm::function_ref<std::optional<llvm::APInt>(const llvm::APInt &, bool)>;
using FloatBinaryFn = llvm::function_ref<double(double, double)>;
using IntBinaryFn = llvm::function_ref<std::optional<llvm::APInt>(
    const llvm::APInt &, const llvm::APInt &, bool isUnsigned)>;
using FloatPredicateFn = llvm::function_ref<bool(double, double)>;
using IntPredicateFn = llvm::function_ref<bool(
    const llvm::APInt &, const llvm::APInt &, bool isUnsigned)>;

/// Folds an element-wise unary op; `intFn` may be null for float-only ops.
mlir::Attribute foldUnary(mlir::Attribute operand, mlir::Type resultType,
                          FloatUnaryFn floatFn, IntUnaryFn intFn);

/// Folds a broadcasting binary op producing `resultType`'s element type.
mlir::Attribute foldBinary(mlir::Attribute lhs, mlir::Attribute rhs,
                           mlir::Type resultType, FloatBinaryFn floatFn,
                           IntBinaryFn intFn);

/// Folds a broadcasting comparison producing i1 elements. Bool operands are
/// compared as unsigned integers.
mlir::Attribute foldCompare(mlir::Attribute lhs, mlir::Attribute rhs,
                            mlir::Type resultType, FloatPredicateFn floatFn,
                            IntPredicateFn intFn);

/// Folds a broadcasting select on constant condition and values.
mlir::Attribute foldSelect(mlir::Attribute condition, mlir::Attribute onTrue,
                           mlir::Attribute onFalse, mlir::Type resultType);

/// Folds TensorFlow's Cast semantics; declines float-to-integer conversions
/// whose value does not fit the integer type.
mlir::Attribute foldCast(mlir::Attribute operand, mlir::Type resultType);

/// The value of `value` when it is a constant or an op that folds to one
/// from constant operands, up to `maxDepth` ops deep (shape arithmetic a
/// frontend needs at compile time: axes, shapes and sizes computed with
/// Add, Mul, Concat, Cast on constants); null otherwise.
mlir::DenseElementsAttr evaluateConstant(mlir::Value value, int maxDepth = 8);

/// True when `attr` is a constant whose every element equals `value`.
bool isSplatOf(mlir::Attribute attr, double value);

} // namespace kiln

#endif // KILN_DIALECTS_KILN_IR_KILNCONSTANTFOLDING_H
