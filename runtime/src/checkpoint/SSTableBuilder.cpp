//===- SSTableBuilder.cpp - writing LevelDB-format tables -----------------===//

#include "kiln/runtime/checkpoint/sstable_builder.h"

#include "TableEncoding.h"
#include "kiln/runtime/io/crc32c.h"

#include <algorithm>
#include <vector>

namespace kiln::runtime::checkpoint {

namespace {

/// One block being filled: entries, then the restart offsets and their count.
class BlockBuilder {
public:
  explicit BlockBuilder(int restartInterval)
      : restartInterval_(restartInterval) {
    restarts_.push_back(0);
  }

  bool empty() const { return buffer_.empty(); }

  /// What the finished block would take; the builder cuts blocks on it.
  size_t sizeEstimate() const {
    return buffer_.size() + restarts_.size() * 4 + 4;
  }

  void add(std::string_view key, std::string_view value) {
    size_t shared = 0;
    if (counter_ < restartInterval_) {
      size_t limit = std::min(lastKey_.size(), key.size());
      while (shared < limit && lastKey_[shared] == key[shared])
        ++shared;
    } else {
      // A restart point: the full key, so readers can binary-search here.
      restarts_.push_back(static_cast<uint32_t>(buffer_.size()));
      counter_ = 0;
    }
    detail::putVarint(buffer_, shared);
    detail::putVarint(buffer_, key.size() - shared);
    detail::putVarint(buffer_, value.size());
    buffer_.append(key.substr(shared));
    buffer_.append(value);
    lastKey_.assign(key);
    ++counter_;
  }

  /// The finished block; the builder is empty again afterwards.
  std::string finish() {
    std::string block = std::move(buffer_);
    for (uint32_t restart : restarts_)
      detail::putFixed32(block, restart);
    detail::putFixed32(block, static_cast<uint32_t>(restarts_.size()));
    buffer_.clear();
    restarts_.assign(1, 0);
    counter_ = 0;
    lastKey_.clear();
    return block;
  }

private:
  int restartInterval_;
  std::string buffer_;
  std::vector<uint32_t> restarts_;
  int counter_ = 0;
  std::string lastKey_;
};

} // namespace

struct SSTableBuilder::Impl {
  explicit Impl(SSTableOptions options)
      : options(options), dataBlock(std::max(options.restartInterval, 1)),
        indexBlock(1) {}

  /// Appends a block and its trailer; returns its handle.
  detail::BlockHandle writeBlock(const std::string &contents) {
    detail::BlockHandle handle{file.size(), contents.size()};
    file.append(contents);
    const char type = 0; // no compression
    uint32_t crc = io::crc32cExtend(io::crc32c(contents), &type, 1);
    file.push_back(type);
    detail::putFixed32(file, io::maskCrc32c(crc));
    return handle;
  }

  void flush() {
    if (dataBlock.empty())
      return;
    pendingHandle = writeBlock(dataBlock.finish());
    pendingIndexEntry = true;
  }

  SSTableOptions options;
  BlockBuilder dataBlock;
  BlockBuilder indexBlock;
  std::string file;
  std::string lastKey;
  bool hasEntries = false;
  // The index entry of a finished block waits for the next key, so its
  // separator can be short (it only has to fall between the two blocks).
  bool pendingIndexEntry = false;
  detail::BlockHandle pendingHandle;
};

SSTableBuilder::SSTableBuilder(SSTableOptions options)
    : impl_(std::make_unique<Impl>(options)) {}
SSTableBuilder::~SSTableBuilder() = default;

io::Status SSTableBuilder::add(std::string_view key, std::string_view value) {
  Impl &r = *impl_;
  if (r.hasEntries && key <= std::string_view(r.lastKey))
    return io::invalidArgument("table keys must be strictly increasing: \"" +
                               std::string(key) + "\" after \"" + r.lastKey +
                               "\"");
  // A huge entry starts a block of its own rather than overfilling one.
  if (!r.dataBlock.empty() && key.size() + value.size() >= 2 * r.options.blockSize)
    r.flush();
  if (r.pendingIndexEntry) {
    std::string separator = shortestSeparator(r.lastKey, key);
    std::string handle;
    r.pendingHandle.encodeTo(handle);
    r.indexBlock.add(separator, handle);
    r.pendingIndexEntry = false;
  }
  r.dataBlock.add(key, value);
  r.lastKey.assign(key);
  r.hasEntries = true;
  if (r.dataBlock.sizeEstimate() >= r.options.blockSize)
    r.flush();
  return io::Status();
}

std::string SSTableBuilder::finish() {
  Impl &r = *impl_;
  r.flush();
  // TF writes no meta blocks, so the metaindex block is empty.
  BlockBuilder metaindex(r.options.restartInterval);
  detail::BlockHandle metaindexHandle = r.writeBlock(metaindex.finish());
  if (r.pendingIndexEntry) {
    std::string handle;
    r.pendingHandle.encodeTo(handle);
    r.indexBlock.add(shortSuccessor(r.lastKey), handle);
    r.pendingIndexEntry = false;
  }
  detail::BlockHandle indexHandle = r.writeBlock(r.indexBlock.finish());
  std::string footer;
  metaindexHandle.encodeTo(footer);
  indexHandle.encodeTo(footer);
  footer.resize(kTableFooterSize - 8, '\0');
  detail::putFixed64(footer, kTableMagicNumber);
  r.file.append(footer);
  return std::move(r.file);
}

std::string shortestSeparator(std::string_view start, std::string_view limit) {
  size_t limitLength = std::min(start.size(), limit.size());
  size_t diff = 0;
  while (diff < limitLength && start[diff] == limit[diff])
    ++diff;
  std::string result(start);
  if (diff >= limitLength)
    return result; // one is a prefix of the other
  uint8_t byte = static_cast<uint8_t>(start[diff]);
  if (byte < 0xff && byte + 1 < static_cast<uint8_t>(limit[diff])) {
    result[diff] = static_cast<char>(byte + 1);
    result.resize(diff + 1);
  }
  return result;
}

std::string shortSuccessor(std::string_view key) {
  for (size_t i = 0; i < key.size(); ++i) {
    uint8_t byte = static_cast<uint8_t>(key[i]);
    if (byte != 0xff) {
      std::string result(key.substr(0, i + 1));
      result[i] = static_cast<char>(byte + 1);
      return result;
    }
  }
  return std::string(key);
}

} // namespace kiln::runtime::checkpoint
