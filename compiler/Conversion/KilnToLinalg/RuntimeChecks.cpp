//===- RuntimeChecks.cpp - find the first bad element, report it ----------===//

#include "compiler/Conversion/KilnToLinalg/RuntimeChecks.h"

#include "compiler/Conversion/KilnToLinalg/LoweringUtils.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace kiln::lowering {

namespace {

std::string graphName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string name = graphName(inner); !name.empty())
        return name;
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return graphName(call.getCallee());
  return "";
}

/// An integer `value` as an i64, sign-extended.
Value asI64(OpBuilder &b, Location loc, Value value) {
  Type i64 = b.getI64Type();
  Type type = value.getType();
  if (type == i64)
    return value;
  if (type.getIntOrFloatBitWidth() < 64)
    return arith::ExtSIOp::create(b, loc, i64, value);
  return arith::TruncIOp::create(b, loc, i64, value);
}

} // namespace

std::string escapePercent(StringRef text) {
  std::string escaped;
  for (char c : text) {
    escaped.push_back(c);
    if (c == '%')
      escaped.push_back('%');
  }
  return escaped;
}

std::string checkSubject(Operation *op) {
  std::string name = graphName(op->getLoc());
  if (name.empty())
    return escapePercent(op->getName().getStringRef());
  return escapePercent("'" + name + "' (" +
                       op->getName().stripDialect().str() + ")");
}

void checkElements(
    OpBuilder &b, Location loc, Value tensor,
    const std::function<Value(OpBuilder &, Location, Value)> &isBad,
    StringRef message, bool withValue) {
  auto type = cast<RankedTensorType>(tensor.getType());
  int64_t count = type.getNumElements();
  if (count == 0)
    return;
  auto flatType = RankedTensorType::get({count}, type.getElementType());
  Value flat = reshapeTo(b, loc, tensor, flatType);
  // The smallest position of a bad element; `count` when there is none.
  Type i64 = b.getI64Type();
  Value none = arith::ConstantIntOp::create(b, loc, i64, count);
  auto positionType = RankedTensorType::get({}, i64);
  Value init = filledTensor(b, loc, positionType, none);
  MLIRContext *ctx = b.getContext();
  AffineExpr d0 = getAffineDimExpr(0, ctx);
  auto first = linalg::GenericOp::create(
      b, loc, TypeRange{positionType}, ValueRange{flat}, ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::get(1, 0, d0),
                          AffineMap::get(1, 0, {}, ctx)},
      ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        // One min over a candidate that depends on the element alone: a GPU
        // kernel reduces it as a block, the element-wise part in parallel.
        Value position = arith::IndexCastOp::create(
            nb, l, i64, linalg::IndexOp::create(nb, l, 0));
        Value candidate = arith::SelectOp::create(nb, l, isBad(nb, l, args[0]),
                                                  position, none);
        linalg::YieldOp::create(
            nb, l, Value(arith::MinSIOp::create(nb, l, candidate, args[1])));
      });
  Value position = tensor::ExtractOp::create(b, loc, first.getResult(0));
  Value failed =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, position, none);
  SmallVector<Value, 2> values = {position};
  if (withValue) {
    // Any position is in range when nothing failed; the value then goes
    // unread.
    Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
    Value safe = arith::SelectOp::create(b, loc, failed, position, zero);
    Value element = tensor::ExtractOp::create(
        b, loc, flat,
        ValueRange{arith::IndexCastOp::create(b, loc, b.getIndexType(), safe)});
    values.push_back(asI64(b, loc, element));
  }
  RuntimeCheckOp::create(b, loc, failed, values, b.getStringAttr(message));
}

void checkIndicesInRange(OpBuilder &b, Location loc, Value indices,
                         std::optional<int64_t> lower, int64_t upper,
                         StringRef message) {
  DenseIntElementsAttr constant;
  if (matchPattern(indices, m_Constant(&constant)) &&
      llvm::all_of(constant.getValues<APInt>(), [&](const APInt &index) {
        int64_t value = index.getSExtValue();
        return value < upper && (!lower || value >= *lower);
      }))
    return;
  checkElements(
      b, loc, indices,
      [&](OpBuilder &nb, Location l, Value index) {
        Type i64 = nb.getI64Type();
        Value wide = asI64(nb, l, index);
        Value limit = arith::ConstantIntOp::create(nb, l, i64, upper);
        Value bad = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                          wide, limit);
        if (!lower)
          return bad;
        Value first = arith::ConstantIntOp::create(nb, l, i64, *lower);
        Value below = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt,
                                            wide, first);
        return Value(arith::OrIOp::create(nb, l, bad, below));
      },
      message);
}

} // namespace kiln::lowering
