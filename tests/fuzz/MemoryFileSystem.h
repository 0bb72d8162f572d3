//===- MemoryFileSystem.h - files in memory for fuzz targets ----*- C++ -*-===//
//
// Fuzz targets hand whole files to readers that open paths (checkpoints,
// event files): a file system registered for "fuzzmem://" serves them from
// a map, so no target touches the disk and every execution starts clean.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_FUZZ_MEMORYFILESYSTEM_H
#define KILN_TESTS_FUZZ_MEMORYFILESYSTEM_H

#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/stream.h"

#include <map>
#include <memory>
#include <string>

namespace kiln::fuzz {

/// Collects what a writer writes in a string; map entries stay put, so it
/// may write into one while other files come and go.
class StringOutputStream final : public runtime::io::OutputStream {
  using Status = runtime::io::Status;

public:
  StringOutputStream(std::string &into, std::string name)
      : into_(into), name_(std::move(name)) {}
  Status append(std::string_view data) override {
    into_.append(data);
    return Status();
  }
  Status flush() override { return Status(); }
  Status sync() override { return Status(); }
  Status close() override { return Status(); }
  const std::string &name() const override { return name_; }

private:
  std::string &into_;
  std::string name_;
};

class MemoryFileSystem final : public runtime::io::FileSystem {
  using Status = runtime::io::Status;
  using StatusCode = runtime::io::StatusCode;

public:
  /// The files, keyed by the path after "fuzzmem://".
  std::map<std::string, std::string> files;

  /// The instance serving "fuzzmem://", registered on first use.
  static MemoryFileSystem &instance() {
    static std::shared_ptr<MemoryFileSystem> fileSystem = [] {
      auto made = std::make_shared<MemoryFileSystem>();
      runtime::io::registerFileSystem("fuzzmem", made);
      return made;
    }();
    return *fileSystem;
  }

  Status openForRead(const std::string &path,
                     std::unique_ptr<runtime::io::InputStream> &out) override {
    auto found = files.find(key(path));
    if (found == files.end())
      return notFound(path);
    out = runtime::io::makeMemoryInputStream(found->second, path);
    return Status();
  }

  Status
  openForWrite(const std::string &path,
               std::unique_ptr<runtime::io::OutputStream> &out) override {
    std::string &contents = files[key(path)];
    contents.clear();
    out = std::make_unique<StringOutputStream>(contents, path);
    return Status();
  }

  Status writeFileAtomically(const std::string &path,
                             std::string_view contents) override {
    files[key(path)] = std::string(contents);
    return Status();
  }

  Status fileExists(const std::string &path) override {
    return files.count(key(path)) ? Status() : notFound(path);
  }

  Status stat(const std::string &path, runtime::io::FileStatus &out) override {
    auto found = files.find(key(path));
    if (found == files.end())
      return notFound(path);
    out.size = found->second.size();
    out.isDirectory = false;
    return Status();
  }

  Status createDirectories(const std::string &) override { return Status(); }

  Status deleteFile(const std::string &path) override {
    return files.erase(key(path)) ? Status() : notFound(path);
  }

  Status renameFile(const std::string &from, const std::string &to) override {
    auto found = files.find(key(from));
    if (found == files.end())
      return notFound(from);
    std::string contents = std::move(found->second);
    files.erase(found);
    files[key(to)] = std::move(contents);
    return Status();
  }

  Status openForRandomAccess(
      const std::string &path,
      std::unique_ptr<runtime::io::RandomAccessFile> &out) override {
    auto found = files.find(key(path));
    if (found == files.end())
      return notFound(path);
    out = std::make_unique<RandomAccess>(found->second, path);
    return Status();
  }

private:
  static std::string key(const std::string &path) {
    const std::string scheme = "fuzzmem://";
    return path.compare(0, scheme.size(), scheme) == 0
               ? path.substr(scheme.size())
               : path;
  }
  static Status notFound(const std::string &path) {
    return Status(StatusCode::NotFound, path + ": no such file");
  }

  class RandomAccess final : public runtime::io::RandomAccessFile {
  public:
    RandomAccess(std::string contents, std::string name)
        : contents_(std::move(contents)), name_(std::move(name)) {}
    uint64_t size() const override { return contents_.size(); }
    const std::string &name() const override { return name_; }
    Status read(uint64_t offset, uint64_t size,
                std::string &out) const override {
      if (offset > contents_.size() || contents_.size() - offset < size)
        return Status(StatusCode::DataLoss, name_ + ": truncated");
      out.assign(contents_, offset, size);
      return Status();
    }

  private:
    std::string contents_;
    std::string name_;
  };
};

} // namespace kiln::fuzz

#endif // KILN_TESTS_FUZZ_MEMORYFILESYSTEM_H
