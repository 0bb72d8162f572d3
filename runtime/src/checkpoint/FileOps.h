//===- FileOps.h - the file operations checkpoints need beyond io/ --------===//
//
// Private to runtime/src/checkpoint. The I/O layer's FileSystem streams,
// reads whole files and replaces one file atomically; a checkpoint also has
// to rename two finished temporaries into place together, delete old
// checkpoints, and read a tensor at an offset without reading the whole data
// file. Those are local-file operations here (POSIX rename/unlink/pread);
// other schemes get a clear Unimplemented error until the FileSystem
// interface grows them (an addition kept out of io/ on purpose, see the
// report of the checkpoint work).
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H
#define KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <memory>
#include <string>

namespace kiln::runtime::checkpoint::detail {

/// Ok when `path` is a local file path ("file://" prefix allowed);
/// `localPath` receives it without the scheme. `what` names the operation
/// for the Unimplemented error otherwise.
io::Status localPathOf(const std::string &path, const char *what,
                       std::string &localPath);

/// rename(2) between local paths.
io::Status renameFile(const std::string &from, const std::string &to);
/// unlink(2); a missing file is not an error.
io::Status deleteFile(const std::string &path);
/// fsync of the directory holding `path`, so renames in it are durable.
void syncParentDirectory(const std::string &path);
/// Creates `directory` and its parents (local paths only).
io::Status createDirectories(const std::string &directory);
/// A unique name beside `path` for a file written aside.
std::string temporaryPathFor(const std::string &path);

/// Reads byte ranges of one file: pread on local files, or the whole file
/// read once through the file-system layer for other schemes.
class RangeReader {
public:
  static io::Status open(const std::string &path,
                         std::unique_ptr<RangeReader> &out);
  ~RangeReader();
  RangeReader(const RangeReader &) = delete;
  RangeReader &operator=(const RangeReader &) = delete;

  uint64_t size() const { return size_; }
  const std::string &path() const { return path_; }
  /// Reads exactly `size` bytes at `offset`; DataLoss when the file is
  /// shorter (truncated), naming the file.
  io::Status read(uint64_t offset, uint64_t size, std::string &out) const;

private:
  RangeReader() = default;
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string contents_; // used when fd_ < 0
};

} // namespace kiln::runtime::checkpoint::detail

#endif // KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H
