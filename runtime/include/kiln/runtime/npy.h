/*===- npy.h - NumPy .npy files -------------------------------------------===*
 *
 * Reads and writes NumPy's .npy format (versions 1.0, 2.0 and 3.0 headers),
 * little-endian, C order, for the dtypes kiln uses: f2 f4 f8 i1 i2 i4 i8 u1
 * and b1 (bool). Anything else - big-endian data, Fortran order, object
 * arrays, a truncated file - is a clear error naming the file.
 *
 * Part of the runtime core: plain C++ and the standard library only.
 * Thread-safe: functions share no state.
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_NPY_H
#define KILN_RUNTIME_NPY_H

#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime {

/// Element types, named as kiln-compile's --feed flags name them.
enum class DType { F16, F32, F64, I8, I16, I32, I64, U8, Bool, U16, U32, U64 };

/// Bytes per element.
size_t dtypeSize(DType dtype);
/// "f32", "i64", "bool", ...
const char *dtypeName(DType dtype);

/// A dense, row-major host tensor that owns its bytes.
struct HostTensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  int64_t elementCount() const;
  template <typename T> T *as() { return reinterpret_cast<T *>(data.data()); }
  template <typename T> const T *as() const {
    return reinterpret_cast<const T *>(data.data());
  }
};

/// Reads `path` into `out`.
Status readNpy(const std::string &path, HostTensor &out);

/// Decodes the bytes of a .npy file; errors name `path`.
Status decodeNpy(std::string_view bytes, const std::string &path,
                 HostTensor &out);

/// Writes `tensor` to `path` (version 1.0 header, or 2.0 when the header
/// does not fit), through a temporary file renamed into place so a crash
/// never leaves a half-written file.
Status writeNpy(const std::string &path, const HostTensor &tensor);

} // namespace kiln::runtime

#endif // KILN_RUNTIME_NPY_H
