//===- FileSystem.cpp - scheme dispatch and the stream base classes -------===//

#include "kiln/runtime/io/file_system.h"

#include "webhdfs/WebHdfsFileSystem.h"

#include <map>
#include <mutex>

namespace kiln::runtime::io {

FileSystem::~FileSystem() = default;
RandomAccessFile::~RandomAccessFile() = default;

namespace {

Status cannot(const std::string &path, const char *what) {
  return Status(StatusCode::Unimplemented,
                path + ": this file system cannot " + what);
}

} // namespace

Status FileSystem::stat(const std::string &path, FileStatus &) {
  return cannot(path, "stat files");
}
Status FileSystem::listDirectory(const std::string &path,
                                 std::vector<std::string> &) {
  return cannot(path, "list directories");
}
Status FileSystem::createDirectories(const std::string &path) {
  return cannot(path, "create directories");
}
Status FileSystem::deleteFile(const std::string &path) {
  return cannot(path, "delete files");
}
Status FileSystem::renameFile(const std::string &from, const std::string &) {
  return cannot(from, "rename files");
}
Status FileSystem::openForRandomAccess(const std::string &path,
                                       std::unique_ptr<RandomAccessFile> &) {
  return cannot(path, "read at an offset");
}

std::string_view pathScheme(std::string_view path) {
  size_t colon = path.find("://");
  if (colon == std::string_view::npos || colon == 0)
    return {};
  // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). Anything else
  // before "://" (a slash, a space) means this is a plain path.
  for (size_t i = 0; i < colon; ++i) {
    char c = path[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!alpha && !(i > 0 && other))
      return {};
  }
  return path.substr(0, colon);
}

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<FileSystem>> byScheme;
};

Registry &registry() {
  static Registry instance;
  return instance;
}

} // namespace

void registerFileSystem(const std::string &scheme,
                        std::shared_ptr<FileSystem> fileSystem) {
  if (scheme.empty() || scheme == "file")
    return;
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.byScheme[scheme] = std::move(fileSystem);
}

Status fileSystemForPath(const std::string &path,
                         std::shared_ptr<FileSystem> &out,
                         std::string &localPath) {
  std::string scheme(pathScheme(path));
  if (scheme.empty() || scheme == "file") {
    out = localFileSystem();
    localPath = scheme.empty() ? path : path.substr(scheme.size() + 3);
    return Status();
  }
  {
    Registry &r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto found = r.byScheme.find(scheme);
    if (found != r.byScheme.end()) {
      out = found->second;
      localPath = path;
      return Status();
    }
  }
  if (scheme == "hdfs" || scheme == "webhdfs" || scheme == "swebhdfs") {
    out = webhdfs::webHdfsFileSystem();
    localPath = path;
    return Status();
  }
  return Status(StatusCode::Unimplemented,
                path + ": no file system for the '" + scheme +
                    "://' scheme; kiln reads local files and HDFS "
                    "(hdfs://, webhdfs://, swebhdfs://)");
}

namespace {

/// Resolves `path` and calls `action(fileSystem, localPath)`.
template <typename Action>
Status dispatch(const std::string &path, Action action) {
  std::shared_ptr<FileSystem> fileSystem;
  std::string localPath;
  KILN_IO_RETURN_IF_ERROR(fileSystemForPath(path, fileSystem, localPath));
  return action(*fileSystem, localPath);
}

} // namespace

Status openForRead(const std::string &path, std::unique_ptr<InputStream> &out) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.openForRead(local, out);
  });
}

Status openForWrite(const std::string &path,
                    std::unique_ptr<OutputStream> &out) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.openForWrite(local, out);
  });
}

Status readFile(const std::string &path, std::string &contents) {
  std::unique_ptr<InputStream> stream;
  KILN_IO_RETURN_IF_ERROR(openForRead(path, stream));
  return readAll(*stream, contents);
}

Status writeFileAtomically(const std::string &path, std::string_view contents) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.writeFileAtomically(local, contents);
  });
}

Status fileExists(const std::string &path) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.fileExists(local);
  });
}

Status stat(const std::string &path, FileStatus &out) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.stat(local, out);
  });
}

Status listDirectory(const std::string &path, std::vector<std::string> &names) {
  names.clear();
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.listDirectory(local, names);
  });
}

Status createDirectories(const std::string &path) {
  if (path.empty())
    return invalidArgument("cannot create a directory with an empty path");
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.createDirectories(local);
  });
}

Status deleteFile(const std::string &path) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.deleteFile(local);
  });
}

Status renameFile(const std::string &from, const std::string &to) {
  std::shared_ptr<FileSystem> fromSystem, toSystem;
  std::string localFrom, localTo;
  KILN_IO_RETURN_IF_ERROR(fileSystemForPath(from, fromSystem, localFrom));
  KILN_IO_RETURN_IF_ERROR(fileSystemForPath(to, toSystem, localTo));
  if (fromSystem != toSystem)
    return invalidArgument("cannot rename " + from + " to " + to +
                           ": they are on different file systems");
  return fromSystem->renameFile(localFrom, localTo);
}

Status openForRandomAccess(const std::string &path,
                           std::unique_ptr<RandomAccessFile> &out) {
  return dispatch(path, [&](FileSystem &fs, const std::string &local) {
    return fs.openForRandomAccess(local, out);
  });
}

Status getMatchingPaths(const std::string &pattern,
                        std::vector<std::string> &out) {
  out.clear();
  std::shared_ptr<FileSystem> fileSystem;
  std::string localPattern;
  KILN_IO_RETURN_IF_ERROR(fileSystemForPath(pattern, fileSystem, localPattern));
  KILN_IO_RETURN_IF_ERROR(fileSystem->getMatchingPaths(localPattern, out));
  // Put back what fileSystemForPath stripped ("file://").
  std::string stripped = pattern.substr(0, pattern.size() - localPattern.size());
  if (!stripped.empty())
    for (std::string &path : out)
      path = stripped + path;
  return Status();
}

} // namespace kiln::runtime::io
