//===- data_type.h - kiln's DType <-> TensorFlow's DataType enum ----------===//
//
// Checkpoint entries store TensorFlow's DataType numbers (types.proto,
// FACTS.md section 1.6); kiln's tensors carry runtime::DType. This is the one
// table between them, so the writer and the reader cannot disagree.
//
// Thread-safe: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_DATA_TYPE_H
#define KILN_RUNTIME_CHECKPOINT_DATA_TYPE_H

#include "kiln/runtime/npy.h"

#include <cstdint>
#include <string>

namespace kiln::runtime::checkpoint {

/// TensorFlow DataType values the bundle code names explicitly.
constexpr int32_t kTfFloat = 1;
constexpr int32_t kTfDouble = 2;
constexpr int32_t kTfInt32 = 3;
constexpr int32_t kTfUint8 = 4;
constexpr int32_t kTfInt16 = 5;
constexpr int32_t kTfInt8 = 6;
constexpr int32_t kTfString = 7;
constexpr int32_t kTfInt64 = 9;
constexpr int32_t kTfBool = 10;
constexpr int32_t kTfUint16 = 17;
constexpr int32_t kTfHalf = 19;
constexpr int32_t kTfUint32 = 22;
constexpr int32_t kTfUint64 = 23;

/// TensorFlow's number for `dtype` (every DType has one).
int32_t toTfDataType(DType dtype);

/// kiln's DType for TensorFlow's `tfType`; false for types kiln's tensors
/// cannot hold (strings, complex, quantized, ...).
bool fromTfDataType(int32_t tfType, DType &out);

/// "DT_FLOAT", "DT_STRING", ... or "DataType(N)" for numbers not listed.
std::string tfDataTypeName(int32_t tfType);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_DATA_TYPE_H
