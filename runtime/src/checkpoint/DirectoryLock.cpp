//===- DirectoryLock.cpp - one writer per checkpoint directory ------------===//

#include "kiln/runtime/checkpoint/directory_lock.h"

#include "kiln/runtime/io/file_system.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace kiln::runtime::checkpoint {

namespace {

constexpr const char *kLockName = ".kiln-checkpoint.lock";

/// The pid the holder wrote into the lock file, or "?".
std::string holderOf(int fd) {
  char text[32] = {};
  ssize_t got = ::pread(fd, text, sizeof(text) - 1, 0);
  return got > 0 ? std::string(text, size_t(got)) : std::string("?");
}

} // namespace

io::Status DirectoryLock::acquire(const std::string &directory,
                                  std::unique_ptr<DirectoryLock> &out,
                                  int *removedTemporaries) {
  if (removedTemporaries)
    *removedTemporaries = 0;
  KILN_IO_RETURN_IF_ERROR(io::createDirectories(directory));
  std::string_view scheme = io::pathScheme(directory);
  if (!scheme.empty() && scheme != "file") {
    out.reset(new DirectoryLock(-1));
    return io::Status();
  }
  std::string local =
      scheme.empty() ? directory : directory.substr(std::strlen("file://"));
  std::string path = local + "/" + kLockName;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return io::Status(
        io::StatusCode::FailedPrecondition,
        path + ": cannot open the lock file: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    std::string holder = holderOf(fd);
    ::close(fd);
    if (error == EWOULDBLOCK)
      return io::Status(io::StatusCode::FailedPrecondition,
                        "checkpoint directory " + directory +
                            " is in use by another process (its lock was "
                            "last taken by pid " +
                            holder + "); one writer per directory");
    return io::Status(io::StatusCode::FailedPrecondition,
                      path + ": cannot lock: " + std::strerror(error));
  }
  // The pid only improves another writer's message; the lock holds
  // without it.
  std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd, 0) == 0)
    (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  out.reset(new DirectoryLock(fd));

  std::vector<std::string> names;
  KILN_IO_RETURN_IF_ERROR(io::listDirectory(directory, names));
  for (const std::string &name : names)
    if (name.find(".tempstate") != std::string::npos &&
        io::deleteFile(directory + "/" + name).ok() && removedTemporaries)
      ++*removedTemporaries;
  return io::Status();
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0)
    ::close(fd_); // releases the flock
}

} // namespace kiln::runtime::checkpoint
