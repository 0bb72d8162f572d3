//===- Indexing.cpp - gather, unsorted_segment_sum, check_numerics --------===//
//
// The ops whose operands say where to read or write, checked at run time
// as TensorFlow's CPU kernels check them.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "compiler/Conversion/KilnToLinalg/RuntimeChecks.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <tuple>

using namespace mlir;
using namespace kiln::lowering;

namespace kiln {
namespace {

/// One loop nest over the result reading params at the gathered index.
/// The index is clamped into range although the check before it already
/// ended the step when one was not: a pipeline without that check reads
/// a wrong element, never outside the buffer.
struct GatherLowering : public OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto params = cast<RankedTensorType>(op.getParams().getType());
    auto indices = cast<RankedTensorType>(op.getIndices().getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = *normalizeAxis(op.getAxis(), params.getRank());
    int64_t bound = params.getDimSize(axis);
    bool wrap = op.getWrapNegativeIndices();
    int64_t lower = wrap ? -bound : 0;
    checkIndicesInRange(
        rewriter, loc, op.getIndices(), lower, bound,
        checkSubject(op) + ": indices[%lld] = %lld is not in [" +
            std::to_string(lower) + ", " + std::to_string(bound) + ")");
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank(), indexRank = indices.getRank();
    SmallVector<AffineExpr> indexDims;
    for (int64_t d = axis; d < axis + indexRank; ++d)
      indexDims.push_back(getAffineDimExpr(d, ctx));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{op.getIndices()},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, indexDims, ctx),
                            rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value last = arith::ConstantIndexOp::create(b, l, bound - 1);
          Value first = arith::ConstantIndexOp::create(b, l, 0);
          if (wrap) {
            Value negative = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::slt, index, first);
            Value fromEnd = arith::AddIOp::create(
                b, l, index, arith::ConstantIndexOp::create(b, l, bound));
            index = arith::SelectOp::create(b, l, negative, fromEnd, index);
          }
          index = arith::MaxSIOp::create(
              b, l, first, arith::MinSIOp::create(b, l, index, last));
          SmallVector<Value> at;
          for (int64_t d = 0; d < axis; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          at.push_back(index);
          for (int64_t d = axis + indexRank; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          linalg::YieldOp::create(
              b, l, Value(tensor::ExtractOp::create(b, l, op.getParams(), at)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Whether `op` runs on a GPU: placed there, or in a kernel function that
/// is.
bool placedOnGpu(Operation *op) {
  DeviceAttr device = getPlacedDevice(op);
  if (!device)
    if (KernelAttr kernel = getKernel(op->getParentOp()))
      device = kernel.getDevice();
  return device && device.getType() == "GPU";
}

/// The GPU form of a segment sum: a zeroed buffer of sums, then one
/// parallel loop over every data element adding it into its segment's
/// element with an atomic add, as TensorFlow's GPU kernel does (float sums
/// then depend on the order the additions land in, as there).
Value buildAtomicSegmentSum(PatternRewriter &rewriter, Location loc,
                            Value rowsOfData, Value flatIds, int64_t rows,
                            int64_t width, int64_t segments, Type element) {
  auto c = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto sumsType = MemRefType::get({segments, width}, element);
  Value sums = memref::AllocOp::create(rewriter, loc, sumsType);
  linalg::FillOp::create(rewriter, loc, zero(rewriter, loc, element), sums);
  bool isFloat = isa<FloatType>(element);
  scf::ParallelOp::create(
      rewriter, loc, ValueRange{c(rewriter, 0), c(rewriter, 0)},
      ValueRange{c(rewriter, rows), c(rewriter, width)},
      ValueRange{c(rewriter, 1), c(rewriter, 1)},
      [&](OpBuilder &b, Location l, ValueRange at) {
        Value id = arith::IndexCastOp::create(
            b, l, b.getIndexType(),
            tensor::ExtractOp::create(b, l, flatIds, ValueRange{at[0]}));
        Value inRange = arith::AndIOp::create(
            b, l,
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, id, c(b, 0)),
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, id,
                                  c(b, segments)));
        scf::IfOp::create(b, l, inRange, [&](OpBuilder &tb, Location tl) {
          Value value = tensor::ExtractOp::create(tb, tl, rowsOfData, at);
          memref::AtomicRMWOp::create(tb, tl,
                                      isFloat ? arith::AtomicRMWKind::addf
                                              : arith::AtomicRMWKind::addi,
                                      value, sums, ValueRange{id, at[1]});
          scf::YieldOp::create(tb, tl);
        });
        scf::ReduceOp::create(b, l);
      });
  return bufferization::ToTensorOp::create(
      rewriter, loc, RankedTensorType::get({segments, width}, element), sums,
      /*restrict=*/true, /*writable=*/true);
}

/// On the CPU, a sequential loop over the segment ids adding each data
/// row into its segment's row: scattering has no parallel loop nest
/// without atomics, and each row's add is still one vectorizable loop. On
/// a GPU, atomics (buildAtomicSegmentSum).
struct UnsortedSegmentSumLowering
    : public OpRewritePattern<UnsortedSegmentSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(UnsortedSegmentSumOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto data = cast<RankedTensorType>(op.getData().getType());
    auto ids = cast<RankedTensorType>(op.getSegmentIds().getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t segments = op.getNumSegments();
    checkIndicesInRange(rewriter, loc, op.getSegmentIds(), std::nullopt,
                        segments,
                        checkSubject(op) +
                            ": segment_ids[%lld] = %lld is not "
                            "below num_segments " +
                            std::to_string(segments));
    Type element = data.getElementType();
    int64_t rows = ids.getNumElements();
    // The elements of one slice: the result's dimensions after the first.
    int64_t width = 1;
    for (int64_t dim : type.getShape().drop_front())
      width *= dim;
    auto sumType = RankedTensorType::get({segments, width}, element);
    bool scatters = rows > 0 && width > 0 && segments > 0;
    // The data as rows of one slice each, and the ids as one row.
    auto flatten = [&]() -> std::pair<Value, Value> {
      return {reshapeTo(rewriter, loc, op.getData(),
                        RankedTensorType::get({rows, width}, element)),
              reshapeTo(rewriter, loc, op.getSegmentIds(),
                        RankedTensorType::get({rows}, ids.getElementType()))};
    };
    if (scatters && placedOnGpu(op)) {
      Value rowsOfData, flatIds;
      std::tie(rowsOfData, flatIds) = flatten();
      Value sums = buildAtomicSegmentSum(rewriter, loc, rowsOfData, flatIds,
                                         rows, width, segments, element);
      rewriter.replaceOp(op, reshapeTo(rewriter, loc, sums, type));
      return success();
    }
    Value sums =
        filledTensor(rewriter, loc, sumType, zero(rewriter, loc, element));
    if (scatters) {
      // Plain values: the loop's body captures them.
      Value rowsOfData, flatIds;
      std::tie(rowsOfData, flatIds) = flatten();
      auto rowType = RankedTensorType::get({width}, element);
      auto c = [&](int64_t v) {
        return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
      };
      OpFoldResult one = rewriter.getIndexAttr(1);
      OpFoldResult widthSize = rewriter.getIndexAttr(width);
      auto loop = scf::ForOp::create(
          rewriter, loc, c(0), c(rows), c(1), ValueRange{sums},
          [&](OpBuilder &b, Location l, Value row, ValueRange carried) {
            Value id = arith::IndexCastOp::create(
                b, l, b.getIndexType(),
                tensor::ExtractOp::create(b, l, flatIds, ValueRange{row}));
            Value inRange = arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, id,
                                      arith::ConstantIndexOp::create(b, l, 0)),
                arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::slt, id,
                    arith::ConstantIndexOp::create(b, l, segments)));
            auto add = scf::IfOp::create(
                b, l, inRange,
                [&](OpBuilder &tb, Location tl) {
                  SmallVector<OpFoldResult> rowAt = {row, tb.getIndexAttr(0)};
                  SmallVector<OpFoldResult> idAt = {id, tb.getIndexAttr(0)};
                  SmallVector<OpFoldResult> sizes = {one, widthSize};
                  SmallVector<OpFoldResult> strides = {one, one};
                  Value slice = tensor::ExtractSliceOp::create(
                      tb, tl, rowType, rowsOfData, rowAt, sizes, strides);
                  Value target = tensor::ExtractSliceOp::create(
                      tb, tl, rowType, carried[0], idAt, sizes, strides);
                  Value summed = buildBroadcastElementwise(
                      tb, tl, rowType, ValueRange{target, slice},
                      [](OpBuilder &eb, Location el, ValueRange a) {
                        return addScalar(eb, el, a[0], a[1]);
                      });
                  Value updated = tensor::InsertSliceOp::create(
                      tb, tl, summed, carried[0], idAt, sizes, strides);
                  scf::YieldOp::create(tb, tl, updated);
                },
                [&](OpBuilder &eb, Location el) {
                  scf::YieldOp::create(eb, el, carried[0]);
                });
            scf::YieldOp::create(b, l, add.getResult(0));
          });
      sums = loop.getResult(0);
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, sums, type));
    return success();
  }
};

