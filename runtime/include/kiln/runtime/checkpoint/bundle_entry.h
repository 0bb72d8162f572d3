//===- bundle_entry.h - BundleHeaderProto and BundleEntryProto ------------===//
//
// The values of a checkpoint's `.index` table (tensor_bundle.proto, FACTS.md
// section 2.4): key "" holds the BundleHeaderProto, every other key a
// BundleEntryProto saying where a tensor's bytes are and their checksum.
//
// Encoding follows proto3 as TensorFlow serializes it: ascending field
// numbers, defaults omitted, but the shape always present (a scalar's shape
// is the empty message `12 00`). So an entry kiln writes is byte-identical to
// TensorFlow's for the same tensor at the same offset.
//
// Thread-safe: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_BUNDLE_ENTRY_H
#define KILN_RUNTIME_CHECKPOINT_BUNDLE_ENTRY_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::checkpoint {

/// BundleHeaderProto. A header written by kiln: one shard, little-endian,
/// version {producer 1} (exactly `08 01 1a 02 08 01`).
struct BundleHeader {
  int32_t numShards = 1;
  /// 0 little-endian, 1 big-endian.
  int32_t endianness = 0;
  int32_t producer = 1;
  int32_t minConsumer = 0;
  std::vector<int32_t> badConsumers;
};

/// The bundle format version kiln reads: producer >= 0, and a consumer of
/// version 1 must not be refused by min_consumer or bad_consumers.
constexpr int32_t kBundleVersion = 1;

/// BundleEntryProto, less the slices of partitioned variables (a sliced
/// entry is only flagged, so readers can refuse it clearly).
struct BundleEntry {
  int32_t dtype = 0; // TensorFlow DataType number
  std::vector<int64_t> shape;
  bool unknownRank = false;
  int32_t shardId = 0;
  int64_t offset = 0;
  int64_t size = 0;
  uint32_t maskedCrc32c = 0;
  bool sliced = false;
};

std::string encodeBundleHeader(const BundleHeader &header);
std::string encodeBundleEntry(const BundleEntry &entry);

/// Parse the serialized messages; errors are DataLoss and start with
/// `context` (e.g. "model.ckpt.index: tensor \"w\"").
io::Status decodeBundleHeader(std::string_view bytes, const std::string &context,
                              BundleHeader &out);
io::Status decodeBundleEntry(std::string_view bytes, const std::string &context,
                             BundleEntry &out);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_BUNDLE_ENTRY_H
