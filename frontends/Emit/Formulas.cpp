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

Value OpEmitter::expm1(Value x) const {
  return SubOp::create(builder, loc, ExpOp::create(builder, loc, x),
                       scalar(x, 1.0));
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

} // namespace kiln::frontend
