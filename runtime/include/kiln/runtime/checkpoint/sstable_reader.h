//===- sstable_reader.h - reading and verifying a LevelDB-format table ----===//
//
// Reads a whole `.index` table (FACTS.md section 2.2) from bytes in memory
// and returns its entries in key order. Everything is checked before it is
// trusted: the footer's magic and handles, every block's trailer (compression
// type and masked CRC-32C), restart arrays, entry lengths, prefix sharing,
// and that keys strictly increase across the table. Any failure is DataLoss
// naming the file and the byte offset; hostile bytes never crash the reader.
//
// Snappy-compressed blocks are decompressed: TensorFlow's bundle writer never
// compresses, but real checkpoints that passed through other table writers
// (tensorflow/serving's test models) have them, and TensorFlow reads them.
//
// Thread-safe: a pure function.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_SSTABLE_READER_H
#define KILN_RUNTIME_CHECKPOINT_SSTABLE_READER_H

#include "kiln/runtime/io/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::checkpoint {

struct SSTableEntry {
  std::string key;
  std::string value;
};

/// Parses the table in `file`; `fileName` is what errors mention.
io::Status readSSTable(std::string_view file, const std::string &fileName,
                       std::vector<SSTableEntry> &out);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_SSTABLE_READER_H