struct CheckIndicesLowering : public OpRewritePattern<CheckIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CheckIndicesOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    int64_t lower = op.getLower(), upper = op.getUpper();
    checkIndicesInRange(
        rewriter, op.getLoc(), op.getIndices(), lower, upper,
        checkSubject(op) + ": indices[%lld] = %lld is not in [" +
            std::to_string(lower) + ", " + std::to_string(upper) + ")");
    rewriter.replaceOp(op, op.getIndices());
    return success();
  }
};

/// Two passes, NaN first, so the message says which was found as
/// TensorFlow's does.
struct CheckNumericsLowering : public OpRewritePattern<CheckNumericsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CheckNumericsOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    std::string prefix =
        checkSubject(op) + ": " + escapePercent(op.getMessage());
    checkElements(
        rewriter, loc, op.getX(),
        [](OpBuilder &b, Location l, Value x) {
          return Value(
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x));
        },
        prefix + " : Tensor had NaN values (the first at position %lld)",
        /*withValue=*/false);
    checkElements(
        rewriter, loc, op.getX(),
        [](OpBuilder &b, Location l, Value x) {
          Value magnitude = math::AbsFOp::create(b, l, x);
          Value infinity = arith::ConstantOp::create(
              b, l,
              b.getFloatAttr(
                  x.getType(),
                  APFloat::getInf(
                      cast<FloatType>(x.getType()).getFloatSemantics())));
          return Value(arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                             magnitude, infinity));
        },
        prefix + " : Tensor had Inf values (the first at position %lld)",
        /*withValue=*/false);
    rewriter.replaceOp(op, op.getX());
    return success();
  }
};

} // namespace

void populateKilnIndexingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherLowering, UnsortedSegmentSumLowering,
               CheckNumericsLowering, CheckIndicesLowering>(
      patterns.getContext());
}

} // namespace kiln
