//===- stream.h - byte streams the readers and writers sit on -------------===//
//
// Record readers, CSV and IDX readers pull bytes through an InputStream and
// writers push them through an OutputStream, so a file system (local now,
// HDFS later) or a compression layer (GZIP, ZLIB) slots in underneath
// without the formats knowing.
//
// Ownership: a stream owns what it wraps. Thread-safety: one thread at a
// time per stream.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_STREAM_H
#define KILN_RUNTIME_IO_STREAM_H

#include "kiln/runtime/io/status.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kiln::runtime::io {

class InputStream {
public:
  virtual ~InputStream();

  /// Reads `size` bytes into `buffer`, fewer (`got` < `size`) only at the end
  /// of the input. An error means the bytes could not be read, not that the
  /// input ended.
  virtual Status read(char *buffer, size_t size, size_t &got) = 0;

  /// The path (or other name) errors should mention.
  virtual const std::string &name() const = 0;
};

class OutputStream {
public:
  virtual ~OutputStream();

  virtual Status append(std::string_view data) = 0;
  /// Hands buffered bytes to the layer below (the OS, for files).
  virtual Status flush() = 0;
  /// Flushes and makes the bytes durable (fsync, for files).
  virtual Status sync() = 0;
  /// Flushes and releases the stream; later calls fail. Destroying an open
  /// stream closes it but loses the error, so writers call close().
  virtual Status close() = 0;

  virtual const std::string &name() const = 0;
};

/// Reads the rest of `stream` into `contents`.
Status readAll(InputStream &stream, std::string &contents);

/// A stream over bytes in memory (already read, or built by a test or a
/// fuzzer); `name` is what errors mention.
std::unique_ptr<InputStream> makeMemoryInputStream(std::string bytes,
                                                   std::string name);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_STREAM_H
