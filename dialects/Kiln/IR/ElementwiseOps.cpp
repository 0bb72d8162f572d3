//===- ElementwiseOps.cpp - unary, binary, compare, select, cast ----------===//

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnOpHelpers.h"

#include <cmath>

using namespace mlir;
using namespace kiln;

namespace {

/// `x op identity` folds to x when broadcasting does not change x's type.
OpFoldResult foldIdentityOperand(Value x, Attribute other, double identity,
                                 Type resultType) {
  if (x.getType() == resultType && isSplatOf(other, identity))
    return x;
  return {};
}

template <typename OpT>
bool isProducedBy(Value value) {
  return value.getDefiningOp<OpT>() != nullptr;
}

} // namespace

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

KILN_DEFINE_TYPE_INFERENCE(ReluOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(NegOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(AbsOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(SquareOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(SigmoidOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(TanhOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(ExpOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(LogOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(SqrtOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(RsqrtOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(FloorOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(CeilOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(RoundOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(SignOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(SinOp, inferSameAsOperand, getX().getType())
KILN_DEFINE_TYPE_INFERENCE(CosOp, inferSameAsOperand, getX().getType())

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (isProducedBy<ReluOp>(getX()))
    return getX();
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return x < 0 ? 0.0 : x; },
      [](const APInt &x, bool isUnsigned) -> std::optional<APInt> {
        return !isUnsigned && x.isNegative() ? APInt::getZero(x.getBitWidth())
                                             : x;
      });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getX().getDefiningOp<NegOp>())
    return inner.getX();
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return -x; },
      [](const APInt &x, bool) -> std::optional<APInt> { return -x; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  if (isProducedBy<AbsOp>(getX()))
    return getX();
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::fabs(x); },
      [](const APInt &x, bool isUnsigned) -> std::optional<APInt> {
        return isUnsigned ? x : x.abs();
      });
}

OpFoldResult SquareOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return x * x; },
      [](const APInt &x, bool) -> std::optional<APInt> { return x * x; });
}

OpFoldResult SigmoidOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return 1.0 / (1.0 + std::exp(-x)); },
                   nullptr);
}

OpFoldResult TanhOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return std::tanh(x); }, nullptr);
}

OpFoldResult ExpOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return std::exp(x); }, nullptr);
}

OpFoldResult LogOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return std::log(x); }, nullptr);
}

OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return std::sqrt(x); }, nullptr);
}

OpFoldResult RsqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getX(), getType(),
                   [](double x) { return 1.0 / std::sqrt(x); }, nullptr);
}

OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::floor(x); },
      nullptr);
}

OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::ceil(x); },
      nullptr);
}

OpFoldResult RoundOp::fold(FoldAdaptor adaptor) {
  // nearbyint in the default rounding mode rounds ties to even.
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::nearbyint(x); },
      nullptr);
}

OpFoldResult SignOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(),
      [](double x) { return x > 0   ? 1.0
                            : x < 0 ? -1.0
                                    : x; },
      [](const APInt &x, bool isUnsigned) -> std::optional<APInt> {
        unsigned width = x.getBitWidth();
        if (x.isZero())
          return x;
        if (!isUnsigned && x.isNegative())
          return APInt::getAllOnes(width);
        return APInt(width, 1);
      });
}

OpFoldResult SinOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::sin(x); }, nullptr);
}

OpFoldResult CosOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      adaptor.getX(), getType(), [](double x) { return std::cos(x); }, nullptr);
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

#define KILN_BINARY_INFERENCE(OpT, rule)                                       \
  KILN_DEFINE_TYPE_INFERENCE(OpT, rule, getLhs().getType(),            \
                             getRhs().getType())

