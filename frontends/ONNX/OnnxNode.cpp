//===- OnnxNode.cpp - attribute and input helpers, converter registry -----===//

#include "frontends/ONNX/OnnxConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "dialects/Kiln/IR/KilnTypeInference.h"

#include <map>

using namespace mlir;

namespace kiln::onnximport {

LogicalResult OnnxNode::fail(const Twine &message) const {
  return emitError(loc) << fileName << ": node '" << name << "' ("
                        << node.op_type() << ", opset " << opset
                        << "): " << message;
}

LogicalResult OnnxNode::expectInputs(unsigned min, unsigned max) const {
  unsigned count = inputs.size();
  while (count > 0 && !inputs[count - 1])
    --count;
  if (count >= min && count <= max) {
    for (unsigned i = 0; i < min; ++i)
      if (!inputs[i])
        return fail("input " + Twine(i) + " is required");
    return success();
  }
  Twine expected = min == max ? Twine(min) : Twine(min) + " to " + Twine(max);
  return fail("expected " + expected + " inputs, got " + Twine(count));
}

FailureOr<SmallVector<int64_t>> OnnxNode::constantInts(unsigned i,
                                                       StringRef what) const {
  DenseElementsAttr values;
  if (Value value = input(i))
    values = evaluateConstant(value);
  if (!values || !values.getElementType().isIntOrIndex())
    return fail(what + " (input " + Twine(i) +
                ") must be an integer tensor known at compile time");
  SmallVector<int64_t> result;
  for (const APInt &v : values.getValues<APInt>())
    result.push_back(v.getSExtValue());
  return result;
}

FailureOr<double> OnnxNode::constantScalar(unsigned i, StringRef what) const {
  DenseElementsAttr values;
  if (Value value = input(i))
    values = evaluateConstant(value);
  if (!values || values.getNumElements() != 1)
    return fail(what + " (input " + Twine(i) +
                ") must be a one-element tensor known at compile time");
  Type element = values.getElementType();
  if (isa<FloatType>(element))
    return (*values.getValues<APFloat>().begin()).convertToDouble();
  APInt v = *values.getValues<APInt>().begin();
  return element.isUnsignedInteger() || element.isInteger(1)
             ? static_cast<double>(v.getZExtValue())
             : static_cast<double>(v.getSExtValue());
}

const onnx::AttributeProto *OnnxNode::attr(StringRef name) const {
  for (const auto &attribute : node.attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

int64_t OnnxNode::intAttr(StringRef name, int64_t fallback) const {
  const auto *value = attr(name);
  return value && value->has_i() ? value->i() : fallback;
}

float OnnxNode::floatAttr(StringRef name, float fallback) const {
  const auto *value = attr(name);
  return value && value->has_f() ? value->f() : fallback;
}

std::string OnnxNode::stringAttr(StringRef name, StringRef fallback) const {
  const auto *value = attr(name);
  return value && value->has_s() ? value->s() : fallback.str();
}

std::optional<SmallVector<int64_t>> OnnxNode::intsAttr(StringRef name) const {
  const auto *value = attr(name);
  if (!value)
    return std::nullopt;
  return SmallVector<int64_t>(value->ints().begin(), value->ints().end());
}

FailureOr<int64_t> OnnxNode::axis(int64_t value, int64_t rank,
                                  StringRef what) const {
  if (std::optional<int64_t> normalized = normalizeAxis(value, rank))
    return *normalized;
  return fail(what + " " + Twine(value) + " is out of range for rank " +
              Twine(rank));
}

Value OnnxNode::splat(RankedTensorType type, double value) const {
  Type element = type.getElementType();
  Attribute fill =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, value))
          : Attribute(IntegerAttr::get(element, static_cast<int64_t>(value)));
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, fill));
}

Value OnnxNode::scalar(Value like, double value) const {
  auto type = cast<RankedTensorType>(like.getType());
  return splat(RankedTensorType::get({}, type.getElementType()), value);
}

Value OnnxNode::int64Vector(ArrayRef<int64_t> values) const {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, values));
}

Value OnnxNode::reshape(Value value, ArrayRef<int64_t> shape) const {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return ReshapeOp::create(builder, loc, type.clone(shape), value);
}

Value OnnxNode::slice(Value value, int64_t axis, int64_t begin,
                      int64_t size) const {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> starts(type.getRank(), 0), shape(type.getShape());
  starts[axis] = begin;
  shape[axis] = size;
  return SliceOp::create(builder, loc, type.clone(shape), value,
                         builder.getDenseI64ArrayAttr(starts));
}

Value OnnxNode::transpose(Value value, ArrayRef<int64_t> perm) const {
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= static_cast<int64_t>(i) == p;
  if (identity)
    return value;
  return TransposeOp::create(builder, loc, value, perm);
}

namespace {

/// op type -> (since version -> converter), built once from the tables.
const std::map<std::string, std::map<int64_t, OnnxConverter>> &registry() {
  static const auto *table = [] {
    auto *result = new std::map<std::string, std::map<int64_t, OnnxConverter>>;
    for (auto entries :
         {elementwiseConverters(), tensorConverters(), nnConverters(),
          reductionConverters(), activationConverters(), spatialConverters(),
          recurrentConverters()})
      for (const ConverterEntry &entry : entries)
        (*result)[entry.opType][entry.sinceVersion] = entry.convert;
    return result;
  }();
  return *table;
}

} // namespace

OnnxConverter findConverter(StringRef opType, int64_t opset,
                            int64_t *firstVersion) {
  auto op = registry().find(opType.str());
  if (op == registry().end())
    return nullptr;
  auto after = op->second.upper_bound(opset);
  if (after == op->second.begin()) {
    if (firstVersion)
      *firstVersion = after->first;
    return nullptr;
  }
  return std::prev(after)->second;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> supportedOps() {
  std::vector<std::pair<std::string, std::vector<int64_t>>> ops;
  for (const auto &[opType, versions] : registry()) {
    ops.push_back({opType, {}});
    for (const auto &entry : versions)
      ops.back().second.push_back(entry.first);
  }
  return ops;
}

} // namespace kiln::onnximport
