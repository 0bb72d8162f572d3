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

FailureOr<int64_t> OnnxNode::constantInt(unsigned i, StringRef what) const {
  return onlyValue(constantInts(i, what), i, what);
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

namespace {

/// op type -> (since version -> converter), built once from the tables.
const std::map<std::string, std::map<int64_t, OnnxConverter>> &registry() {
  static const auto *table = [] {
    auto *result = new std::map<std::string, std::map<int64_t, OnnxConverter>>;
    for (auto entries :
         {elementwiseConverters(), tensorConverters(), nnConverters(),
          reductionConverters(), activationConverters(), spatialConverters(),
          recurrentConverters(), poolConverters()})
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
