//===- Stream.cpp - byte streams the readers and writers sit on -----------===//

#include "kiln/runtime/io/stream.h"

#include <algorithm>
#include <cstring>

namespace kiln::runtime::io {

InputStream::~InputStream() = default;
OutputStream::~OutputStream() = default;

Status readAll(InputStream &stream, std::string &contents) {
  contents.clear();
  constexpr size_t kChunk = 1 << 16;
  for (;;) {
    size_t start = contents.size();
    contents.resize(start + kChunk);
    size_t got = 0;
    Status status = stream.read(contents.data() + start, kChunk, got);
    contents.resize(start + got);
    KILN_IO_RETURN_IF_ERROR(status);
    if (got < kChunk)
      return Status();
  }
}

namespace {

class MemoryInputStream final : public InputStream {
public:
  MemoryInputStream(std::string bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  Status read(char *buffer, size_t size, size_t &got) override {
    got = std::min(size, bytes_.size() - position_);
    std::memcpy(buffer, bytes_.data() + position_, got);
    position_ += got;
    return Status();
  }

  const std::string &name() const override { return name_; }

private:
  std::string bytes_, name_;
  size_t position_ = 0;
};

} // namespace

std::unique_ptr<InputStream> makeMemoryInputStream(std::string bytes,
                                                   std::string name) {
  return std::make_unique<MemoryInputStream>(std::move(bytes), std::move(name));
}

} // namespace kiln::runtime::io
