//===- Npy.cpp - NumPy .npy files -----------------------------------------===//

#include "kiln/runtime/npy.h"

#include "kiln/runtime/checked_size.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiln::runtime {

namespace {

struct DTypeInfo {
  DType dtype;
  const char *descr; // NumPy's descr string, little-endian
  const char *name;
  size_t size;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::F16, "<f2", "f16", 2},   {DType::F32, "<f4", "f32", 4},
    {DType::F64, "<f8", "f64", 8},   {DType::I8, "|i1", "i8", 1},
    {DType::I16, "<i2", "i16", 2},   {DType::I32, "<i4", "i32", 4},
    {DType::I64, "<i8", "i64", 8},   {DType::U8, "|u1", "u8", 1},
    {DType::Bool, "|b1", "bool", 1}, {DType::U16, "<u2", "u16", 2},
    {DType::U32, "<u4", "u32", 4},   {DType::U64, "<u8", "u64", 8},
};

const DTypeInfo &info(DType dtype) {
  for (const DTypeInfo &entry : kDTypes)
    if (entry.dtype == dtype)
      return entry;
  return kDTypes[1];
}

/// Finds `'key':` in a header dict and returns what follows, trimmed.
bool headerValue(const std::string &header, const std::string &key,
                 std::string &value) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    return false;
  at = header.find(':', at);
  if (at == std::string::npos)
    return false;
  value = header.substr(at + 1);
  size_t start = value.find_first_not_of(" ");
  value = start == std::string::npos ? "" : value.substr(start);
  return true;
}

Status fail(const std::string &path, const std::string &why) {
  return invalidArgument(path + ": " + why);
}

} // namespace

size_t dtypeSize(DType dtype) { return info(dtype).size; }
const char *dtypeName(DType dtype) { return info(dtype).name; }

int64_t HostTensor::elementCount() const {
  // Checked shapes may hold a zero after dimensions whose product alone
  // would overflow ([2^40, 2^40, 0] is empty): look for the zero first.
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim == 0)
      return 0;
    count *= uint64_t(dim);
  }
  return int64_t(count);
}

Status readNpy(const std::string &path, HostTensor &out) {
  // A directory opens as a stream, and reading it then throws from inside
  // the stream buffer: refuse anything but a file first.
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    return invalidArgument(path + ": is a directory, not a .npy file");
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return notFound(path + ": cannot open the file");
  std::string bytes;
  char chunk[1 << 16];
  while (file.read(chunk, sizeof chunk) || file.gcount() > 0)
    bytes.append(chunk, size_t(file.gcount()));
  if (file.bad())
    return dataLoss(path + ": cannot read the file");
  return decodeNpy(bytes, path, out);
}

Status decodeNpy(std::string_view bytes, const std::string &path,
                 HostTensor &out) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    return fail(path, "not a .npy file (bad magic)");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail(path, "truncated header");
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return fail(path, "unsupported .npy version " + std::to_string(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return fail(path, "truncated header");
  std::string header(bytes.substr(headerStart, headerLength));

  std::string descr, order, shape;
  if (!headerValue(header, "descr", descr) ||
      !headerValue(header, "fortran_order", order) ||
      !headerValue(header, "shape", shape))
    return fail(path, "header lacks descr, fortran_order or shape");
  if (order.rfind("False", 0) != 0)
    return fail(path, "Fortran-ordered arrays are not supported; save "
                      "with np.ascontiguousarray");
  bool known = false;
  for (const DTypeInfo &entry : kDTypes) {
    std::string quoted = std::string("'") + entry.descr + "'";
    // One-byte types may also be written with '<' or '=' byte order.
    std::string alternate = quoted;
    if (entry.size == 1)
      alternate[1] = '<';
    if (descr.rfind(quoted, 0) == 0 || descr.rfind(alternate, 0) == 0) {
      out.dtype = entry.dtype;
      known = true;
      break;
    }
  }
  if (!known) {
    std::string shown = descr.substr(0, descr.find(','));
    if (shown.size() > 2 && shown[1] == '>')
      return fail(path, "big-endian data (" + shown +
                            ") is not supported; convert with "
                            "astype('<...')");
    return fail(path, "unsupported dtype " + shown);
  }
  out.shape.clear();
  size_t open = shape.find('('), close = shape.find(')');
  if (open == std::string::npos || close == std::string::npos)
    return fail(path, "malformed shape in header");
  std::stringstream dims(shape.substr(open + 1, close - open - 1));
  std::string dim;
  while (std::getline(dims, dim, ',')) {
    size_t first = dim.find_first_not_of(" ");
    if (first == std::string::npos)
      continue;
    char *end = nullptr;
    long long value = std::strtoll(dim.c_str() + first, &end, 10);
    if (end == dim.c_str() + first || value < 0)
      return fail(path, "malformed shape in header");
    out.shape.push_back(value);
  }
  uint64_t count = 0;
  if (!checkedElementCount(out.shape.data(), out.shape.size(),
                           dtypeSize(out.dtype), count))
    return fail(path, "shape " +
                          formatDims(out.shape.data(), out.shape.size()) +
                          " is larger than kiln can hold (2^48 bytes)");
  size_t expected = static_cast<size_t>(count) * dtypeSize(out.dtype);
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart < expected)
    return fail(path,
                "truncated data: " + std::to_string(bytes.size() - dataStart) +
                    " bytes for " + std::to_string(expected));
  out.data.assign(bytes.begin() + dataStart, bytes.begin() + dataStart + expected);
  return Status();
}

Status writeNpy(const std::string &path, const HostTensor &tensor) {
  // NumPy's tuple syntax: "()", "(3,)", "(2, 3)".
  std::string shape = "(";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  shape += tensor.shape.size() == 1 ? ",)" : ")";
  std::string header = std::string("{'descr': '") + info(tensor.dtype).descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so the data starts 64-byte aligned, newline-terminated.
  bool v2 = header.size() + 11 > 65535;
  size_t prefix = v2 ? 12 : 10;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');

  std::string temp = path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file)
      return fail(path, "cannot create the file");
    file.write("\x93NUMPY", 6);
    file.put(v2 ? 2 : 1);
    file.put(0);
    uint32_t length = static_cast<uint32_t>(header.size());
    for (size_t i = 0; i < (v2 ? 4u : 2u); ++i)
      file.put(static_cast<char>((length >> (8 * i)) & 0xff));
    file.write(header.data(), header.size());
    file.write(reinterpret_cast<const char *>(tensor.data.data()),
               tensor.data.size());
    if (!file)
      return fail(path, "write failed");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return fail(path, "cannot move the written file into place");
  }
  return Status();
}

} // namespace kiln::runtime
