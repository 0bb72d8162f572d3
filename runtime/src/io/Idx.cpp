//===- Idx.cpp - IDX files (MNIST, Fashion-MNIST) -------------------------===//

#include "kiln/runtime/io/idx.h"

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace kiln::runtime::io {

namespace {

struct IdxType {
  uint8_t code;
  DType dtype;
};

// The type byte (third of the magic) of each element type.
constexpr IdxType kIdxTypes[] = {
    {0x08, DType::U8},  {0x09, DType::I8},  {0x0B, DType::I16},
    {0x0C, DType::I32}, {0x0D, DType::F32}, {0x0E, DType::F64},
};

uint32_t loadBigEndian32(const char *bytes) {
  return uint32_t(static_cast<uint8_t>(bytes[0])) << 24 |
         uint32_t(static_cast<uint8_t>(bytes[1])) << 16 |
         uint32_t(static_cast<uint8_t>(bytes[2])) << 8 |
         uint32_t(static_cast<uint8_t>(bytes[3]));
}

std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

/// Swaps each element of `data` from big-endian to little-endian (or back);
/// kiln's hosts are little-endian, as npy.h assumes.
void swapElements(std::vector<uint8_t> &data, size_t width) {
  if (width == 1)
    return;
  for (size_t at = 0; at + width <= data.size(); at += width)
    std::reverse(data.begin() + at, data.begin() + at + width);
}

/// The magic an IDX file holding `tensor` starts with.
uint32_t magicOf(const HostTensor &tensor) {
  for (const IdxType &type : kIdxTypes)
    if (type.dtype == tensor.dtype)
      return uint32_t(type.code) << 8 | uint32_t(tensor.shape.size());
  return 0;
}

Status readExpecting(const std::string &path, uint32_t magic,
                     HostTensor &out) {
  KILN_IO_RETURN_IF_ERROR(readIdx(path, out));
  if (magicOf(out) != magic)
    return invalidArgument(path + ": magic " + hex32(magicOf(out)) +
                           ", expected " + hex32(magic));
  return Status();
}

} // namespace

Status decodeIdx(std::string_view bytes, HostTensor &out,
                 const std::string &name) {
  if (bytes.size() < 4)
    return dataLoss(name + ": truncated IDX header (" +
                    std::to_string(bytes.size()) + " bytes)");
  uint32_t magic = loadBigEndian32(bytes.data());
  uint8_t typeCode = (magic >> 8) & 0xff;
  size_t rank = magic & 0xff;
  const IdxType *type = nullptr;
  for (const IdxType &candidate : kIdxTypes)
    if (candidate.code == typeCode)
      type = &candidate;
  if ((magic >> 16) != 0 || !type)
    return invalidArgument(name + ": not an IDX file (magic " + hex32(magic) +
                           "; expected 0x000008NN to 0x00000eNN)");
  size_t headerBytes = 4 + 4 * rank;
  if (bytes.size() < headerBytes)
    return dataLoss(name + ": truncated IDX header: " +
                    std::to_string(rank) + " dimensions need " +
                    std::to_string(headerBytes) + " bytes, the file has " +
                    std::to_string(bytes.size()));
  out.dtype = type->dtype;
  out.shape.clear();
  size_t width = dtypeSize(type->dtype);
  // Multiply in 128 bits' worth of caution: a corrupt header must not wrap
  // around to a small, plausible size.
  // A zero dimension makes the tensor empty whatever the others hold.
  for (size_t i = 0; i < rank; ++i)
    out.shape.push_back(loadBigEndian32(bytes.data() + 4 + 4 * i));
  bool empty =
      std::find(out.shape.begin(), out.shape.end(), 0) != out.shape.end();
  unsigned __int128 expected = empty ? 0 : width;
  for (size_t i = 0; i < rank && expected <= bytes.size(); ++i)
    expected *= uint64_t(out.shape[i]);
  size_t available = bytes.size() - headerBytes;
  if (expected != available) {
    std::string shape;
    for (size_t i = 0; i < rank; ++i)
      shape += (i ? "x" : "") +
               std::to_string(loadBigEndian32(bytes.data() + 4 + 4 * i));
    return dataLoss(name + ": header shape " + shape + " of " +
                    dtypeName(type->dtype) + " does not match the " +
                    std::to_string(available) + " data bytes" +
                    (expected > available ? " (truncated file?)" : ""));
  }
  out.data.assign(bytes.begin() + headerBytes, bytes.end());
  swapElements(out.data, width);
  return Status();
}

Status readIdx(const std::string &path, HostTensor &out) {
  std::unique_ptr<InputStream> file;
  KILN_IO_RETURN_IF_ERROR(openForRead(path, file));
  // Read it all, then inflate from memory if it starts like GZIP: the
  // format needs the whole file anyway.
  std::string bytes;
  KILN_IO_RETURN_IF_ERROR(readAll(*file, bytes));
  if (looksGzipped(bytes)) {
    auto gzip = makeDecompressingStream(
        makeMemoryInputStream(std::move(bytes), path), Compression::Gzip);
    KILN_IO_RETURN_IF_ERROR(readAll(*gzip, bytes));
  }
  return decodeIdx(bytes, out, path);
}

Status readIdxImages(const std::string &path, HostTensor &out) {
  return readExpecting(path, kIdxImagesMagic, out);
}

Status readIdxLabels(const std::string &path, HostTensor &out) {
  return readExpecting(path, kIdxLabelsMagic, out);
}

Status encodeIdx(const HostTensor &tensor, std::string &out) {
  const IdxType *type = nullptr;
  for (const IdxType &candidate : kIdxTypes)
    if (candidate.dtype == tensor.dtype)
      type = &candidate;
  if (!type)
    return invalidArgument(std::string("IDX has no element type for ") +
                           dtypeName(tensor.dtype));
  if (tensor.shape.size() > 255)
    return invalidArgument("IDX holds at most 255 dimensions");
  out.clear();
  auto put32 = [&](uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((value >> shift) & 0xff));
  };
  put32(uint32_t(type->code) << 8 | uint32_t(tensor.shape.size()));
  for (int64_t dim : tensor.shape) {
    if (dim < 0 || dim > 0xffffffffll)
      return invalidArgument("IDX dimensions must fit in uint32, got " +
                             std::to_string(dim));
    put32(static_cast<uint32_t>(dim));
  }
  std::vector<uint8_t> data = tensor.data;
  swapElements(data, dtypeSize(tensor.dtype));
  out.append(reinterpret_cast<const char *>(data.data()), data.size());
  return Status();
}

} // namespace kiln::runtime::io
