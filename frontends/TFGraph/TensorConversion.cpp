//===- TensorConversion.cpp - TensorFlow dtypes and tensors <-> MLIR ------===//

#include "frontends/TFGraph/TensorConversion.h"

#include "frontends/Registry/Frontend.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;
using tensorflow::DataType;

namespace kiln::tfgraph {

Type convertDataType(DataType dtype, MLIRContext *ctx) {
  Builder b(ctx);
  int value = static_cast<int>(dtype);
  if (value > 100)
    value -= 100; // reference dtypes of TF1 variables
  switch (static_cast<DataType>(value)) {
  case tensorflow::DT_FLOAT:
    return b.getF32Type();
  case tensorflow::DT_DOUBLE:
    return b.getF64Type();
  case tensorflow::DT_HALF:
    return b.getF16Type();
  case tensorflow::DT_BFLOAT16:
    return b.getBF16Type();
  case tensorflow::DT_INT8:
    return b.getIntegerType(8);
  case tensorflow::DT_INT16:
    return b.getIntegerType(16);
  case tensorflow::DT_INT32:
    return b.getIntegerType(32);
  case tensorflow::DT_INT64:
    return b.getIntegerType(64);
  case tensorflow::DT_UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case tensorflow::DT_UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case tensorflow::DT_UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case tensorflow::DT_UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case tensorflow::DT_BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

DataType convertElementType(Type type) {
  if (type.isF32())
    return tensorflow::DT_FLOAT;
  if (type.isF64())
    return tensorflow::DT_DOUBLE;
  if (type.isF16())
    return tensorflow::DT_HALF;
  if (type.isBF16())
    return tensorflow::DT_BFLOAT16;
  if (type.isInteger(1))
    return tensorflow::DT_BOOL;
  if (type.isUnsignedInteger(8))
    return tensorflow::DT_UINT8;
  if (type.isUnsignedInteger(16))
    return tensorflow::DT_UINT16;
  if (type.isUnsignedInteger(32))
    return tensorflow::DT_UINT32;
  if (type.isUnsignedInteger(64))
    return tensorflow::DT_UINT64;
  if (type.isSignlessInteger(8))
    return tensorflow::DT_INT8;
  if (type.isSignlessInteger(16))
    return tensorflow::DT_INT16;
  if (type.isSignlessInteger(32))
    return tensorflow::DT_INT32;
  if (type.isSignlessInteger(64))
    return tensorflow::DT_INT64;
  return tensorflow::DT_INVALID;
}

std::string dataTypeName(DataType dtype) {
  std::string name = tensorflow::DataType_Name(dtype);
  if (name.empty())
    return "dtype " + std::to_string(static_cast<int>(dtype));
  // DT_FLOAT -> float, DT_INT64_REF -> int64_ref, as TensorFlow prints them.
  std::string lower;
  for (char c : llvm::StringRef(name).drop_front(3))
    lower.push_back(static_cast<char>(std::tolower(c)));
  return lower;
}

FailureOr<SmallVector<int64_t>>
convertShape(const tensorflow::TensorShapeProto &shape) {
  if (shape.unknown_rank())
    return failure();
  SmallVector<int64_t> dims;
  for (const auto &dim : shape.dim())
    dims.push_back(dim.size() < 0 ? ShapedType::kDynamic : dim.size());
  return dims;
}

namespace {

/// The typed value list of `tensor` for `element`, as APInt/APFloat bits.
SmallVector<APInt> typedValues(const tensorflow::TensorProto &tensor,
                               Type element) {
  SmallVector<APInt> values;
  unsigned width = element.getIntOrFloatBitWidth();
  auto addAll = [&](const auto &list) {
    for (auto v : list)
      values.push_back(APInt(width, static_cast<uint64_t>(v),
                             /*isSigned=*/true, /*implicitTrunc=*/true));
  };
  if (element.isF32()) {
    for (float v : tensor.float_val())
      values.push_back(APFloat(v).bitcastToAPInt());
  } else if (element.isF64()) {
    for (double v : tensor.double_val())
      values.push_back(APFloat(v).bitcastToAPInt());
  } else if (element.isF16() || element.isBF16()) {
    addAll(tensor.half_val());
  } else if (element.isInteger(1)) {
    addAll(tensor.bool_val());
  } else if (element.isUnsignedInteger(32)) {
    addAll(tensor.uint32_val());
  } else if (element.isUnsignedInteger(64)) {
    addAll(tensor.uint64_val());
  } else if (element.isInteger(64)) {
    addAll(tensor.int64_val());
  } else {
    addAll(tensor.int_val());
  }
  return values;
}

} // namespace

kiln::StatusOr<DenseElementsAttr>
convertTensorProto(const tensorflow::TensorProto &tensor, MLIRContext *ctx) {
  Type element = convertDataType(tensor.dtype(), ctx);
  if (!element)
    return kiln::invalidArgument("unsupported dtype " +
                                 dataTypeName(tensor.dtype()));
  auto shape = convertShape(tensor.tensor_shape());
  if (failed(shape) || llvm::any_of(*shape, ShapedType::isDynamic))
    return kiln::invalidArgument("constant tensor has an unknown shape");
  auto type = RankedTensorType::get(*shape, element);
  if (std::optional<std::string> tooLarge = tensorSizeError(type))
    return kiln::invalidArgument("constant tensor " + *tooLarge);
  int64_t count = type.getNumElements();

  if (!tensor.tensor_content().empty()) {
    const std::string &content = tensor.tensor_content();
    int64_t byteWidth = element.isInteger(1)
                            ? 1
                            : (element.getIntOrFloatBitWidth() + 7) / 8;
    if (static_cast<int64_t>(content.size()) != count * byteWidth)
      return kiln::invalidArgument(
          "tensor_content has " + std::to_string(content.size()) +
          " bytes, expected " + std::to_string(count * byteWidth) + " for " +
          std::to_string(count) + " elements");
    if (element.isInteger(1)) {
      SmallVector<bool> bools;
      for (char c : content)
        bools.push_back(c != 0);
      return DenseElementsAttr::get(type, bools);
    }
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(content.data(), content.size()));
  }

  SmallVector<APInt> values = typedValues(tensor, element);
  if (static_cast<int64_t>(values.size()) > count)
    return kiln::invalidArgument(
        "constant has " + std::to_string(values.size()) + " values for " +
        std::to_string(count) + " elements");
  // TensorFlow zero-fills an empty list and repeats the last value of a
  // short one over the rest of the shape.
  if (values.empty())
    values.push_back(APInt(element.getIntOrFloatBitWidth(), 0));
  if (static_cast<int64_t>(values.size()) < count &&
      llvm::all_equal(values))
    values.resize(1);
  else
    values.resize(count, values.back());
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> floats;
    for (const APInt &bits : values)
      floats.push_back(APFloat(floatType.getFloatSemantics(), bits));
    return DenseElementsAttr::get(type, floats);
  }
  return DenseElementsAttr::get(type, values);
}

LogicalResult exportTensorProto(DenseElementsAttr attr,
                                tensorflow::TensorProto &tensor) {
  auto type = cast<RankedTensorType>(attr.getType());
  Type element = type.getElementType();
  DataType dtype = convertElementType(element);
  if (dtype == tensorflow::DT_INVALID)
    return failure();
  tensor.set_dtype(dtype);
  auto *shape = tensor.mutable_tensor_shape();
  for (int64_t dim : type.getShape())
    shape->add_dim()->set_size(dim);

  if (attr.isSplat()) {
    if (element.isF32())
      tensor.add_float_val(attr.getSplatValue<APFloat>().convertToFloat());
    else if (element.isF64())
      tensor.add_double_val(attr.getSplatValue<APFloat>().convertToDouble());
    else if (element.isF16() || element.isBF16())
      tensor.add_half_val(static_cast<int32_t>(
          attr.getSplatValue<APFloat>().bitcastToAPInt().getZExtValue()));
    else if (element.isInteger(1))
      tensor.add_bool_val(attr.getSplatValue<bool>());
    else if (element.isUnsignedInteger(32))
      tensor.add_uint32_val(
          static_cast<uint32_t>(attr.getSplatValue<APInt>().getZExtValue()));
    else if (element.isUnsignedInteger(64))
      tensor.add_uint64_val(attr.getSplatValue<APInt>().getZExtValue());
    else if (element.isInteger(64))
      tensor.add_int64_val(attr.getSplatValue<APInt>().getSExtValue());
    else if (element.isUnsignedInteger())
      tensor.add_int_val(
          static_cast<int32_t>(attr.getSplatValue<APInt>().getZExtValue()));
    else
      tensor.add_int_val(
          static_cast<int32_t>(attr.getSplatValue<APInt>().getSExtValue()));
    return success();
  }
  std::string *content = tensor.mutable_tensor_content();
  if (element.isInteger(1)) {
    for (bool b : attr.getValues<bool>())
      content->push_back(b ? 1 : 0);
    return success();
  }
  ArrayRef<char> raw = attr.getRawData();
  content->assign(raw.data(), raw.size());
  return success();
}

} // namespace kiln::tfgraph
