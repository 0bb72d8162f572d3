//===- DecodeRaw.cpp - bytes reinterpreted as numbers ---------------------===//

#include "kiln/runtime/io/decode_raw.h"

#include <algorithm>
#include <cstring>

namespace kiln::runtime::io {

namespace {

bool hostIsLittleEndian() {
  const uint16_t probe = 1;
  uint8_t first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

/// Copies `bytes` to `into`, reversing each `width`-byte element when the
/// data's byte order is not the host's.
void copyElements(std::string_view bytes, size_t width, bool littleEndian,
                  uint8_t *into) {
  if (bytes.empty())
    return; // `into` may be null
  std::memcpy(into, bytes.data(), bytes.size());
  if (width == 1 || littleEndian == hostIsLittleEndian())
    return;
  for (size_t at = 0; at < bytes.size(); at += width)
    std::reverse(into + at, into + at + width);
}

} // namespace

Status decodeRaw(std::string_view bytes, DType dtype, HostTensor &out,
                 const std::string &what, bool littleEndian) {
  size_t width = dtypeSize(dtype);
  if (bytes.size() % width != 0)
    return invalidArgument(what + ": " + std::to_string(bytes.size()) +
                           " bytes is not a whole number of " +
                           dtypeName(dtype) + " elements (" +
                           std::to_string(width) + " bytes each)");
  out.dtype = dtype;
  out.shape = {static_cast<int64_t>(bytes.size() / width)};
  out.data.resize(bytes.size());
  copyElements(bytes, width, littleEndian, out.data.data());
  return Status();
}

Status decodeRawBatch(const std::vector<std::string> &batch, DType dtype,
                      HostTensor &out, const std::string &what,
                      bool littleEndian) {
  size_t width = dtypeSize(dtype);
  size_t rowBytes = batch.empty() ? 0 : batch.front().size();
  out.dtype = dtype;
  out.data.resize(batch.size() * rowBytes);
  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string &row = batch[i];
    std::string name = what + " #" + std::to_string(i);
    if (row.size() % width != 0)
      return invalidArgument(name + ": " + std::to_string(row.size()) +
                             " bytes is not a whole number of " +
                             dtypeName(dtype) + " elements");
    if (row.size() != rowBytes)
      return invalidArgument(name + ": " + std::to_string(row.size()) +
                             " bytes, but #0 has " + std::to_string(rowBytes) +
                             "; a batch needs equal lengths");
    copyElements(row, width, littleEndian, out.data.data() + i * rowBytes);
  }
  out.shape = {static_cast<int64_t>(batch.size()),
               static_cast<int64_t>(rowBytes / width)};
  return Status();
}

} // namespace kiln::runtime::io
