//===- WebHdfsFileSystem.cpp - HDFS through the WebHDFS REST API ----------===//
//
// Reads go in ranged OPENs of kReadChunk bytes, so a large file streams
// without being held whole and a dropped connection costs one chunk. Writes
// CREATE the file when it opens (a permission error shows at once) and
// APPEND what the writer flushes, in chunks of at most kWriteChunk; the
// summary writer's periodic flush makes events visible to TensorBoard as on
// local disk. Atomic replacement is CREATE of a temporary beside the file,
// then RENAME (HDFS renames are atomic).
//===----------------------------------------------------------------------===//

#include "WebHdfsFileSystem.h"

#include "WebHdfsClient.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <unistd.h>

namespace kiln::runtime::io::webhdfs {

namespace {

constexpr uint64_t kReadChunk = 4 << 20;
constexpr size_t kWriteChunk = 8 << 20;

class WebHdfsInputStream final : public InputStream {
public:
  WebHdfsInputStream(const WebHdfsClient &client, std::string path,
                     uint64_t size)
      : client_(client), path_(std::move(path)), size_(size) {}

  Status read(char *buffer, size_t size, size_t &got) override {
    got = 0;
    while (got < size) {
      if (start_ == chunk_.size()) {
        if (position_ == size_)
          return Status();
        uint64_t length = std::min(kReadChunk, size_ - position_);
        KILN_IO_RETURN_IF_ERROR(client_.read(path_, position_, length, chunk_));
        position_ += length;
        start_ = 0;
      }
      size_t take = std::min(size - got, chunk_.size() - start_);
      std::memcpy(buffer + got, chunk_.data() + start_, take);
      start_ += take;
      got += take;
    }
    return Status();
  }

  const std::string &name() const override { return path_; }

private:
  const WebHdfsClient &client_;
  std::string path_;
  uint64_t size_;
  uint64_t position_ = 0; // of the end of chunk_ in the file
  std::string chunk_;
  size_t start_ = 0;
};

class WebHdfsOutputStream final : public OutputStream {
public:
  WebHdfsOutputStream(const WebHdfsClient &client, std::string path)
      : client_(client), path_(std::move(path)) {}
  ~WebHdfsOutputStream() override { (void)close(); }

  Status append(std::string_view data) override {
    if (closed_)
      return closedError();
    buffer_.append(data);
    if (buffer_.size() >= kWriteChunk)
      return flush();
    return Status();
  }

  Status flush() override {
    if (closed_)
      return closedError();
    for (size_t at = 0; at < buffer_.size(); at += kWriteChunk) {
      std::string_view part = std::string_view(buffer_).substr(at, kWriteChunk);
      Status appended = client_.append(path_, part, written_);
      if (!appended.ok()) {
        buffer_.erase(0, at);
        return appended;
      }
      written_ += part.size();
    }
    buffer_.clear();
    return Status();
  }

  /// The datanodes hold what APPEND sent once it answered: the equivalent
  /// of HDFS's hflush.
  Status sync() override { return flush(); }

  Status close() override {
    if (closed_)
      return Status();
    Status status = flush();
    closed_ = true;
    return status;
  }

  const std::string &name() const override { return path_; }

private:
  Status closedError() const {
    return Status(StatusCode::FailedPrecondition,
                  path_ + ": the file was already closed");
  }

  const WebHdfsClient &client_;
  std::string path_;
  std::string buffer_;
  uint64_t written_ = 0;
  bool closed_ = false;
};

class WebHdfsRandomAccessFile final : public RandomAccessFile {
public:
  WebHdfsRandomAccessFile(const WebHdfsClient &client, std::string path,
                          uint64_t size)
      : client_(client), path_(std::move(path)), size_(size) {}

  uint64_t size() const override { return size_; }
  const std::string &name() const override { return path_; }

  Status read(uint64_t offset, uint64_t size, std::string &out) const override {
    if (offset > size_ || size > size_ - offset)
      return dataLoss(path_ + ": truncated: bytes " + std::to_string(offset) +
                      ".." + std::to_string(offset + size) +
                      " were asked for but the file has " +
                      std::to_string(size_));
    out.clear();
    if (size == 0)
      return Status();
    return client_.read(path_, offset, size, out);
  }

private:
  const WebHdfsClient &client_;
  std::string path_;
  uint64_t size_;
};

/// The directory part of a full path: "hdfs://nn/a/b" gives "hdfs://nn/a".
std::string parentOf(const std::string &path) {
  return path.substr(0, path.rfind('/'));
}

class WebHdfsFileSystem final : public FileSystem {
public:
  Status openForRead(const std::string &path,
                     std::unique_ptr<InputStream> &out) override {
    FileStatus status;
    KILN_IO_RETURN_IF_ERROR(statFile(path, "read", status));
    out = std::make_unique<WebHdfsInputStream>(client_, path, status.size);
    return Status();
  }

