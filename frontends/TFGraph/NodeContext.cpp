//===- NodeContext.cpp - attribute and input helpers for converters -------===//

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnConstantFolding.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "frontends/TFGraph/TensorConversion.h"

using namespace mlir;

namespace kiln::tfgraph {

LogicalResult NodeContext::fail(const Twine &message) const {
  std::string file = "<graph>";
  if (auto name = dyn_cast<NameLoc>(loc))
    if (auto fileLoc = dyn_cast<FileLineColLoc>(name.getChildLoc()))
      file = fileLoc.getFilename().str();
  return emitError(loc) << file << ": node '" << node.name() << "' (op '"
                        << node.op() << "'): " << message;
}

Value NodeContext::input(unsigned i) {
  InputRef &ref = inputs[i];
  if (ref.value)
    return ref.value;
  return ReadVariableOp::create(builder, loc, ref.variableType,
                                FlatSymbolRefAttr::get(builder.getContext(),
                                                       ref.variable));
}

FailureOr<RankedTensorType> NodeContext::inputType(unsigned i) {
  Type type = inputs[i].value ? inputs[i].value.getType()
                              : inputs[i].variableType;
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor;
  return fail("input " + Twine(i) + " is not a ranked tensor");
}

LogicalResult NodeContext::expectInputs(unsigned count) const {
  if (inputs.size() == count)
    return success();
  return fail("expected " + Twine(count) +
              (count == 1 ? " data input, got " : " data inputs, got ") +
              Twine(inputs.size()));
}

LogicalResult NodeContext::expectCountAttr(StringRef name, size_t count) const {
  int64_t declared = intAttr(name, count);
  if (declared == static_cast<int64_t>(count))
    return success();
  return fail("attribute " + name + " is " + Twine(declared) +
              " but the node has " + Twine(count) + " of those inputs");
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(unsigned i,
                                                          StringRef what) {
  DenseElementsAttr values;
  if (i < inputs.size() && inputs[i].value)
    values = evaluateConstant(inputs[i].value);
  if (!values || !values.getElementType().isIntOrIndex()) {
    std::string input = "input " + std::to_string(i);
    if (!what.empty())
      input = what.str() + " (" + input + ")";
    return fail(input + " must be a constant integer tensor (kiln needs it "
                        "at compile time)");
  }
  SmallVector<int64_t> result;
  for (const APInt &v : values.getValues<APInt>())
    result.push_back(v.getSExtValue());
  return result;
}

FailureOr<int64_t> NodeContext::constantInt(unsigned i, StringRef what) {
  return onlyValue(constantInts(i, what), i, what);
}

FailureOr<int64_t> NodeContext::axisInput(unsigned i, int64_t rank,
                                          StringRef what) {
  FailureOr<int64_t> value = constantInt(i, what);
  if (failed(value))
    return failure();
  return axis(*value, rank, what);
}

LogicalResult NodeContext::expectNHWC() const {
  std::string format = stringAttr("data_format", "NHWC");
  if (format != "NHWC")
    return fail("data_format '" + format + "' is not supported; kiln "
                "takes NHWC");
  return success();
}

const tensorflow::AttrValue *NodeContext::attr(StringRef name) const {
  auto it = node.attr().find(name.str());
  return it == node.attr().end() ? nullptr : &it->second;
}

int64_t NodeContext::intAttr(StringRef name, int64_t fallback) const {
  const auto *value = attr(name);
  return value && value->value_case() == tensorflow::AttrValue::kI ? value->i()
                                                                    : fallback;
}

float NodeContext::floatAttr(StringRef name, float fallback) const {
  const auto *value = attr(name);
  return value && value->value_case() == tensorflow::AttrValue::kF ? value->f()
                                                                    : fallback;
}

bool NodeContext::boolAttr(StringRef name, bool fallback) const {
  const auto *value = attr(name);
  return value && value->value_case() == tensorflow::AttrValue::kB ? value->b()
                                                                    : fallback;
}

std::string NodeContext::stringAttr(StringRef name, StringRef fallback) const {
  const auto *value = attr(name);
  return value && value->value_case() == tensorflow::AttrValue::kS
             ? value->s()
             : fallback.str();
}

SmallVector<int64_t> NodeContext::intListAttr(StringRef name) const {
  SmallVector<int64_t> result;
  if (const auto *value = attr(name))
    for (int64_t v : value->list().i())
      result.push_back(v);
  return result;
}

FailureOr<Type> NodeContext::typeAttr(StringRef name) const {
  const auto *value = attr(name);
  if (!value || value->value_case() != tensorflow::AttrValue::kType)
    return fail("missing the type attribute '" + name + "'");
  Type type = convertDataType(value->type(), builder.getContext());
  if (!type)
    return fail("unsupported dtype " + dataTypeName(value->type()) +
                " in attribute '" + name + "'");
  return type;
}

FailureOr<Type> NodeContext::typeAttr(StringRef name, Type absent) const {
  return attr(name) ? typeAttr(name) : FailureOr<Type>(absent);
}

} // namespace kiln::tfgraph
