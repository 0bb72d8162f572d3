//===- compression.h - GZIP and ZLIB stream layers ------------------------===//
//
// TFRecord files may be compressed as a whole (TF's compression_type "GZIP"
// or "ZLIB"); IDX files often come gzipped. These wrap an InputStream or
// OutputStream so the format code reads and writes plain bytes.
//
// Ownership: the wrapper owns the wrapped stream. Thread-safety: as streams.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_COMPRESSION_H
#define KILN_RUNTIME_IO_COMPRESSION_H

#include "kiln/runtime/io/stream.h"

#include <memory>
#include <string_view>

namespace kiln::runtime::io {

enum class Compression { None, Zlib, Gzip };

/// TF's spelling: "" or "NONE", "ZLIB", "GZIP".
Status parseCompression(std::string_view name, Compression &out);
const char *compressionName(Compression compression);

/// A stream of the decompressed bytes of `compressed`. GZIP accepts several
/// concatenated members, as gzip(1) does. Corrupt or truncated compressed
/// data is a DataLoss error naming the stream and the compressed offset.
std::unique_ptr<InputStream>
makeDecompressingStream(std::unique_ptr<InputStream> compressed,
                        Compression compression);

/// A stream that compresses into `sink`; close() writes the trailer.
/// `level` is zlib's, -1 for its default.
std::unique_ptr<OutputStream>
makeCompressingStream(std::unique_ptr<OutputStream> sink,
                      Compression compression, int level = -1);

/// Whether `prefix` starts like a GZIP stream (bytes 1f 8b).
bool looksGzipped(std::string_view prefix);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_COMPRESSION_H
