//===- OnnxTensor.cpp - ONNX dtypes and TensorProto contents --------------===//

#include "frontends/ONNX/OnnxTensor.h"
#include "kiln/runtime/checked_size.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace mlir;
using onnx::TensorProto;

namespace kiln::onnximport {

std::string dataTypeName(int32_t dataType) {
  if (TensorProto::DataType_IsValid(dataType))
    return TensorProto::DataType_Name(
        static_cast<TensorProto::DataType>(dataType));
  return "dtype " + std::to_string(dataType);
}

Type convertDataType(int32_t dataType, MLIRContext *ctx, std::string *why) {
  Builder b(ctx);
  switch (dataType) {
  case TensorProto::FLOAT:
    return b.getF32Type();
  case TensorProto::DOUBLE:
    return b.getF64Type();
  case TensorProto::FLOAT16:
    return b.getF16Type();
  case TensorProto::BFLOAT16:
    return b.getBF16Type();
  case TensorProto::INT8:
    return b.getIntegerType(8);
  case TensorProto::INT16:
    return b.getIntegerType(16);
  case TensorProto::INT32:
    return b.getIntegerType(32);
  case TensorProto::INT64:
    return b.getIntegerType(64);
  case TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case TensorProto::UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case TensorProto::UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case TensorProto::UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case TensorProto::BOOL:
    return b.getI1Type();
  default:
    if (why) {
      std::string name = dataTypeName(dataType);
      for (char &c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      *why = "kiln has no " + name + " dtype";
    }
    return nullptr;
  }
}

int32_t dataTypeOf(Type type) {
  if (type.isF32())
    return TensorProto::FLOAT;
  if (type.isF64())
    return TensorProto::DOUBLE;
  if (type.isF16())
    return TensorProto::FLOAT16;
  if (type.isBF16())
    return TensorProto::BFLOAT16;
  if (type.isInteger(1))
    return TensorProto::BOOL;
  if (type.isUnsignedInteger(8))
    return TensorProto::UINT8;
  if (type.isUnsignedInteger(16))
    return TensorProto::UINT16;
  if (type.isUnsignedInteger(32))
    return TensorProto::UINT32;
  if (type.isUnsignedInteger(64))
    return TensorProto::UINT64;
  if (type.isSignlessInteger(8))
    return TensorProto::INT8;
  if (type.isSignlessInteger(16))
    return TensorProto::INT16;
  if (type.isSignlessInteger(32))
    return TensorProto::INT32;
  if (type.isSignlessInteger(64))
    return TensorProto::INT64;
  return TensorProto::UNDEFINED;
}

size_t dataTypeSize(int32_t dataType) {
  switch (dataType) {
  case TensorProto::UINT8:
  case TensorProto::INT8:
  case TensorProto::BOOL:
    return 1;
  case TensorProto::UINT16:
  case TensorProto::INT16:
  case TensorProto::FLOAT16:
  case TensorProto::BFLOAT16:
    return 2;
  case TensorProto::FLOAT:
  case TensorProto::INT32:
  case TensorProto::UINT32:
    return 4;
  case TensorProto::DOUBLE:
  case TensorProto::INT64:
  case TensorProto::UINT64:
    return 8;
  default:
    return 0;
  }
}

int64_t DecodedTensor::elementCount() const {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

namespace {

/// Appends the low `size` bytes of each value, little-endian.
template <typename Range>
void appendLow(std::string &bytes, const Range &values, size_t size) {
  for (auto value : values) {
    uint64_t bits = static_cast<uint64_t>(value);
    for (size_t i = 0; i < size; ++i)
      bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
}

template <typename Range>
void appendRaw(std::string &bytes, const Range &values) {
  for (auto value : values)
    bytes.append(reinterpret_cast<const char *>(&value), sizeof(value));
}

/// Reads the external data of `tensor` (keys location, offset, length).
Status readExternal(const TensorProto &tensor, const std::string &directory,
                    const std::string &what, uint64_t expected,
                    std::string &bytes) {
  std::string location;
  uint64_t offset = 0, length = 0;
  bool hasLength = false;
  for (const auto &entry : tensor.external_data()) {
    llvm::StringRef value = entry.value();
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      uint64_t number = 0;
      if (value.getAsInteger(10, number))
        return invalidArgument(what + ": external data " + entry.key() + " '" +
                               entry.value() + "' is not a number");
      (entry.key() == "offset" ? offset : length) = number;
      hasLength |= entry.key() == "length";
    }
  }
  if (location.empty())
    return invalidArgument(what + ": external data has no location");
  llvm::StringRef path(location);
  if (llvm::sys::path::is_absolute(path))
    return invalidArgument(what + ": external data location '" + location +
                           "' must be relative to the model");
  for (auto part = llvm::sys::path::begin(path),
            end = llvm::sys::path::end(path);
       part != end; ++part)
    if (*part == "..")
      return invalidArgument(what + ": external data location '" + location +
                             "' leaves the model's directory");
  llvm::SmallString<256> full(directory);
  llvm::sys::path::append(full, path);
  auto file = llvm::MemoryBuffer::getFile(full, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return notFound(what + ": cannot read external data '" + std::string(full) +
                    "': " + file.getError().message());
  uint64_t size = (*file)->getBufferSize();
  if (!hasLength)
    length = offset <= size ? size - offset : 0;
  if (offset > size || length > size - offset)
    return dataLoss(what + ": external data '" + std::string(full) + "' has " +
                    std::to_string(size) + " bytes; offset " +
                    std::to_string(offset) + " + length " +
                    std::to_string(length) + " runs past its end");
  if (length != expected)
    return dataLoss(what + ": external data holds " + std::to_string(length) +
                    " bytes, the shape needs " + std::to_string(expected));
  bytes.assign((*file)->getBufferStart() + offset, length);
  return Status();
}

} // namespace

StatusOr<DecodedTensor> decodeTensor(const TensorProto &tensor,
                                     const std::string &modelDirectory) {
  std::string what = "tensor '" + tensor.name() + "'";
  DecodedTensor decoded;
  decoded.dataType = tensor.data_type();
  size_t elementSize = dataTypeSize(decoded.dataType);
  if (elementSize == 0)
    return invalidArgument(what + ": " + dataTypeName(decoded.dataType) +
                           " tensors are not supported");
  for (int64_t dim : tensor.dims()) {
    if (dim < 0)
      return invalidArgument(what + ": negative dimension " +
                             std::to_string(dim));
    decoded.dims.push_back(dim);
  }
  uint64_t count = 0;
  if (!checkedElementCount(decoded.dims.data(), decoded.dims.size(),
                           elementSize, count))
    return invalidArgument(
        what + ": shape " +
        formatDims(decoded.dims.data(), decoded.dims.size()) +
        " is larger than kiln can hold (2^48 bytes)");
  uint64_t expected = count * elementSize;
  std::string &bytes = decoded.bytes;
  if (tensor.data_location() == TensorProto::EXTERNAL) {
    if (Status status =
            readExternal(tensor, modelDirectory, what, expected, bytes);
        !status.ok())
      return status;
    return decoded;
  }
  if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
  } else {
    switch (decoded.dataType) {
    case TensorProto::FLOAT:
      appendRaw(bytes, tensor.float_data());
      break;
    case TensorProto::DOUBLE:
      appendRaw(bytes, tensor.double_data());
      break;
    case TensorProto::INT64:
      appendRaw(bytes, tensor.int64_data());
      break;
    case TensorProto::UINT32:
    case TensorProto::UINT64:
      appendLow(bytes, tensor.uint64_data(), elementSize);
      break;
    default: // 8- to 32-bit integers, bool and 16-bit floats' bits
      appendLow(bytes, tensor.int32_data(), elementSize);
      break;
    }
  }
  if (bytes.size() != expected)
    return dataLoss(what + ": holds " + std::to_string(bytes.size()) +
                    " bytes of " + dataTypeName(decoded.dataType) +
                    ", its shape needs " + std::to_string(expected));
  return decoded;
}

StatusOr<DenseElementsAttr> toElementsAttr(const DecodedTensor &decoded,
                                           MLIRContext *ctx) {
  std::string why;
  Type element = convertDataType(decoded.dataType, ctx, &why);
  if (!element)
    return invalidArgument(why);
  auto type = RankedTensorType::get(decoded.dims, element);
  if (element.isInteger(1)) {
    llvm::SmallVector<bool> values;
    values.reserve(decoded.bytes.size());
    for (char byte : decoded.bytes)
      values.push_back(byte != 0);
    return DenseElementsAttr::get(type, values);
  }
  return DenseElementsAttr::getFromRawBuffer(
      type, llvm::ArrayRef<char>(decoded.bytes.data(), decoded.bytes.size()));
}

} // namespace kiln::onnximport
