//===- FileOps.cpp - rename, delete, ranged reads for checkpoints ---------===//

#include "FileOps.h"

#include "kiln/runtime/io/file_system.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiln::runtime::checkpoint::detail {

namespace {

io::Status errnoStatus(const std::string &path, const char *what, int error) {
  io::StatusCode code = error == ENOENT ? io::StatusCode::NotFound
                                        : io::StatusCode::FailedPrecondition;
  return io::Status(code, path + ": " + what + ": " + std::strerror(error));
}

} // namespace

io::Status localPathOf(const std::string &path, const char *what,
                       std::string &localPath) {
  std::string_view scheme = io::pathScheme(path);
  if (scheme.empty()) {
    localPath = path;
    return io::Status();
  }
  if (scheme == "file") {
    localPath = path.substr(std::string_view("file://").size());
    return io::Status();
  }
  return io::Status(io::StatusCode::Unimplemented,
                    path + ": cannot " + what + ": checkpoints support local "
                    "files only so far (the " + std::string(scheme) +
                    ":// file system has no rename or delete)");
}

io::Status renameFile(const std::string &from, const std::string &to) {
  std::string localFrom, localTo;
  KILN_IO_RETURN_IF_ERROR(localPathOf(from, "rename", localFrom));
  KILN_IO_RETURN_IF_ERROR(localPathOf(to, "rename", localTo));
  if (::rename(localFrom.c_str(), localTo.c_str()) != 0)
    return errnoStatus(to, "cannot rename the temporary file onto it", errno);
  return io::Status();
}

io::Status deleteFile(const std::string &path) {
  std::string local;
  KILN_IO_RETURN_IF_ERROR(localPathOf(path, "delete", local));
  if (::unlink(local.c_str()) != 0 && errno != ENOENT)
    return errnoStatus(path, "cannot delete", errno);
  return io::Status();
}

void syncParentDirectory(const std::string &path) {
  std::string local;
  if (!localPathOf(path, "sync", local).ok())
    return;
  size_t slash = local.rfind('/');
  std::string directory =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : local.substr(0, slash));
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

io::Status createDirectories(const std::string &directory) {
  std::string local;
  KILN_IO_RETURN_IF_ERROR(localPathOf(directory, "create", local));
  for (size_t at = 1; at <= local.size(); ++at) {
    if (at != local.size() && local[at] != '/')
      continue;
    std::string part = local.substr(0, at);
    if (::mkdir(part.c_str(), 0777) != 0 && errno != EEXIST)
      return errnoStatus(part, "cannot create the directory", errno);
  }
  struct stat info;
  if (!local.empty() && (::stat(local.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)))
    return io::Status(io::StatusCode::FailedPrecondition,
                      directory + ": is not a directory");
  return io::Status();
}

std::string temporaryPathFor(const std::string &path) {
  // TensorFlow's writers use "<file>.tempstate<random>"; the pid, a clock and
  // a counter keep concurrent savers (threads or processes) apart.
  static std::atomic<uint64_t> counter{0};
  uint64_t ticks = static_cast<uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  return path + ".tempstate" + std::to_string(::getpid()) + "_" +
         std::to_string(ticks % 1000000007u) + "_" +
         std::to_string(counter.fetch_add(1));
}

io::Status RangeReader::open(const std::string &path,
                             std::unique_ptr<RangeReader> &out) {
  std::unique_ptr<RangeReader> reader(new RangeReader());
  reader->path_ = path;
  std::string local;
  if (localPathOf(path, "read", local).ok()) {
    reader->fd_ = ::open(local.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader->fd_ < 0)
      return errnoStatus(path, "cannot open for reading", errno);
    struct stat info;
    if (::fstat(reader->fd_, &info) != 0)
      return errnoStatus(path, "cannot stat", errno);
    if (S_ISDIR(info.st_mode))
      return io::Status(io::StatusCode::FailedPrecondition,
                        path + ": is a directory, not a file");
    reader->size_ = static_cast<uint64_t>(info.st_size);
  } else {
    KILN_IO_RETURN_IF_ERROR(io::readFile(path, reader->contents_));
    reader->size_ = reader->contents_.size();
  }
  out = std::move(reader);
  return io::Status();
}

RangeReader::~RangeReader() {
  if (fd_ >= 0)
    ::close(fd_);
}

io::Status RangeReader::read(uint64_t offset, uint64_t size,
                             std::string &out) const {
  if (offset > size_ || size > size_ - offset)
    return io::dataLoss(path_ + ": truncated: bytes " + std::to_string(offset) +
                        ".." + std::to_string(offset + size) +
                        " were asked for but the file has " +
                        std::to_string(size_));
  if (fd_ < 0) {
    out.assign(contents_, offset, size);
    return io::Status();
  }
  out.resize(size);
  uint64_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(fd_, out.data() + done, size - done,
                          static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return errnoStatus(path_, "cannot read", errno);
    if (got == 0)
      return io::dataLoss(path_ + ": truncated while reading bytes " +
                          std::to_string(offset) + ".." +
                          std::to_string(offset + size));
    done += static_cast<uint64_t>(got);
  }
  return io::Status();
}

} // namespace kiln::runtime::checkpoint::detail
