//===- KilnConstantFolding.cpp - folding kiln ops over constants ----------===//

#include "dialects/Kiln/IR/KilnConstantFolding.h"

#include "dialects/Kiln/IR/KilnTypeInference.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/APSInt.h"

using namespace mlir;
using namespace kiln;

namespace {

/// The static result type a folder may materialize, or null.
RankedTensorType foldableResultType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      tensor.getNumElements() > kMaxFoldedElements)
    return nullptr;
  return tensor;
}

bool isUnsignedElement(Type element) {
  return element.isUnsignedInteger() || element.isInteger(1);
}

double toDouble(APFloat value) {
  bool losesInfo = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

APFloat fromDouble(double value, Type element) {
  APFloat result(value);
  bool losesInfo = false;
  result.convert(cast<FloatType>(element).getFloatSemantics(),
                 APFloat::rmNearestTiesToEven, &losesInfo);
  return result;
}

/// Maps a linear index of the broadcast result to the linear index of one
/// operand: broadcast dimensions get stride 0.
class BroadcastIndexer {
public:
  BroadcastIndexer(ArrayRef<int64_t> resultShape,
                   ArrayRef<int64_t> operandShape)
      : resultShape(resultShape), strides(resultShape.size(), 0) {
    int64_t stride = 1;
    size_t offset = resultShape.size() - operandShape.size();
    for (size_t i = operandShape.size(); i-- > 0;) {
      if (operandShape[i] != 1)
        strides[i + offset] = stride;
      stride *= operandShape[i];
    }
  }

  int64_t operator()(int64_t linear) const {
    int64_t index = 0;
    for (size_t d = resultShape.size(); d-- > 0;) {
      index += (linear % resultShape[d]) * strides[d];
      linear /= resultShape[d];
    }
    return index;
  }

private:
  ArrayRef<int64_t> resultShape;
  SmallVector<int64_t> strides;
};

/// A constant operand read element by element in broadcast order.
template <typename T>
class BroadcastReader {
public:
  BroadcastReader(DenseElementsAttr attr, ArrayRef<int64_t> resultShape)
      : values(attr.getValues<T>()), splat(attr.isSplat()),
        indexer(resultShape, attr.getType().getShape()) {}

  T operator[](int64_t resultIndex) const {
    return splat ? values[0] : values[indexer(resultIndex)];
  }

private:
  SmallVector<T> values;
  bool splat;
  BroadcastIndexer indexer;
};

DenseElementsAttr asDense(Attribute attr) {
  return dyn_cast_or_null<DenseElementsAttr>(attr);
}

} // namespace

Attribute kiln::foldUnary(Attribute operand, Type resultType,
                          FloatUnaryFn floatFn, IntUnaryFn intFn) {
  DenseElementsAttr input = asDense(operand);
  RankedTensorType type = foldableResultType(resultType);
  if (!input || !type)
    return {};
  Type element = type.getElementType();
  if (isa<FloatType>(element)) {
    SmallVector<APFloat> results;
    for (const APFloat &v : input.getValues<APFloat>())
      results.push_back(fromDouble(floatFn(toDouble(v)), element));
    return DenseElementsAttr::get(type, results);
  }
  if (!intFn)
    return {};
  SmallVector<APInt> results;
  for (const APInt &v : input.getValues<APInt>()) {
    std::optional<APInt> r = intFn(v, isUnsignedElement(element));
    if (!r)
      return {};
    results.push_back(*r);
  }
  return DenseElementsAttr::get(type, results);
}

Attribute kiln::foldBinary(Attribute lhsAttr, Attribute rhsAttr,
                           Type resultType, FloatBinaryFn floatFn,
                           IntBinaryFn intFn) {
  DenseElementsAttr lhs = asDense(lhsAttr), rhs = asDense(rhsAttr);
  RankedTensorType type = foldableResultType(resultType);
  if (!lhs || !rhs || !type)
    return {};
  Type element = type.getElementType();
  int64_t count = type.getNumElements();
  if (isa<FloatType>(element)) {
    BroadcastReader<APFloat> l(lhs, type.getShape()), r(rhs, type.getShape());
    SmallVector<APFloat> results;
    for (int64_t i = 0; i < count; ++i)
      results.push_back(
          fromDouble(floatFn(toDouble(l[i]), toDouble(r[i])), element));
    return DenseElementsAttr::get(type, results);
  }
  BroadcastReader<APInt> l(lhs, type.getShape()), r(rhs, type.getShape());
  SmallVector<APInt> results;
  for (int64_t i = 0; i < count; ++i) {
    std::optional<APInt> v = intFn(l[i], r[i], isUnsignedElement(element));
    if (!v)
      return {};
    results.push_back(*v);
  }
  return DenseElementsAttr::get(type, results);
}

