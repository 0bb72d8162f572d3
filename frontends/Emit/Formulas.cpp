//===- Formulas.cpp - math functions written with kiln's elementwise ops --===//

#include "frontends/Emit/OpEmitter.h"

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;

namespace kiln::frontend {

/// Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, float32's
/// resolution near 1): 1 - (a1 t + ... + a5 t^5) exp(-x^2) with
/// t = 1 / (1 + p |x|), odd in x.
Value OpEmitter::erf(Value x) const {
  constexpr double p = 0.3275911, a1 = 0.254829592, a2 = -0.284496736,
                   a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429;
  OpBuilder &b = builder;
  auto c = [&](double value) { return scalar(x, value); };
  Value ax = AbsOp::create(b, loc, x);
  Value t = DivOp::create(
      b, loc, c(1.0),
      AddOp::create(b, loc, c(1.0), MulOp::create(b, loc, ax, c(p))));
  Value poly = c(a5);
  for (double a : {a4, a3, a2, a1})
    poly = AddOp::create(b, loc, MulOp::create(b, loc, poly, t), c(a));
  poly = MulOp::create(b, loc, poly, t);
  Value gauss =
      ExpOp::create(b, loc, NegOp::create(b, loc, SquareOp::create(b, loc, x)));
  Value magnitude =
      SubOp::create(b, loc, c(1.0), MulOp::create(b, loc, poly, gauss));
  Value negative = LessOp::create(b, loc, x, c(0.0));
  return SelectOp::create(b, loc, negative, NegOp::create(b, loc, magnitude),
                          magnitude);
}

/// Kahan's trick: with u = exp(x) rounded, (u - 1) x / log(u) cancels the
/// rounding error of u; u == 1 means x is below the rounding step, where
/// expm1(x) = x. (u - 1 == -1 for very negative x, where log(u) = -inf
/// would give NaN.)
Value OpEmitter::expm1(Value x) const {
  Value u = ExpOp::create(builder, loc, x);
  Value um1 = SubOp::create(builder, loc, u, scalar(x, 1.0));
  Value corrected =
      DivOp::create(builder, loc, MulOp::create(builder, loc, um1, x),
                    LogOp::create(builder, loc, u));
  Value tiny = EqualOp::create(builder, loc, u, scalar(x, 1.0));
  Value saturated = EqualOp::create(builder, loc, um1, scalar(x, -1.0));
  Value large = GreaterOp::create(builder, loc, x, scalar(x, 1.0));
  // Above 1 the plain difference is exact enough, and u may be inf.
  Value precise =
      SelectOp::create(builder, loc, saturated, um1,
                       SelectOp::create(builder, loc, large, um1, corrected));
  return SelectOp::create(builder, loc, tiny, x, precise);
}

/// Kahan's trick again: with u = 1 + x rounded, log(u) x / (u - 1).
Value OpEmitter::log1p(Value x) const {
  Value u = AddOp::create(builder, loc, x, scalar(x, 1.0));
  Value um1 = SubOp::create(builder, loc, u, scalar(x, 1.0));
  Value corrected = DivOp::create(
      builder, loc,
      MulOp::create(builder, loc, LogOp::create(builder, loc, u), x), um1);
  Value tiny = EqualOp::create(builder, loc, u, scalar(x, 1.0));
  // For large x (and inf) log(u) itself is exact enough.
  Value large = GreaterOp::create(builder, loc, x, scalar(x, 1.0));
  Value precise = SelectOp::create(builder, loc, large,
                                   LogOp::create(builder, loc, u), corrected);
  return SelectOp::create(builder, loc, tiny, x, precise);
}

/// max(x, 0) + log(1 + exp(-|x|)): neither overflows nor loses the linear
/// part for large |x|.
Value OpEmitter::softplus(Value x) const {
  Value decay = ExpOp::create(
      builder, loc,
      NegOp::create(builder, loc, AbsOp::create(builder, loc, x)));
  Value tail = LogOp::create(
      builder, loc, AddOp::create(builder, loc, decay, scalar(x, 1.0)));
  return AddOp::create(builder, loc, ReluOp::create(builder, loc, x), tail);
}

Value OpEmitter::softsign(Value x) const {
  Value denominator = AddOp::create(
      builder, loc, AbsOp::create(builder, loc, x), scalar(x, 1.0));
  return DivOp::create(builder, loc, x, denominator);
}

Value OpEmitter::wherePositive(Value x, Value otherwise) const {
  Value positive = GreaterOp::create(builder, loc, x, scalar(x, 0.0));
  return SelectOp::create(builder, loc, positive, x, otherwise);
}

Value OpEmitter::elu(Value x, double alpha, double scale) const {
  Value negative = expm1(x);
  if (alpha != 1.0)
    negative = MulOp::create(builder, loc, negative, scalar(x, alpha));
  Value result = wherePositive(x, negative);
  if (scale != 1.0)
    result = MulOp::create(builder, loc, result, scalar(x, scale));
  return result;
}

Value OpEmitter::logicalAnd(Value x, Value y) const {
  return SelectOp::create(builder, loc, x, y, scalar(y, 0.0));
}

Value OpEmitter::logicalOr(Value x, Value y) const {
  return SelectOp::create(builder, loc, x, scalar(y, 1.0), y);
}

Value OpEmitter::logicalXor(Value x, Value y) const {
  return logicalNot(EqualOp::create(builder, loc, x, y));
}

Value OpEmitter::logicalNot(Value x) const {
  return EqualOp::create(builder, loc, x, scalar(x, 0.0));
}

Value OpEmitter::trunc(Value x) const {
  Value negative = LessOp::create(builder, loc, x, scalar(x, 0.0));
  return SelectOp::create(builder, loc, negative,
                          CeilOp::create(builder, loc, x),
                          FloorOp::create(builder, loc, x));
}

namespace {
bool isFloat(Value x) { return isa<FloatType>(typeOf(x).getElementType()); }
} // namespace

/// Integers: the truncated quotient, less one where the remainder is not
/// zero and its sign differs from the divisor's.
Value OpEmitter::floorDiv(Value x, Value y) const {
  Value quotient = DivOp::create(builder, loc, x, y);
  if (isFloat(x))
    return FloorOp::create(builder, loc, quotient);
  Value remainder =
      SubOp::create(builder, loc, x, MulOp::create(builder, loc, quotient, y));
  Value inexact = logicalNot(
      EqualOp::create(builder, loc, remainder, scalar(remainder, 0.0)));
  Value signsDiffer = logicalXor(
      LessOp::create(builder, loc, remainder, scalar(remainder, 0.0)),
      LessOp::create(builder, loc, y, scalar(y, 0.0)));
  Value adjust = logicalAnd(inexact, signsDiffer);
  return SubOp::create(
      builder, loc, quotient,
      SelectOp::create(builder, loc, adjust, scalar(x, 1.0), scalar(x, 0.0)));
}

Value OpEmitter::truncMod(Value x, Value y) const {
  Value quotient = DivOp::create(builder, loc, x, y);
  if (isFloat(x))
    quotient = trunc(quotient);
  return SubOp::create(builder, loc, x,
                       MulOp::create(builder, loc, quotient, y));
}

/// The truncated remainder, plus the divisor where the signs differ.
Value OpEmitter::floorMod(Value x, Value y) const {
  Value remainder = truncMod(x, y);
  Value nonzero = logicalNot(
      EqualOp::create(builder, loc, remainder, scalar(remainder, 0.0)));
  Value signsDiffer = logicalXor(
      LessOp::create(builder, loc, remainder, scalar(remainder, 0.0)),
      LessOp::create(builder, loc, y, scalar(y, 0.0)));
  Value shifted = AddOp::create(builder, loc, remainder, y);
  return SelectOp::create(builder, loc, logicalAnd(nonzero, signsDiffer),
                          shifted, remainder);
}

Value OpEmitter::divNoNan(Value x, Value y) const {
  Value zero = EqualOp::create(builder, loc, y, scalar(y, 0.0));
  Value divisor = SelectOp::create(builder, loc, zero, scalar(y, 1.0), y);
  return SelectOp::create(builder, loc, zero, scalar(x, 0.0),
                          DivOp::create(builder, loc, x, divisor));
}

} // namespace kiln::frontend
