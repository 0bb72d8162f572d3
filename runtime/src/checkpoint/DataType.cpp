//===- DataType.cpp - kiln's DType <-> TensorFlow's DataType enum ---------===//

#include "kiln/runtime/checkpoint/data_type.h"

#include <iterator>

namespace kiln::runtime::checkpoint {

namespace {

struct TypePair {
  DType dtype;
  int32_t tfType;
};

constexpr TypePair kPairs[] = {
    {DType::F16, kTfHalf},   {DType::F32, kTfFloat},  {DType::F64, kTfDouble},
    {DType::I8, kTfInt8},    {DType::I16, kTfInt16},  {DType::I32, kTfInt32},
    {DType::I64, kTfInt64},  {DType::U8, kTfUint8},   {DType::Bool, kTfBool},
    {DType::U16, kTfUint16}, {DType::U32, kTfUint32}, {DType::U64, kTfUint64},
};

// Names of types.proto values 0..23, for error messages and listings.
constexpr const char *kNames[] = {
    "DT_INVALID", "DT_FLOAT",    "DT_DOUBLE",  "DT_INT32",     "DT_UINT8",
    "DT_INT16",   "DT_INT8",     "DT_STRING",  "DT_COMPLEX64", "DT_INT64",
    "DT_BOOL",    "DT_QINT8",    "DT_QUINT8",  "DT_QINT32",    "DT_BFLOAT16",
    "DT_QINT16",  "DT_QUINT16",  "DT_UINT16",  "DT_COMPLEX128", "DT_HALF",
    "DT_RESOURCE", "DT_VARIANT", "DT_UINT32",  "DT_UINT64",
};

} // namespace

int32_t toTfDataType(DType dtype) {
  for (const TypePair &pair : kPairs)
    if (pair.dtype == dtype)
      return pair.tfType;
  return 0;
}

bool fromTfDataType(int32_t tfType, DType &out) {
  for (const TypePair &pair : kPairs)
    if (pair.tfType == tfType) {
      out = pair.dtype;
      return true;
    }
  return false;
}

std::string tfDataTypeName(int32_t tfType) {
  if (tfType >= 0 && tfType < static_cast<int32_t>(std::size(kNames)))
    return kNames[tfType];
  return "DataType(" + std::to_string(tfType) + ")";
}

} // namespace kiln::runtime::checkpoint
