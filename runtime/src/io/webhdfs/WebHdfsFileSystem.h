//===- WebHdfsFileSystem.h - hdfs://, webhdfs:// and swebhdfs:// paths ----===//
//
// Private to the I/O layer: fileSystemForPath hands these schemes to it.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSFILESYSTEM_H
#define KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSFILESYSTEM_H

#include "kiln/runtime/io/file_system.h"

#include <memory>

namespace kiln::runtime::io::webhdfs {

/// The one WebHDFS file system, configured from the environment the first
/// time it is used (see WebHdfsClient.h).
std::shared_ptr<FileSystem> webHdfsFileSystem();

} // namespace kiln::runtime::io::webhdfs

#endif // KILN_RUNTIME_SRC_IO_WEBHDFS_WEBHDFSFILESYSTEM_H
