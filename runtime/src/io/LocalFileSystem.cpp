//===- LocalFileSystem.cpp - POSIX files ----------------------------------===//
//
// Plain file descriptors rather than iostreams: fsync and an exact errno in
// every message are what atomic writes and clear errors need.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiln::runtime::io {

namespace {

Status errnoStatus(const std::string &path, const char *what, int error) {
  StatusCode code =
      error == ENOENT ? StatusCode::NotFound : StatusCode::FailedPrecondition;
  return Status(code, path + ": " + what + ": " + std::strerror(error));
}

/// Writes all of `data` to `fd`, retrying short writes and EINTR.
Status writeAllTo(int fd, const char *data, size_t size,
                  const std::string &path) {
  while (size > 0) {
    ssize_t wrote = ::write(fd, data, size);
    if (wrote < 0) {
      if (errno == EINTR)
        continue;
      return errnoStatus(path, "cannot write", errno);
    }
    data += wrote;
    size -= static_cast<size_t>(wrote);
  }
  return Status();
}

class LocalInputStream final : public InputStream {
public:
  LocalInputStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalInputStream() override { ::close(fd_); }

  Status read(char *buffer, size_t size, size_t &got) override {
    got = 0;
    // Record readers ask for 12-byte headers; a buffer keeps that from being
    // one system call each.
    while (got < size) {
      if (start_ == end_) {
        if (size - got >= kBufferSize) { // large reads bypass the buffer
          ssize_t n = readSome(buffer + got, size - got);
          if (n < 0)
            return errnoStatus(path_, "cannot read", errno);
          if (n == 0)
            return Status();
          got += static_cast<size_t>(n);
          continue;
        }
        ssize_t n = readSome(buffer_, kBufferSize);
        if (n < 0)
          return errnoStatus(path_, "cannot read", errno);
        if (n == 0)
          return Status();
        start_ = 0;
        end_ = static_cast<size_t>(n);
      }
      size_t take = std::min(size - got, end_ - start_);
      std::memcpy(buffer + got, buffer_ + start_, take);
      start_ += take;
      got += take;
    }
    return Status();
  }

  const std::string &name() const override { return path_; }

private:
  static constexpr size_t kBufferSize = 1 << 16;

  ssize_t readSome(char *into, size_t size) {
    for (;;) {
      ssize_t n = ::read(fd_, into, size);
      if (n >= 0 || errno != EINTR)
        return n;
    }
  }

  int fd_;
  std::string path_;
  char buffer_[kBufferSize];
  size_t start_ = 0, end_ = 0;
};

class LocalOutputStream final : public OutputStream {
public:
  LocalOutputStream(int fd, std::string path)
      : fd_(fd), path_(std::move(path)) {}
  ~LocalOutputStream() override { (void)close(); }

  Status append(std::string_view data) override {
    if (fd_ < 0)
      return closedError();
    if (buffer_.size() + data.size() > kBufferSize) {
      KILN_IO_RETURN_IF_ERROR(flush());
      if (data.size() >= kBufferSize)
        return writeAllTo(fd_, data.data(), data.size(), path_);
    }
    buffer_.append(data);
    return Status();
  }

  Status flush() override {
    if (fd_ < 0)
      return closedError();
    Status status = writeAllTo(fd_, buffer_.data(), buffer_.size(), path_);
    buffer_.clear();
    return status;
  }

  Status sync() override {
    KILN_IO_RETURN_IF_ERROR(flush());
    if (::fsync(fd_) != 0)
      return errnoStatus(path_, "cannot sync", errno);
    return Status();
  }

  Status close() override {
    if (fd_ < 0)
      return Status();
    Status status = flush();
    if (::close(fd_) != 0 && status.ok())
      status = errnoStatus(path_, "cannot close", errno);
    fd_ = -1;
    return status;
  }

  const std::string &name() const override { return path_; }

private:
  static constexpr size_t kBufferSize = 1 << 16;

  Status closedError() const {
    return Status(StatusCode::FailedPrecondition,
                  path_ + ": the file was already closed");
  }

  int fd_;
  std::string path_;
  std::string buffer_;
};

class LocalRandomAccessFile final : public RandomAccessFile {
public:
  LocalRandomAccessFile(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }

  uint64_t size() const override { return size_; }
  const std::string &name() const override { return path_; }

  Status read(uint64_t offset, uint64_t size, std::string &out) const override {
    if (offset > size_ || size > size_ - offset)
      return truncated(offset, size);
    out.resize(size);
    uint64_t done = 0;
    while (done < size) {
      ssize_t got = ::pread(fd_, out.data() + done, size - done,
                            static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return errnoStatus(path_, "cannot read", errno);
      if (got == 0) // shrank since it was opened
        return truncated(offset, size);
      done += static_cast<uint64_t>(got);
    }
    return Status();
  }

private:
  Status truncated(uint64_t offset, uint64_t size) const {
    return dataLoss(path_ + ": truncated: bytes " + std::to_string(offset) +
                    ".." + std::to_string(offset + size) +
                    " were asked for but the file has " +
                    std::to_string(size_));
  }

  int fd_;
  uint64_t size_;
  std::string path_;
};

/// The directory part of `path` ("." when it has none).
std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// Opens `path` read-only; a directory is an error. `size` receives the
/// file's length.
Status openFileForReading(const std::string &path, int &fd, uint64_t &size) {
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errnoStatus(path, "cannot open for reading", errno);
  struct stat info;
  Status status;
  if (::fstat(fd, &info) != 0)
    status = errnoStatus(path, "cannot stat", errno);
  else if (S_ISDIR(info.st_mode))
    status = Status(StatusCode::FailedPrecondition,
                    path + ": is a directory, not a file");
  if (!status.ok()) {
    ::close(fd);
    fd = -1;
    return status;
  }
  size = static_cast<uint64_t>(info.st_size);
  return Status();
}

/// fsync of a directory makes the renames and creations in it durable.
void syncDirectory(const std::string &directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

class LocalFileSystem final : public FileSystem {
public:
  Status openForRead(const std::string &path,
                     std::unique_ptr<InputStream> &out) override {
    int fd = -1;
    uint64_t size = 0;
    KILN_IO_RETURN_IF_ERROR(openFileForReading(path, fd, size));
    out = std::make_unique<LocalInputStream>(fd, path);
    return Status();
  }

  Status openForWrite(const std::string &path,
                      std::unique_ptr<OutputStream> &out) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    0666);
    if (fd < 0)
      return errnoStatus(path, "cannot open for writing", errno);
    out = std::make_unique<LocalOutputStream>(fd, path);
    return Status();
  }

