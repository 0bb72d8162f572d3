//===- Output.cpp - printing fetched tensors ------------------------------===//

#include "Output.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace kiln {

namespace {
constexpr int64_t kMaxPrinted = 1000;

/// IEEE half to float, for printing only.
float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f,
           mantissa = h & 0x3ff, bits;
  if (exponent == 0 && mantissa == 0)
    bits = sign;
  else if (exponent == 0x1f)
    bits = sign | 0x7f800000u | (mantissa << 13);
  else if (exponent == 0) { // subnormal
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | ((113 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  } else
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void printElement(llvm::raw_ostream &os, const runtime::HostTensor &t,
                  int64_t i) {
  using runtime::DType;
  switch (t.dtype) {
  case DType::F16: os << llvm::format("%.7g", halfToFloat(t.as<uint16_t>()[i])); break;
  case DType::F32: os << llvm::format("%.7g", t.as<float>()[i]); break;
  case DType::F64: os << llvm::format("%.15g", t.as<double>()[i]); break;
  case DType::I8: os << int(t.as<int8_t>()[i]); break;
  case DType::I16: os << t.as<int16_t>()[i]; break;
  case DType::I32: os << t.as<int32_t>()[i]; break;
  case DType::I64: os << t.as<int64_t>()[i]; break;
  case DType::U8: os << unsigned(t.as<uint8_t>()[i]); break;
  case DType::U16:
    os << t.as<uint16_t>()[i];
    break;
  case DType::U32:
    os << t.as<uint32_t>()[i];
    break;
  case DType::U64:
    os << t.as<uint64_t>()[i];
    break;
  case DType::Bool: os << (t.as<uint8_t>()[i] ? "true" : "false"); break;
  }
}
} // namespace

void printTensor(llvm::raw_ostream &os, const std::string &name,
                 const runtime::HostTensor &tensor) {
  os << name << ": " << runtime::dtypeName(tensor.dtype) << "[";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    os << (i ? "," : "") << tensor.shape[i];
  os << "] ";
  int64_t count = tensor.elementCount();
  // Row-major nesting: open a bracket where an index rolls over to 0.
  // blocks[d]: elements under one index of dimension d - 1.
  std::vector<int64_t> strides(tensor.shape.size(), 1);
  for (size_t d = tensor.shape.size(); d-- > 0;)
    strides[d] = tensor.shape[d] * (d + 1 < tensor.shape.size() ? strides[d + 1] : 1);
  for (int64_t i = 0; i < std::min(count, kMaxPrinted); ++i) {
    for (int64_t stride : strides)
      if (stride && i % stride == 0)
        os << "[";
    printElement(os, tensor, i);
    int closing = 0;
    for (int64_t stride : strides)
      if (stride && (i + 1) % stride == 0)
        ++closing;
    for (int c = 0; c < closing; ++c)
      os << "]";
    if (i + 1 < count)
      os << ", ";
  }
  if (count > kMaxPrinted)
    os << "... (" << count << " elements)";
  os << "\n";
}

} // namespace kiln
