//===- file_system.h - files by path, dispatched on the URI scheme --------===//
//
// A path without a scheme ("data/train.tfrecord") or with "file://" is a
// local file. "hdfs://", "webhdfs://" and "swebhdfs://" go to the WebHDFS
// client (io/webhdfs/); any other "scheme://" to the file system registered
// for that scheme, or a clear Unimplemented error naming the path. The
// readers and writers above never know which file system serves them.
//
// Thread-safety: file systems are safe to use from several threads;
// registration is synchronized with lookup.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_FILE_SYSTEM_H
#define KILN_RUNTIME_IO_FILE_SYSTEM_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/io/stream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::io {

struct FileStatus {
  uint64_t size = 0;
  bool isDirectory = false;
};

/// Reads at any offset without reading the file from its start: checkpoints
/// fetch one tensor out of a large data file.
class RandomAccessFile {
public:
  virtual ~RandomAccessFile();
  virtual uint64_t size() const = 0;
  virtual const std::string &name() const = 0;
  /// Reads exactly `size` bytes at `offset` into `out`; DataLoss naming the
  /// file when it holds fewer (a truncated file).
  virtual Status read(uint64_t offset, uint64_t size,
                      std::string &out) const = 0;
};

class FileSystem {
public:
  virtual ~FileSystem();

  /// Opens `path` for streaming reads.
  virtual Status openForRead(const std::string &path,
                             std::unique_ptr<InputStream> &out) = 0;
  /// Creates or truncates `path` for streaming writes.
  virtual Status openForWrite(const std::string &path,
                              std::unique_ptr<OutputStream> &out) = 0;
  /// Replaces `path` with `contents` so that readers see the old file or the
  /// whole new one, never a part, even across a crash.
  virtual Status writeFileAtomically(const std::string &path,
                                     std::string_view contents) = 0;
  /// Ok when `path` exists, NotFound when it does not.
  virtual Status fileExists(const std::string &path) = 0;
  /// The paths matching a glob `pattern` (*, ?, [...] within one path
  /// component, as tf.io.gfile.glob), sorted; none is not an error. The
  /// default walks listDirectory from the longest prefix without wildcards.
  virtual Status getMatchingPaths(const std::string &pattern,
                                  std::vector<std::string> &out);

  // The operations below default to Unimplemented, for file systems that
  // only stream.

  /// Size and kind of `path`; NotFound when it does not exist.
  virtual Status stat(const std::string &path, FileStatus &out);
  /// The names (not paths) of the entries of directory `path`, sorted.
  virtual Status listDirectory(const std::string &path,
                               std::vector<std::string> &names);
  /// Creates `path` and its missing parents; an existing directory is fine.
  virtual Status createDirectories(const std::string &path);
  /// Deletes file `path`; NotFound when it does not exist.
  virtual Status deleteFile(const std::string &path);
  /// Moves `from` onto `to`, replacing a file there. Atomic where the file
  /// system allows; never leaves `to` holding part of `from`.
  virtual Status renameFile(const std::string &from, const std::string &to);
  virtual Status openForRandomAccess(const std::string &path,
                                     std::unique_ptr<RandomAccessFile> &out);
};

/// The scheme of `path` ("" for a plain path), e.g. "hdfs" for
/// "hdfs://namenode/x".
std::string_view pathScheme(std::string_view path);

/// Makes `fileSystem` serve paths with `scheme` ("hdfs", "gs", ...),
/// replacing any earlier registration. The local file system serves "" and
/// "file" and cannot be replaced.
void registerFileSystem(const std::string &scheme,
                        std::shared_ptr<FileSystem> fileSystem);

/// The file system serving `path`; `localPath` receives the path that file
/// system expects ("file://" stripped for local files).
Status fileSystemForPath(const std::string &path,
                         std::shared_ptr<FileSystem> &out,
                         std::string &localPath);

/// The local POSIX file system.
std::shared_ptr<FileSystem> localFileSystem();

// Conveniences: look up the file system for `path`, then call it.
Status openForRead(const std::string &path, std::unique_ptr<InputStream> &out);
Status openForWrite(const std::string &path,
                    std::unique_ptr<OutputStream> &out);
Status readFile(const std::string &path, std::string &contents);
Status writeFileAtomically(const std::string &path, std::string_view contents);
Status fileExists(const std::string &path);
Status stat(const std::string &path, FileStatus &out);
Status listDirectory(const std::string &path, std::vector<std::string> &names);
Status createDirectories(const std::string &path);
Status deleteFile(const std::string &path);
/// Both paths must be served by the same file system.
Status renameFile(const std::string &from, const std::string &to);
Status openForRandomAccess(const std::string &path,
                           std::unique_ptr<RandomAccessFile> &out);
/// Expands a glob, keeping the scheme: "file:///d/*.tfrecord" gives
/// "file:///d/a.tfrecord", ...
Status getMatchingPaths(const std::string &pattern,
                        std::vector<std::string> &out);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_FILE_SYSTEM_H