Attribute kiln::foldCompare(Attribute lhsAttr, Attribute rhsAttr,
                            Type resultType, FloatPredicateFn floatFn,
                            IntPredicateFn intFn) {
  DenseElementsAttr lhs = asDense(lhsAttr), rhs = asDense(rhsAttr);
  RankedTensorType type = foldableResultType(resultType);
  if (!lhs || !rhs || !type)
    return {};
  int64_t count = type.getNumElements();
  SmallVector<bool> results;
  Type operandElement = lhs.getElementType();
  if (isa<FloatType>(operandElement)) {
    BroadcastReader<APFloat> l(lhs, type.getShape()), r(rhs, type.getShape());
    for (int64_t i = 0; i < count; ++i)
      results.push_back(floatFn(toDouble(l[i]), toDouble(r[i])));
  } else {
    BroadcastReader<APInt> l(lhs, type.getShape()), r(rhs, type.getShape());
    bool isUnsigned = isUnsignedElement(operandElement);
    for (int64_t i = 0; i < count; ++i)
      results.push_back(intFn(l[i], r[i], isUnsigned));
  }
  return DenseElementsAttr::get(type, results);
}

Attribute kiln::foldSelect(Attribute conditionAttr, Attribute onTrueAttr,
                           Attribute onFalseAttr, Type resultType) {
  DenseElementsAttr condition = asDense(conditionAttr);
  DenseElementsAttr onTrue = asDense(onTrueAttr), onFalse = asDense(onFalseAttr);
  RankedTensorType type = foldableResultType(resultType);
  if (!condition || !onTrue || !onFalse || !type)
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  BroadcastReader<bool> c(condition, shape);
  BroadcastReader<Attribute> t(onTrue, shape), f(onFalse, shape);
  SmallVector<Attribute> results;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    results.push_back(c[i] ? t[i] : f[i]);
  return DenseElementsAttr::get(type, results);
}

Attribute kiln::foldCast(Attribute operand, Type resultType) {
  DenseElementsAttr input = asDense(operand);
  RankedTensorType type = foldableResultType(resultType);
  if (!input || !type)
    return {};
  Type from = input.getElementType();
  Type to = type.getElementType();
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  bool fromUnsigned = isUnsignedElement(from);
  unsigned width = to.getIntOrFloatBitWidth();
  SmallVector<Attribute> results;
  for (Attribute element : input.getValues<Attribute>()) {
    if (fromFloat) {
      APFloat v = cast<FloatAttr>(element).getValue();
      if (toFloat) {
        results.push_back(FloatAttr::get(to, fromDouble(toDouble(v), to)));
        continue;
      }
      if (to.isInteger(1)) {
        results.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
        continue;
      }
      APSInt converted(width, isUnsignedElement(to));
      bool exact = false;
      // Out-of-range values and NaN have no defined conversion: decline.
      if (v.convertToInteger(converted, APFloat::rmTowardZero, &exact) &
          APFloat::opInvalidOp)
        return {};
      results.push_back(IntegerAttr::get(to, converted));
      continue;
    }
    APInt v = cast<IntegerAttr>(element).getValue();
    if (toFloat) {
      APFloat converted(toFloat.getFloatSemantics());
      converted.convertFromAPInt(v, /*IsSigned=*/!fromUnsigned,
                                 APFloat::rmNearestTiesToEven);
      results.push_back(FloatAttr::get(to, converted));
    } else if (to.isInteger(1)) {
      results.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
    } else {
      results.push_back(IntegerAttr::get(
          to, fromUnsigned ? v.zextOrTrunc(width) : v.sextOrTrunc(width)));
    }
  }
  return DenseElementsAttr::get(type, results);
}

DenseElementsAttr kiln::evaluateConstant(Value value, int maxDepth) {
  DenseElementsAttr values;
  if (matchPattern(value, m_Constant(&values)))
    return values;
  Operation *op = value.getDefiningOp();
  if (!op || maxDepth <= 0 || op->getNumResults() != 1)
    return {};
  SmallVector<Attribute> operands;
  for (Value operand : op->getOperands()) {
    DenseElementsAttr folded = evaluateConstant(operand, maxDepth - 1);
    if (!folded)
      return {};
    operands.push_back(folded);
  }
  SmallVector<OpFoldResult> results;
  if (failed(op->fold(operands, results)))
    return {};
  // A fold in place (a reshape of a reshape merged) changed the operands:
  // evaluate the simplified op.
  if (results.empty())
    return evaluateConstant(value, maxDepth - 1);
  if (results.size() != 1)
    return {};
  if (auto folded = dyn_cast<Value>(results[0]))
    return folded == value ? evaluateConstant(value, maxDepth - 1)
                           : evaluateConstant(folded, maxDepth - 1);
  return dyn_cast<DenseElementsAttr>(cast<Attribute>(results[0]));
}

bool kiln::isSplatOf(Attribute attr, double value) {
  DenseElementsAttr dense = asDense(attr);
  if (!dense || !dense.isSplat())
    return false;
  Type element = dense.getElementType();
  if (isa<FloatType>(element))
    return toDouble(dense.getSplatValue<APFloat>()) == value;
  if (element.isInteger(1))
    return false;
  APInt splat = dense.getSplatValue<APInt>();
  return isUnsignedElement(element)
             ? static_cast<double>(splat.getZExtValue()) == value
             : static_cast<double>(splat.getSExtValue()) == value;
}
