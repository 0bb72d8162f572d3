//===- Elementwise.cpp - element-wise kiln ops to linalg.generic ----------===//
//
// Every element-wise kiln op, bias_add included, becomes one linalg.generic
// with NumPy broadcasting expressed in its indexing maps, so the later
// elementwise-fusion and tiling see plain parallel loops.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "compiler/Conversion/KilnToLinalg/RuntimeChecks.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

bool isUnsignedElement(Type type) {
  Type element = getElementTypeOrSelf(type);
  return element.isUnsignedInteger() || element.isInteger(1);
}

/// Rewrites OpT into one broadcasting generic whose body `scalar` computes.
template <typename OpT>
struct ElementwiseLowering : public OpRewritePattern<OpT> {
  using ScalarFn =
      std::function<Value(OpBuilder &, Location, ValueRange, OpT)>;
  ElementwiseLowering(MLIRContext *ctx, ScalarFn scalar)
      : OpRewritePattern<OpT>(ctx), scalar(std::move(scalar)) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Operation *raw = op.getOperation();
    if (failed(requireStaticShapes(raw, rewriter)))
      return failure();
    auto resultType = cast<RankedTensorType>(raw->getResult(0).getType());
    Value result = buildBroadcastElementwise(
        rewriter, op.getLoc(), resultType, raw->getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return scalar(b, loc, args, op);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn scalar;
};

template <typename OpT, typename Fn>
void addLowering(RewritePatternSet &patterns, Fn fn) {
  patterns.add<ElementwiseLowering<OpT>>(
      patterns.getContext(),
      [fn](OpBuilder &b, Location loc, ValueRange args, OpT op) {
        return fn(b, loc, args, op);
      });
}

/// A kiln op that is one math-dialect op on each element.
template <typename OpT, typename MathOpT>
void addMathLowering(RewritePatternSet &patterns) {
  addLowering<OpT>(patterns, [](OpBuilder &b, Location l, ValueRange a, OpT) {
    return Value(MathOpT::create(b, l, a[0]));
  });
}

Value castScalar(OpBuilder &b, Location loc, Value x, Type to,
                 bool fromUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) // anything to bool is x != 0
    return fromFloat ? Value(arith::CmpFOp::create(
                           b, loc, arith::CmpFPredicate::UNE, x, zero(b, loc, from)))
                     : Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                                   x, zero(b, loc, from)));
  if (fromFloat && toFloat && fromFloat.getWidth() == toFloat.getWidth()) {
    // f16 <-> bf16: no direct cast; f32 holds both exactly.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (fromFloat && toFloat)
    return fromFloat.getWidth() < toFloat.getWidth()
               ? Value(arith::ExtFOp::create(b, loc, to, x))
               : Value(arith::TruncFOp::create(b, loc, to, x));
  if (fromFloat) // TensorFlow truncates toward zero
    return to.isUnsignedInteger()
               ? Value(arith::FPToUIOp::create(b, loc, to, x))
               : Value(arith::FPToSIOp::create(b, loc, to, x));
  if (toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, loc, to, x))
                        : Value(arith::SIToFPOp::create(b, loc, to, x));
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth == toWidth) // i8 <-> ui8: same bits
    return arith::BitcastOp::create(b, loc, to, x);
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, x);
  return fromUnsigned ? Value(arith::ExtUIOp::create(b, loc, to, x))
                      : Value(arith::ExtSIOp::create(b, loc, to, x));
}

Value compareScalar(OpBuilder &b, Location loc, Value x, Value y,
                    arith::CmpFPredicate fpred, arith::CmpIPredicate spred,
                    arith::CmpIPredicate upred, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::CmpFOp::create(b, loc, fpred, x, y);
  return arith::CmpIOp::create(b, loc, isUnsigned ? upred : spred, x, y);
}

/// Whether `value` is a constant none of whose elements satisfies `bad`.
bool isConstantWithout(Value value,
                       llvm::function_ref<bool(const APInt &)> bad) {
  DenseIntElementsAttr constant;
  return matchPattern(value, m_Constant(&constant)) &&
         llvm::none_of(constant.getValues<APInt>(), bad);
}