  Status writeFileAtomically(const std::string &path,
                             std::string_view contents) override {
    // The temporary file must be in the same directory: rename is atomic
    // only within one file system.
    std::string directory = directoryOf(path);
    std::string base = path.substr(path.rfind('/') + 1);
    std::string temp = directory + "/." + base + ".tmp.XXXXXX";
    int fd = ::mkstemp(temp.data());
    if (fd < 0)
      return errnoStatus(path, "cannot create a temporary file beside it",
                         errno);
    Status status = writeAllTo(fd, contents.data(), contents.size(), temp);
    if (status.ok() && ::fsync(fd) != 0)
      status = errnoStatus(temp, "cannot sync", errno);
    // mkstemp makes the file 0600; give it the permissions a plain create
    // would.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::close(fd) != 0 && status.ok())
      status = errnoStatus(temp, "cannot close", errno);
    if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0)
      status = errnoStatus(path, "cannot rename the temporary file onto it",
                           errno);
    if (!status.ok()) {
      ::unlink(temp.c_str());
      return status;
    }
    syncDirectory(directory);
    return Status();
  }

  Status getMatchingPaths(const std::string &pattern,
                          std::vector<std::string> &out) override {
    glob_t matches;
    int result = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
    if (result == GLOB_NOMATCH) {
      ::globfree(&matches);
      return Status();
    }
    if (result != 0) {
      ::globfree(&matches);
      return Status(StatusCode::FailedPrecondition,
                    pattern + ": cannot list the matching files");
    }
    // glob(3) already sorts its results.
    for (size_t i = 0; i < matches.gl_pathc; ++i)
      out.emplace_back(matches.gl_pathv[i]);
    ::globfree(&matches);
    return Status();
  }

  Status fileExists(const std::string &path) override {
    struct stat info;
    if (::stat(path.c_str(), &info) != 0)
      return errnoStatus(path, "cannot stat", errno);
    return Status();
  }

  Status stat(const std::string &path, FileStatus &out) override {
    struct stat info;
    if (::stat(path.c_str(), &info) != 0)
      return errnoStatus(path, "cannot stat", errno);
    out.size = static_cast<uint64_t>(info.st_size);
    out.isDirectory = S_ISDIR(info.st_mode);
    return Status();
  }

  Status listDirectory(const std::string &path,
                       std::vector<std::string> &names) override {
    DIR *directory = ::opendir(path.c_str());
    if (!directory)
      return errnoStatus(path, "cannot list the directory", errno);
    while (dirent *entry = ::readdir(directory)) {
      std::string_view name = entry->d_name;
      if (name != "." && name != "..")
        names.emplace_back(name);
    }
    ::closedir(directory);
    std::sort(names.begin(), names.end());
    return Status();
  }

  Status createDirectories(const std::string &path) override {
    for (size_t at = 1; at <= path.size(); ++at) {
      if (at != path.size() && path[at] != '/')
        continue;
      std::string part = path.substr(0, at);
      if (::mkdir(part.c_str(), 0777) != 0 && errno != EEXIST)
        return errnoStatus(part, "cannot create the directory", errno);
    }
    struct stat info;
    if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
      return Status(StatusCode::FailedPrecondition,
                    path + ": cannot create the directory: it exists and is "
                           "not a directory");
    return Status();
  }

  Status deleteFile(const std::string &path) override {
    if (::unlink(path.c_str()) != 0)
      return errnoStatus(path, "cannot delete", errno);
    return Status();
  }

  Status renameFile(const std::string &from, const std::string &to) override {
    if (::rename(from.c_str(), to.c_str()) != 0)
      return errnoStatus(to, ("cannot rename " + from + " onto it").c_str(),
                         errno);
    syncDirectory(directoryOf(to));
    return Status();
  }

  Status openForRandomAccess(const std::string &path,
                             std::unique_ptr<RandomAccessFile> &out) override {
    int fd = -1;
    uint64_t size = 0;
    KILN_IO_RETURN_IF_ERROR(openFileForReading(path, fd, size));
    out = std::make_unique<LocalRandomAccessFile>(fd, size, path);
    return Status();
  }
};

} // namespace

std::shared_ptr<FileSystem> localFileSystem() {
  static std::shared_ptr<FileSystem> instance =
      std::make_shared<LocalFileSystem>();
  return instance;
}

} // namespace kiln::runtime::io
