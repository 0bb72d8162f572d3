//===- Dump.cpp - printing a checkpoint's tensors -------------------------===//
//
// The format is what tests/interop/tf_checkpoints.py prints from TensorFlow's
// reader, so the lit tests compare the two with diff: floats with %.9g,
// doubles with %.17g (both round-trip), halves widened to float, bools as
// 0/1, strings as hex.
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/checkpoint/data_type.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace kiln::checkpoint_tool {

using namespace kiln::runtime;
using namespace kiln::runtime::checkpoint;

namespace {

int fail(const io::Status &status) {
  std::fprintf(stderr, "kiln-checkpoint: %s\n", status.toString().c_str());
  return 1;
}

float halfToFloat(uint16_t bits) {
  int sign = bits >> 15, exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  float value;
  if (exponent == 0)
    value = std::ldexp(float(mantissa), -24);
  else if (exponent == 31)
    value = mantissa ? NAN : INFINITY;
  else
    value = std::ldexp(float(mantissa | 0x400), exponent - 25);
  return sign ? -value : value;
}

std::string formatValue(const HostTensor &tensor, int64_t i) {
  char buffer[64];
  switch (tensor.dtype) {
  case DType::F16: {
    uint16_t bits;
    std::memcpy(&bits, tensor.data.data() + 2 * i, 2);
    std::snprintf(buffer, sizeof(buffer), "%.9g", double(halfToFloat(bits)));
    break;
  }
  case DType::F32:
    std::snprintf(buffer, sizeof(buffer), "%.9g", double(tensor.as<float>()[i]));
    break;
  case DType::F64:
    std::snprintf(buffer, sizeof(buffer), "%.17g", tensor.as<double>()[i]);
    break;
  case DType::I8:
    return std::to_string(tensor.as<int8_t>()[i]);
  case DType::I16:
    return std::to_string(tensor.as<int16_t>()[i]);
  case DType::I32:
    return std::to_string(tensor.as<int32_t>()[i]);
  case DType::I64:
    return std::to_string(tensor.as<int64_t>()[i]);
  case DType::U8:
    return std::to_string(tensor.as<uint8_t>()[i]);
  case DType::U16:
    return std::to_string(tensor.as<uint16_t>()[i]);
  case DType::U32:
    return std::to_string(tensor.as<uint32_t>()[i]);
  case DType::U64:
    return std::to_string(tensor.as<uint64_t>()[i]);
  case DType::Bool:
    return tensor.data[i] ? "1" : "0";
  }
  return buffer;
}

std::string hex(const std::string &bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out.empty() ? "''" : out;
}

int dumpOne(const BundleReader &reader, const TensorInfo &info) {
  std::string line = info.name + " " + tfDataTypeName(info.entry.dtype) + " " +
                     formatShape(info.entry.shape) + ":";
  if (info.entry.dtype == kTfString) {
    std::vector<std::string> strings;
    io::Status status = reader.readStrings(info.name, strings);
    if (!status.ok())
      return fail(status);
    for (const std::string &s : strings)
      line += " " + hex(s);
  } else {
    HostTensor tensor;
    io::Status status = reader.read(info.name, tensor);
    if (!status.ok())
      return fail(status);
    for (int64_t i = 0; i < tensor.elementCount(); ++i)
      line += " " + formatValue(tensor, i);
  }
  std::printf("%s\n", line.c_str());
  return 0;
}

} // namespace

int listTensors(const std::string &prefix) {
  std::unique_ptr<BundleReader> reader;
  if (io::Status status = BundleReader::open(prefix, reader); !status.ok())
    return fail(status);
  for (const TensorInfo &info : reader->tensors())
    std::printf("%s %s %s\n", info.name.c_str(),
                tfDataTypeName(info.entry.dtype).c_str(),
                formatShape(info.entry.shape).c_str());
  return 0;
}

int dumpTensors(const std::string &prefix, const std::vector<std::string> &names) {
  std::unique_ptr<BundleReader> reader;
  if (io::Status status = BundleReader::open(prefix, reader); !status.ok())
    return fail(status);
  if (names.empty()) {
    for (const TensorInfo &info : reader->tensors())
      if (int rc = dumpOne(*reader, info))
        return rc;
    return 0;
  }
  for (const std::string &name : names) {
    const TensorInfo *info = reader->find(name);
    if (!info)
      return fail(io::notFound(prefix + ": no tensor \"" + name + "\""));
    if (int rc = dumpOne(*reader, *info))
      return rc;
  }
  return 0;
}

int printLatest(const std::string &directory) {
  std::string prefix;
  if (io::Status status = latestCheckpoint(directory, prefix); !status.ok())
    return fail(status);
  std::printf("%s\n", prefix.c_str());
  return 0;
}

} // namespace kiln::checkpoint_tool
