//===- LogDir.cpp - creating log directories ------------------------------===//

#include "LogDir.h"

#include "kiln/runtime/io/file_system.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace kiln::runtime::summary::detail {

namespace {

io::Status makeOne(const std::string &directory, const std::string &logDir) {
  if (::mkdir(directory.c_str(), 0777) == 0)
    return io::Status();
  int error = errno;
  struct stat info;
  if (error == EEXIST && ::stat(directory.c_str(), &info) == 0 &&
      S_ISDIR(info.st_mode))
    return io::Status();
  std::string why = error == EEXIST ? "it exists and is not a directory"
                                    : std::strerror(error);
  return io::Status(io::StatusCode::FailedPrecondition,
                    "cannot create log directory " + logDir + " (at " +
                        directory + "): " + why);
}

} // namespace

io::Status createLogDir(const std::string &path) {
  std::string_view scheme = io::pathScheme(path);
  if (!scheme.empty() && scheme != "file")
    return io::Status();
  std::string local = scheme.empty() ? path : path.substr(7);
  if (local.empty())
    return io::invalidArgument("the log directory path is empty");
  // Create each prefix ending before a '/', then the whole path.
  for (size_t slash = local.find('/', 1); slash != std::string::npos;
       slash = local.find('/', slash + 1))
    KILN_IO_RETURN_IF_ERROR(makeOne(local.substr(0, slash), path));
  return makeOne(local, path);
}

} // namespace kiln::runtime::summary::detail