KILN_BINARY_INFERENCE(AddOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(SubOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(MulOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(DivOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(MaximumOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(MinimumOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(PowOp, inferBinaryElementwise)
KILN_BINARY_INFERENCE(EqualOp, inferCompare)
KILN_BINARY_INFERENCE(LessOp, inferCompare)
KILN_BINARY_INFERENCE(GreaterOp, inferCompare)
KILN_DEFINE_TYPE_INFERENCE(SelectOp, inferSelect,
                           getCondition().getType(),
                           getOnTrue().getType(),
                           getOnFalse().getType())

// x + 0 folds to x for floats too, as TensorFlow's arithmetic optimizer
// does; the only observable difference is the sign of a zero x.
OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult x = foldIdentityOperand(getLhs(), adaptor.getRhs(), 0, getType()))
    return x;
  if (OpFoldResult x = foldIdentityOperand(getRhs(), adaptor.getLhs(), 0, getType()))
    return x;
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a + b; },
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a + b;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult x = foldIdentityOperand(getLhs(), adaptor.getRhs(), 0, getType()))
    return x;
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a - b; },
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a - b;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult x = foldIdentityOperand(getLhs(), adaptor.getRhs(), 1, getType()))
    return x;
  if (OpFoldResult x = foldIdentityOperand(getRhs(), adaptor.getLhs(), 1, getType()))
    return x;
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a * b; },
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a * b;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult x = foldIdentityOperand(getLhs(), adaptor.getRhs(), 1, getType()))
    return x;
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a / b; },
      [](const APInt &a, const APInt &b,
         bool isUnsigned) -> std::optional<APInt> {
        // Division by zero is undefined, and so is INT_MIN / -1.
        if (b.isZero() || (!isUnsigned && a.isMinSignedValue() && b.isAllOnes()))
          return std::nullopt;
        return isUnsigned ? a.udiv(b) : a.sdiv(b);
      });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return std::isnan(a) || a > b ? a : b; },
      [](const APInt &a, const APInt &b,
         bool isUnsigned) -> std::optional<APInt> {
        return (isUnsigned ? a.ugt(b) : a.sgt(b)) ? a : b;
      });
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return std::isnan(a) || a < b ? a : b; },
      [](const APInt &a, const APInt &b,
         bool isUnsigned) -> std::optional<APInt> {
        return (isUnsigned ? a.ult(b) : a.slt(b)) ? a : b;
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult x = foldIdentityOperand(getLhs(), adaptor.getRhs(), 1, getType()))
    return x;
  return foldBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return std::pow(a, b); },
      [](const APInt &a, const APInt &b,
         bool isUnsigned) -> std::optional<APInt> {
        // Negative integer exponents have no integer result.
        if (!isUnsigned && b.isNegative())
          return std::nullopt;
        APInt result(a.getBitWidth(), 1);
        APInt base = a;
        for (uint64_t e = b.getZExtValue(); e; e >>= 1) {
          if (e & 1)
            result *= base;
          base *= base;
        }
        return result;
      });
}

//===----------------------------------------------------------------------===//
// Comparisons and select
//===----------------------------------------------------------------------===//

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a == b; },
      [](const APInt &a, const APInt &b, bool) { return a == b; });
}

OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a < b; },
      [](const APInt &a, const APInt &b, bool isUnsigned) {
        return isUnsigned ? a.ult(b) : a.slt(b);
      });
}

OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](double a, double b) { return a > b; },
      [](const APInt &a, const APInt &b, bool isUnsigned) {
        return isUnsigned ? a.ugt(b) : a.sgt(b);
      });
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  Type type = getType();
  if (getOnTrue() == getOnFalse() && getOnTrue().getType() == type)
    return getOnTrue();
  if (auto condition = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
      condition && condition.isSplat()) {
    Value chosen = condition.getSplatValue<bool>() ? getOnTrue() : getOnFalse();
    if (chosen.getType() == type)
      return chosen;
  }
  return foldSelect(adaptor.getCondition(), adaptor.getOnTrue(),
                    adaptor.getOnFalse(), type);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

/// A cast keeps its operand's shape; the dtype is the declared one.
LogicalResult CastOp::inferResultTypes(std::optional<Location>,
                                       SmallVectorImpl<Type> &inferred) {
  inferred.push_back(RankedTensorType::get(
      cast<RankedTensorType>(getX().getType()).getShape(),
      getType().getElementType()));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  return foldCast(adaptor.getX(), getType());
}
