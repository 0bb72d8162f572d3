//===- LogDir.h - creating log directories --------------------------------===//
//
// Private to runtime/src/summary. The file-system layer (io/file_system.h)
// opens files but has no directory call yet; FileWriter needs `mkdir -p` for
// local log directories only, so it lives here rather than widening the io
// interface for every file system.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_SUMMARY_LOGDIR_H
#define KILN_RUNTIME_SRC_SUMMARY_LOGDIR_H

#include "kiln/runtime/io/status.h"

#include <string>

namespace kiln::runtime::summary::detail {

/// Creates local directory `path` and its missing parents. Paths with a
/// scheme other than "file://" are left alone (object stores and HDFS make
/// directories implicitly; an unsupported scheme fails when the file opens).
io::Status createLogDir(const std::string &path);

} // namespace kiln::runtime::summary::detail

#endif // KILN_RUNTIME_SRC_SUMMARY_LOGDIR_H
