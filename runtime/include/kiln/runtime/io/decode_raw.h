//===- decode_raw.h - bytes reinterpreted as numbers ----------------------===//
//
// tf.io.decode_raw: a byte string (say an Example's "img_raw" feature) read
// as a rank-1 tensor of fixed-width numbers, little-endian by default, as
// the seed's MNIST records store 784 uint8 pixels.
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_DECODE_RAW_H
#define KILN_RUNTIME_IO_DECODE_RAW_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/npy.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::io {

/// Decodes `bytes` into a rank-1 tensor of `dtype` (any DType; F16 and Bool
/// are copied bit for bit). The size must be a multiple of the element size;
/// otherwise the error names `what`.
Status decodeRaw(std::string_view bytes, DType dtype, HostTensor &out,
                 const std::string &what = "decode_raw input",
                 bool littleEndian = true);

/// Decodes equally long byte strings into one [count, n] tensor, as
/// decode_raw does on a batch.
Status decodeRawBatch(const std::vector<std::string> &batch, DType dtype,
                      HostTensor &out,
                      const std::string &what = "decode_raw input",
                      bool littleEndian = true);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_DECODE_RAW_H
