//===- FileOps.h - temporary names and deletions for checkpoints ----------===//
//
// Private to runtime/src/checkpoint. Everything else a checkpoint needs from
// files (rename, ranged reads, directories) is the I/O layer's FileSystem,
// so checkpoints work on every file system it serves, HDFS included.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H
#define KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H

#include "kiln/runtime/io/status.h"

#include <string>

namespace kiln::runtime::checkpoint::detail {

/// Deletes `path`; a missing file is not an error.
io::Status deleteIfExists(const std::string &path);
/// A unique name beside `path` for a file written aside.
std::string temporaryPathFor(const std::string &path);

} // namespace kiln::runtime::checkpoint::detail

#endif // KILN_RUNTIME_SRC_CHECKPOINT_FILEOPS_H
