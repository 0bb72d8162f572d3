//===- sstable_builder.h - the .index file's LevelDB table format ---------===//
//
// A checkpoint's `.index` file is a LevelDB sorted string table (FACTS.md
// sections 2.2 and 2.3): data blocks of prefix-compressed entries with
// restart points, each followed by a 5-byte trailer (compression type 0 and
// the masked CRC-32C of block + type byte), an empty metaindex block, an
// index block (one separator key + BlockHandle per data block, restart
// interval 1), and a 48-byte footer ending in the table magic number.
//
// The builder reproduces TensorFlow's table builder decision for decision
// (block size estimate, when a block is cut, shortest separators, the short
// successor after the last key), so the same entries give the same bytes
// TensorFlow writes. Compression is never used: TF's bundle writer turns it
// off too.
//
// The table is built in memory: an index holds ~50 bytes per tensor.
//
// Thread-safety: one thread at a time per builder.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_SSTABLE_BUILDER_H
#define KILN_RUNTIME_CHECKPOINT_SSTABLE_BUILDER_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kiln::runtime::checkpoint {

/// The footer's magic number, stored as fixed64 little-endian.
constexpr uint64_t kTableMagicNumber = 0xdb4775248b80fb57ull;
/// Footer size: two BlockHandles padded to 40 bytes, then the magic.
constexpr size_t kTableFooterSize = 48;
/// Block trailer: compression type byte + fixed32 masked CRC-32C.
constexpr size_t kBlockTrailerSize = 5;

struct SSTableOptions {
  /// Uncompressed bytes after which a data block is cut (TF: 256 KiB).
  size_t blockSize = 262144;
  /// Entries between full keys in data blocks (TF: 16).
  int restartInterval = 16;
};

class SSTableBuilder {
public:
  explicit SSTableBuilder(SSTableOptions options = {});
  ~SSTableBuilder();
  SSTableBuilder(const SSTableBuilder &) = delete;
  SSTableBuilder &operator=(const SSTableBuilder &) = delete;

  /// Adds an entry; keys must be strictly increasing in bytewise order
  /// (InvalidArgument otherwise, naming both keys).
  io::Status add(std::string_view key, std::string_view value);

  /// Ends the table and returns the whole file. The builder is spent.
  std::string finish();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// LevelDB's separator: a short key k with start <= k < limit (start itself
/// when nothing shorter is found). Public for tests.
std::string shortestSeparator(std::string_view start, std::string_view limit);
/// A short key >= `key`: its first byte that is not 0xff, incremented, with
/// the rest dropped (`key` itself when every byte is 0xff).
std::string shortSuccessor(std::string_view key);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_SSTABLE_BUILDER_H