/// Integer division checks its divisors first, as TensorFlow's kernels do:
/// a zero divisor (and, for signed types, the minimum value divided by -1,
/// which overflows) fails the step instead of trapping or giving a wrong
/// quotient. Constant divisors that cannot fail are not checked.
struct CheckedIntegerDivLowering : public OpRewritePattern<DivOp> {
  CheckedIntegerDivLowering(MLIRContext *ctx)
      : OpRewritePattern<DivOp>(ctx, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(DivOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.getElementType().isIntOrIndex() ||
        failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    bool isUnsigned = isUnsignedElement(type);
    Value x = op.getLhs(), y = op.getRhs();
    std::string subject = checkSubject(op);
    if (!isConstantWithout(y, [](const APInt &v) { return v.isZero(); }))
      checkElements(
          rewriter, loc, y,
          [](OpBuilder &b, Location l, Value divisor) {
            return Value(arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                               divisor,
                                               zero(b, l, divisor.getType())));
          },
          subject + ": Integer division by zero (divisor element %lld)",
          /*withValue=*/false);
    if (!isUnsigned &&
        !isConstantWithout(y, [](const APInt &v) { return v.isAllOnes(); })) {
      auto flags = RankedTensorType::get(type.getShape(), rewriter.getI1Type());
      Value overflows = buildBroadcastElementwise(
          rewriter, loc, flags, ValueRange{x, y},
          [](OpBuilder &b, Location l, ValueRange a) {
            Type element = a[0].getType();
            unsigned width = element.getIntOrFloatBitWidth();
            Value minimum = arith::ConstantOp::create(
                b, l,
                b.getIntegerAttr(element, APInt::getSignedMinValue(width)));
            Value minusOne = arith::ConstantOp::create(
                b, l, b.getIntegerAttr(element, APInt::getAllOnes(width)));
            return Value(arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[0],
                                      minimum),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[1],
                                      minusOne)));
          });
      checkElements(
          rewriter, loc, overflows,
          [](OpBuilder &, Location, Value flag) { return flag; },
          subject + ": Integer division overflows (the minimum value divided "
                    "by -1 at element %lld of the result)",
          /*withValue=*/false);
    }
    rewriter.replaceOp(op, buildBroadcastElementwise(
                               rewriter, loc, type, ValueRange{x, y},
                               [&](OpBuilder &b, Location l, ValueRange a) {
                                 return divScalar(b, l, a[0], a[1], isUnsigned);
                               }));
    return success();
  }
};

/// Splat constants above this many bytes are filled at run time.
constexpr int64_t kLargestSplatConstantBytes = 64 * 1024;

struct ConstantLowering : public OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return failure();
    // A large splat (a Fill of constant dims, zeros of a big shape) is
    // filled when the step runs: as a constant it would become a global
    // of that many bytes in the object file, which code generation writes
    // element by element (minutes, or out of memory, for gigabytes).
    auto splat = dyn_cast<SplatElementsAttr>(value);
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (splat && type && type.hasStaticShape() &&
        type.getElementType().isIntOrFloat() &&
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8) >
            kLargestSplatConstantBytes) {
      Location loc = op.getLoc();
      Value scalar = arith::ConstantOp::create(
          rewriter, loc, splat.getSplatValue<TypedAttr>());
      Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                            type.getElementType());
      rewriter.replaceOpWithNewOp<linalg::FillOp>(op, scalar, empty);
      return success();
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

} // namespace

void populateKilnElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  using Args = ValueRange;
  auto unsignedOf = [](Operation *op) {
    return isUnsignedElement(op->getOperand(0).getType());
  };

  addLowering<AddOp>(patterns, [](OpBuilder &b, Location l, Args a, AddOp) {
    return addScalar(b, l, a[0], a[1]);
  });
  addLowering<BiasAddOp>(patterns, [](OpBuilder &b, Location l, Args a, BiasAddOp) {
    return addScalar(b, l, a[0], a[1]);
  });
  addLowering<SubOp>(patterns, [](OpBuilder &b, Location l, Args a, SubOp) {
    return subScalar(b, l, a[0], a[1]);
  });
  addLowering<MulOp>(patterns, [](OpBuilder &b, Location l, Args a, MulOp) {
    return mulScalar(b, l, a[0], a[1]);
  });
  addLowering<DivOp>(patterns, [=](OpBuilder &b, Location l, Args a, DivOp op) {
    return divScalar(b, l, a[0], a[1], unsignedOf(op));
  });
  patterns.add<CheckedIntegerDivLowering>(patterns.getContext());
  addLowering<MaximumOp>(patterns, [=](OpBuilder &b, Location l, Args a,
                                       MaximumOp op) {
    return maxScalar(b, l, a[0], a[1], unsignedOf(op));
  });
  addLowering<MinimumOp>(patterns, [=](OpBuilder &b, Location l, Args a,
                                       MinimumOp op) {
    return minScalar(b, l, a[0], a[1], unsignedOf(op));
  });
  addLowering<PowOp>(patterns, [](OpBuilder &b, Location l, Args a, PowOp) {
    if (isa<FloatType>(a[0].getType()))
      return Value(math::PowFOp::create(b, l, a[0], a[1]));
    return Value(math::IPowIOp::create(b, l, a[0], a[1]));
  });

  addLowering<ReluOp>(patterns, [=](OpBuilder &b, Location l, Args a, ReluOp op) {
    return maxScalar(b, l, a[0], zero(b, l, a[0].getType()), unsignedOf(op));
  });
  addLowering<NegOp>(patterns, [](OpBuilder &b, Location l, Args a, NegOp) {
    if (isa<FloatType>(a[0].getType()))
      return Value(arith::NegFOp::create(b, l, a[0]));
    return subScalar(b, l, zero(b, l, a[0].getType()), a[0]);
  });
  addLowering<AbsOp>(patterns, [=](OpBuilder &b, Location l, Args a, AbsOp op) {
    if (isa<FloatType>(a[0].getType()))
      return Value(math::AbsFOp::create(b, l, a[0]));
    if (unsignedOf(op))
      return a[0];
    return Value(math::AbsIOp::create(b, l, a[0]));
  });
  addLowering<SquareOp>(patterns, [](OpBuilder &b, Location l, Args a, SquareOp) {
    return mulScalar(b, l, a[0], a[0]);
  });
  addLowering<SigmoidOp>(patterns, [](OpBuilder &b, Location l, Args a, SigmoidOp) {
    Type t = a[0].getType();
    Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, a[0]));
    return Value(arith::DivFOp::create(b, l, one(b, l, t),
                                       arith::AddFOp::create(b, l, one(b, l, t), e)));
  });
  addMathLowering<TanhOp, math::TanhOp>(patterns);
  addMathLowering<ExpOp, math::ExpOp>(patterns);
  addMathLowering<LogOp, math::LogOp>(patterns);
  addMathLowering<SqrtOp, math::SqrtOp>(patterns);
  addMathLowering<RsqrtOp, math::RsqrtOp>(patterns);
  addMathLowering<FloorOp, math::FloorOp>(patterns);
  addMathLowering<CeilOp, math::CeilOp>(patterns);
  addMathLowering<RoundOp, math::RoundEvenOp>(patterns);
  addMathLowering<SinOp, math::SinOp>(patterns);
  addMathLowering<CosOp, math::CosOp>(patterns);
  addLowering<SignOp>(
      patterns, [=](OpBuilder &b, Location l, Args a, SignOp op) {
        // x > 0 ? 1 : (x < 0 ? -1 : x): zero keeps its sign and NaN stays NaN.
        Value x = a[0];
        Type t = x.getType();
        bool isUnsigned = unsignedOf(op);
        Value zeroValue = zero(b, l, t);
        auto compare = [&](arith::CmpFPredicate f, arith::CmpIPredicate s,
                           arith::CmpIPredicate u) {
          return compareScalar(b, l, x, zeroValue, f, s, u, isUnsigned);
        };
        Value negativeOne = subScalar(b, l, zeroValue, one(b, l, t));
        Value nonPositive = arith::SelectOp::create(
            b, l,
            compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                    arith::CmpIPredicate::ult),
            negativeOne, x);
        return Value(arith::SelectOp::create(b, l,
                                             compare(arith::CmpFPredicate::OGT,
                                                     arith::CmpIPredicate::sgt,
                                                     arith::CmpIPredicate::ugt),
                                             one(b, l, t), nonPositive));
      });

  addLowering<EqualOp>(patterns, [=](OpBuilder &b, Location l, Args a, EqualOp op) {
    return compareScalar(b, l, a[0], a[1], arith::CmpFPredicate::OEQ,
                         arith::CmpIPredicate::eq, arith::CmpIPredicate::eq,
                         unsignedOf(op));
  });
  addLowering<LessOp>(patterns, [=](OpBuilder &b, Location l, Args a, LessOp op) {
    return compareScalar(b, l, a[0], a[1], arith::CmpFPredicate::OLT,
                         arith::CmpIPredicate::slt, arith::CmpIPredicate::ult,
                         unsignedOf(op));
  });
  addLowering<GreaterOp>(patterns, [=](OpBuilder &b, Location l, Args a,
                                       GreaterOp op) {
    return compareScalar(b, l, a[0], a[1], arith::CmpFPredicate::OGT,
                         arith::CmpIPredicate::sgt, arith::CmpIPredicate::ugt,
                         unsignedOf(op));
  });
  addLowering<SelectOp>(patterns, [](OpBuilder &b, Location l, Args a, SelectOp) {
    return Value(arith::SelectOp::create(b, l, a[0], a[1], a[2]));
  });
  addLowering<CastOp>(patterns, [=](OpBuilder &b, Location l, Args a, CastOp op) {
    return castScalar(b, l, a[0], op.getType().getElementType(), unsignedOf(op));
  });

  patterns.add<ConstantLowering>(patterns.getContext());
}

} // namespace kiln
