//===- SSTableReader.cpp - reading LevelDB-format tables ------------------===//

#include "kiln/runtime/checkpoint/sstable_reader.h"

#include "Snappy.h"
#include "TableEncoding.h"
#include "kiln/runtime/checkpoint/sstable_builder.h"
#include "kiln/runtime/io/crc32c.h"

namespace kiln::runtime::checkpoint {

namespace {

class TableParser {
public:
  TableParser(std::string_view file, const std::string &name)
      : file_(file), name_(name) {}

  io::Status corrupt(uint64_t offset, const std::string &why) const {
    return io::dataLoss(name_ + ": corrupt or truncated checkpoint index at byte " +
                        std::to_string(offset) + ": " + why);
  }

  /// The contents of the block at `handle` once its trailer checks out,
  /// decompressed if need be (`storage` holds decompressed bytes).
  io::Status readBlock(const detail::BlockHandle &handle, const char *what,
                       std::string &storage, std::string_view &out) const {
    if (handle.offset > file_.size() ||
        handle.size > file_.size() - handle.offset ||
        file_.size() - handle.offset - handle.size < kBlockTrailerSize)
      return corrupt(handle.offset, std::string(what) + " block of " +
                                        std::to_string(handle.size) +
                                        " bytes runs past the end of the file");
    std::string_view contents = file_.substr(handle.offset, handle.size);
    size_t trailer = handle.offset + handle.size;
    uint8_t type = static_cast<uint8_t>(file_[trailer]);
    uint32_t stored = io::unmaskCrc32c(detail::fixed32At(file_, trailer + 1));
    uint32_t actual = io::crc32cExtend(io::crc32c(contents), &file_[trailer], 1);
    if (stored != actual)
      return corrupt(handle.offset, std::string(what) +
                                        " block checksum does not match");
    if (type == 0) {
      out = contents;
      return io::Status();
    }
    if (type != 1)
      return corrupt(trailer, "unknown block compression type " +
                                  std::to_string(type));
    // Snappy: TensorFlow's bundle writer never compresses, but other table
    // writers did, and TensorFlow reads those.
    if (Status status = detail::snappyUncompress(contents, storage);
        !status.ok())
      return corrupt(handle.offset,
                     std::string(what) + " block: " + status.message());
    out = storage;
    return io::Status();
  }

  /// Decodes the entries of a block that starts at file offset `base`.
  io::Status parseBlock(std::string_view block, uint64_t base, const char *what,
                        std::vector<SSTableEntry> &out) const {
    if (block.size() < 4)
      return corrupt(base, std::string(what) + " block is too short");
    uint32_t restarts = detail::fixed32At(block, block.size() - 4);
    if (restarts == 0 || restarts > (block.size() - 4) / 4)
      return corrupt(base, std::string(what) + " block has an invalid count of " +
                               std::to_string(restarts) + " restart points");
    size_t end = block.size() - 4 - size_t(restarts) * 4;
    for (uint32_t i = 0; i < restarts; ++i) {
      uint32_t restart = detail::fixed32At(block, end + size_t(i) * 4);
      if (restart > end || (i == 0 && restart != 0))
        return corrupt(base, std::string(what) + " block restart point " +
                                 std::to_string(i) + " is out of range");
    }
    std::string lastKey;
    size_t position = 0;
    while (position < end) {
      size_t entryStart = position;
      uint64_t shared, unshared, valueLength;
      std::string_view entries = block.substr(0, end);
      if (!io::WireReader::readVarint(entries, position, shared) ||
          !io::WireReader::readVarint(entries, position, unshared) ||
          !io::WireReader::readVarint(entries, position, valueLength))
        return corrupt(base + entryStart, "truncated entry header");
      if (shared > lastKey.size())
        return corrupt(base + entryStart,
                       "entry shares more key bytes than the previous key has");
      if (unshared > end - position || valueLength > end - position - unshared)
        return corrupt(base + entryStart, "entry runs past its block");
      SSTableEntry entry;
      entry.key = lastKey.substr(0, shared);
      entry.key.append(block.substr(position, unshared));
      position += unshared;
      entry.value.assign(block.substr(position, valueLength));
      position += valueLength;
      lastKey = entry.key;
      out.push_back(std::move(entry));
    }
    return io::Status();
  }

private:
  std::string_view file_;
  const std::string &name_;
};

} // namespace

io::Status readSSTable(std::string_view file, const std::string &fileName,
                       std::vector<SSTableEntry> &out) {
  TableParser parser(file, fileName);
  out.clear();
  if (file.size() < kTableFooterSize)
    return parser.corrupt(0, "the file has " + std::to_string(file.size()) +
                                 " bytes, fewer than the 48-byte table footer");
  size_t footer = file.size() - kTableFooterSize;
  if (detail::fixed64At(file, file.size() - 8) != kTableMagicNumber)
    return parser.corrupt(file.size() - 8,
                          "bad table magic number (not a checkpoint index, or "
                          "truncated)");
  std::string_view handles = file.substr(footer, kTableFooterSize - 8);
  size_t position = 0;
  detail::BlockHandle metaindex, index;
  if (!metaindex.decodeFrom(handles, position) ||
      !index.decodeFrom(handles, position))
    return parser.corrupt(footer, "malformed block handles in the footer");
  std::string storage;
  std::string_view block;
  // The metaindex block is checked for integrity; TF puts nothing in it.
  KILN_IO_RETURN_IF_ERROR(parser.readBlock(metaindex, "metaindex", storage, block));
  KILN_IO_RETURN_IF_ERROR(parser.readBlock(index, "index", storage, block));
  std::vector<SSTableEntry> indexEntries;
  KILN_IO_RETURN_IF_ERROR(
      parser.parseBlock(block, index.offset, "index", indexEntries));
  for (const SSTableEntry &indexEntry : indexEntries) {
    detail::BlockHandle handle;
    size_t at = 0;
    if (!handle.decodeFrom(indexEntry.value, at) || at != indexEntry.value.size())
      return parser.corrupt(index.offset, "malformed block handle in the index");
    std::string dataStorage;
    KILN_IO_RETURN_IF_ERROR(parser.readBlock(handle, "data", dataStorage, block));
    size_t before = out.size();
    KILN_IO_RETURN_IF_ERROR(parser.parseBlock(block, handle.offset, "data", out));
    for (size_t i = before; i < out.size(); ++i)
      if (i > 0 && out[i].key <= out[i - 1].key)
        return parser.corrupt(handle.offset,
                              "keys are not in increasing order at \"" +
                                  out[i].key + "\"");
  }
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