  Status openForWrite(const std::string &path,
                      std::unique_ptr<OutputStream> &out) override {
    KILN_IO_RETURN_IF_ERROR(client_.create(path, {}));
    out = std::make_unique<WebHdfsOutputStream>(client_, path);
    return Status();
  }

  Status writeFileAtomically(const std::string &path,
                             std::string_view contents) override {
    std::string base = path.substr(path.rfind('/') + 1);
    static std::atomic<uint64_t> counter{0};
    std::string temp = parentOf(path) + "/." + base + ".tmp" +
                       std::to_string(::getpid()) + "_" +
                       std::to_string(counter.fetch_add(1));
    Status status = client_.create(temp, contents);
    if (status.ok())
      status = renameFile(temp, path);
    if (!status.ok()) {
      bool deleted;
      (void)client_.deletePath(temp, deleted);
    }
    return status;
  }

  Status fileExists(const std::string &path) override {
    FileStatus status;
    return client_.getFileStatus(path, status);
  }

  Status stat(const std::string &path, FileStatus &out) override {
    return client_.getFileStatus(path, out);
  }

  Status listDirectory(const std::string &path,
                       std::vector<std::string> &names) override {
    std::vector<WebHdfsEntry> entries;
    KILN_IO_RETURN_IF_ERROR(client_.listStatus(path, entries));
    for (WebHdfsEntry &entry : entries)
      names.push_back(std::move(entry.name));
    return Status();
  }

  Status createDirectories(const std::string &path) override {
    return client_.mkdirs(path); // MKDIRS creates the parents too
  }

  Status deleteFile(const std::string &path) override {
    bool deleted = false;
    KILN_IO_RETURN_IF_ERROR(client_.deletePath(path, deleted));
    if (!deleted)
      return notFound(path + ": cannot delete: it does not exist");
    return Status();
  }

  Status renameFile(const std::string &from, const std::string &to) override {
    bool renamed = false;
    KILN_IO_RETURN_IF_ERROR(client_.rename(from, to, renamed));
    if (renamed)
      return Status();
    // HDFS refuses to rename onto an existing file; replace it as POSIX
    // rename would. Readers see the old file or the new one, or (between
    // the two calls) none, never part of one.
    FileStatus source, destination;
    KILN_IO_RETURN_IF_ERROR(client_.getFileStatus(from, source));
    Status existing = client_.getFileStatus(to, destination);
    if (existing.ok() && destination.isDirectory)
      return Status(StatusCode::FailedPrecondition, "cannot rename " + from +
                                                        " onto " + to +
                                                        ": it is a directory");
    if (existing.ok()) {
      bool deleted = false;
      KILN_IO_RETURN_IF_ERROR(client_.deletePath(to, deleted));
      KILN_IO_RETURN_IF_ERROR(client_.rename(from, to, renamed));
    }
    if (!renamed)
      return Status(StatusCode::FailedPrecondition,
                    "cannot rename " + from + " to " + to +
                        ": the namenode refused (is the directory missing?)");
    return Status();
  }

  Status openForRandomAccess(const std::string &path,
                             std::unique_ptr<RandomAccessFile> &out) override {
    FileStatus status;
    KILN_IO_RETURN_IF_ERROR(statFile(path, "read", status));
    out = std::make_unique<WebHdfsRandomAccessFile>(client_, path, status.size);
    return Status();
  }

private:
  Status statFile(const std::string &path, const char *what,
                  FileStatus &status) const {
    KILN_IO_RETURN_IF_ERROR(client_.getFileStatus(path, status, what));
    if (status.isDirectory)
      return Status(StatusCode::FailedPrecondition,
                    path + ": cannot " + what + ": is a directory, not a file");
    return Status();
  }

  WebHdfsClient client_;
};

} // namespace

std::shared_ptr<FileSystem> webHdfsFileSystem() {
  static std::shared_ptr<FileSystem> instance =
      std::make_shared<WebHdfsFileSystem>();
  return instance;
}

} // namespace kiln::runtime::io::webhdfs
