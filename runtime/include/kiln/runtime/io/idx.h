//===- idx.h - IDX files (MNIST, Fashion-MNIST) ---------------------------===//
//
// An IDX file is a big-endian header - two zero bytes, a type byte, the
// number of dimensions, then each dimension as a uint32 - followed by the
// elements, big-endian, row-major. MNIST images are magic 0x00000803 (uint8,
// [count, rows, cols]) and labels 0x00000801 (uint8, [count]). Files are
// often distributed gzipped; readIdx detects GZIP by its first bytes, so
// "train-images-idx3-ubyte" and "train-images-idx3-ubyte.gz" both read.
//
// The result is a HostTensor (npy.h) with elements in host byte order.
// Errors name the file and say what is wrong (bad magic, truncated data,
// a size that does not match the header).
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_IDX_H
#define KILN_RUNTIME_IO_IDX_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/npy.h"

#include <string>
#include <string_view>

namespace kiln::runtime::io {

constexpr uint32_t kIdxImagesMagic = 0x00000803; // uint8, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 0x00000801; // uint8, 1 dimension

/// Reads any IDX file (types u8, i8, i16, i32, f32, f64).
Status readIdx(const std::string &path, HostTensor &out);

/// Decodes IDX bytes already in memory (not compressed); `name` is for
/// errors.
Status decodeIdx(std::string_view bytes, HostTensor &out,
                 const std::string &name);

/// Reads an MNIST-style image file: magic 0x00000803, shape [n, rows, cols].
Status readIdxImages(const std::string &path, HostTensor &out);
/// Reads an MNIST-style label file: magic 0x00000801, shape [n].
Status readIdxLabels(const std::string &path, HostTensor &out);

/// The IDX bytes (uncompressed) of a tensor of U8, I8, I16, I32, F32 or F64.
Status encodeIdx(const HostTensor &tensor, std::string &out);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_IDX_H
