//===- Random.cpp - random tensors as counter-based hashes ----------------===//
//
// Each element is a pure function of (seed, seed2, element index): a
// SplitMix64-style hash of a per-op key and a counter gives uniform bits,
// Box-Muller turns two of them into a normal sample, and a truncated normal
// takes the first of eight draws inside two standard deviations (all eight
// miss with probability 1e-11; the last draw is then clamped). No state is
// carried between elements, so the loop nest vectorizes and parallelizes
// like any element-wise op. The values are kiln's own, not TensorFlow's
// Philox stream; the same seeds always give the same tensor.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;
constexpr int kTruncatedDraws = 8;

uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The op's stream key, fixed at compile time.
uint64_t streamKey(int64_t seed, int64_t seed2) {
  return mix(mix(static_cast<uint64_t>(seed) + kGolden) ^
             static_cast<uint64_t>(seed2));
}

class RandomBuilder {
public:
  RandomBuilder(OpBuilder &b, Location loc, Type element, uint64_t key,
                Value index)
      : b(b), loc(loc), element(element), key(key), index(index) {}

  /// Uniform in [0, 1) from the `draw`-th counter of this element.
  Value uniform(int64_t draw, int64_t drawsPerElement) {
    // counter = index * drawsPerElement + draw + 1; z = key + counter * golden
    Value counter = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index, i64(drawsPerElement)),
        i64(draw + 1));
    Value z = arith::AddIOp::create(
        b, loc, i64(static_cast<int64_t>(key)),
        arith::MulIOp::create(b, loc, counter, i64(static_cast<int64_t>(kGolden))));
    z = step(z, 30, 0xBF58476D1CE4E5B9ull);
    z = step(z, 27, 0x94D049BB133111EBull);
    z = arith::XOrIOp::create(b, loc, z,
                              arith::ShRUIOp::create(b, loc, z, i64(31)));
    // The top mantissa-width bits, scaled into [0, 1).
    int bits = element.isF64() ? 53 : 24;
    Value top = arith::ShRUIOp::create(b, loc, z, i64(64 - bits));
    Value asFloat = arith::SIToFPOp::create(b, loc, element, top);
    return arith::MulFOp::create(b, loc, asFloat,
                                 constant(std::ldexp(1.0, -bits)));
  }

  /// A standard normal sample from draws 2k and 2k+1 (Box-Muller).
  Value normal(int64_t k, int64_t drawsPerElement) {
    Value u1 = arith::SubFOp::create(b, loc, constant(1.0),
                                     uniform(2 * k, drawsPerElement)); // (0, 1]
    Value u2 = uniform(2 * k + 1, drawsPerElement);
    Value radius = math::SqrtOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, constant(-2.0),
                              math::LogOp::create(b, loc, u1)));
    Value angle = arith::MulFOp::create(b, loc, constant(2 * llvm::numbers::pi), u2);
    return arith::MulFOp::create(b, loc, radius, math::CosOp::create(b, loc, angle));
  }

  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, FloatAttr::get(element, value));
  }

private:
  Value i64(int64_t value) {
    return arith::ConstantIntOp::create(b, loc, value, 64);
  }
  Value step(Value z, int64_t shift, uint64_t multiplier) {
    Value x = arith::XOrIOp::create(b, loc, z,
                                    arith::ShRUIOp::create(b, loc, z, i64(shift)));
    return arith::MulIOp::create(b, loc, x, i64(static_cast<int64_t>(multiplier)));
  }

  OpBuilder &b;
  Location loc;
  Type element;
  uint64_t key;
  Value index;
};

/// The row-major linear index of the current element, as i64.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value index = arith::ConstantIntOp::create(b, loc, 0, 64);
  for (auto [dim, size] : llvm::enumerate(shape)) {
    Value coordinate = arith::IndexCastOp::create(
        b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, dim));
    index = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index,
                              arith::ConstantIntOp::create(b, loc, size, 64)),
        coordinate);
  }
  return index;
}

template <typename RandomOp>
struct RandomLowering : public OpRewritePattern<RandomOp> {
  using OpRewritePattern<RandomOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(RandomOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    Type element = type.getElementType();
    if (!isa<Float32Type, Float64Type>(element))
      return rewriter.notifyMatchFailure(op, "random values are f32 or f64");
    uint64_t key = streamKey(op.getSeed(), op.getSeed2());
    int64_t rank = type.getRank();
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{type}, ValueRange{},
        ValueRange{emptyTensor(rewriter, op.getLoc(), type)},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, iterators,
        [&](OpBuilder &b, Location loc, ValueRange) {
          RandomBuilder random(b, loc, element, key,
                               linearIndex(b, loc, type.getShape()));
          linalg::YieldOp::create(b, loc, sample(op, random, b, loc));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  static Value scaled(OpBuilder &b, Location loc, RandomBuilder &random,
                      Value standard, double mean, double stddev) {
    return arith::AddFOp::create(
        b, loc, random.constant(mean),
        arith::MulFOp::create(b, loc, random.constant(stddev), standard));
  }

  static Value sample(RandomUniformOp op, RandomBuilder &random, OpBuilder &b,
                      Location loc) {
    double low = op.getMinval().convertToDouble(),
           high = op.getMaxval().convertToDouble();
    return scaled(b, loc, random, random.uniform(0, 1), low, high - low);
  }

  static Value sample(RandomNormalOp op, RandomBuilder &random, OpBuilder &b,
                      Location loc) {
    return scaled(b, loc, random, random.normal(0, 2),
                  op.getMean().convertToDouble(), op.getStddev().convertToDouble());
  }

  static Value sample(TruncatedNormalOp op, RandomBuilder &random, OpBuilder &b,
                      Location loc) {
    Value two = random.constant(2.0);
    // The last draw, clamped, is the (practically unreachable) fallback;
    // then each earlier draw inside the bounds takes precedence.
    Value result = random.normal(kTruncatedDraws - 1, 2 * kTruncatedDraws);
    result = arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, result, random.constant(-2.0)),
        two);
    for (int draw = kTruncatedDraws - 2; draw >= 0; --draw) {
      Value candidate = random.normal(draw, 2 * kTruncatedDraws);
      Value inside = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                           math::AbsFOp::create(b, loc, candidate),
                                           two);
      result = arith::SelectOp::create(b, loc, inside, candidate, result);
    }
    return scaled(b, loc, random, result, op.getMean().convertToDouble(),
                  op.getStddev().convertToDouble());
  }
};

} // namespace

void populateKilnRandomToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RandomLowering<RandomUniformOp>, RandomLowering<RandomNormalOp>,
               RandomLowering<TruncatedNormalOp>>(patterns.getContext());
}

} // namespace kiln
