//===- file_system.h - files by path, dispatched on the URI scheme --------===//
//
// A path without a scheme ("data/train.tfrecord") or with "file://" is a
// local file. Any other "scheme://" goes to the file system registered for
// that scheme; none but the local one is built in yet, so "hdfs://..." is a
// clear Unimplemented error naming the path. An HDFS client (libhdfs) will
// register itself for "hdfs" through registerFileSystem without the readers
// and writers above changing.
//
// Thread-safety: file systems are safe to use from several threads;
// registration is synchronized with lookup.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_FILE_SYSTEM_H
#define KILN_RUNTIME_IO_FILE_SYSTEM_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/io/stream.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::io {

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
  /// default refuses, for file systems that cannot list.
  virtual Status getMatchingPaths(const std::string &pattern,
                                  std::vector<std::string> &out);
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
/// Expands a glob, keeping the scheme: "file:///d/*.tfrecord" gives
/// "file:///d/a.tfrecord", ...
Status getMatchingPaths(const std::string &pattern,
                        std::vector<std::string> &out);

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_FILE_SYSTEM_H
