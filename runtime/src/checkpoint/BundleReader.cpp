//===- BundleReader.cpp - reading TensorFlow V2 checkpoints ---------------===//

#include "kiln/runtime/checked_size.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"

#include "TableEncoding.h"
#include "kiln/runtime/checkpoint/data_type.h"
#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/checkpoint/sstable_reader.h"
#include "kiln/runtime/io/crc32c.h"
#include "kiln/runtime/io/file_system.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>

namespace kiln::runtime::checkpoint {

namespace {

std::string quoted(const std::string &name) { return "tensor \"" + name + "\""; }

/// Why `shape` of `elementBytes`-byte elements cannot be a tensor (a
/// negative dimension, more than kMaxTensorBytes), or empty; `count`
/// receives its element count.
std::string shapeError(const std::vector<int64_t> &shape, uint64_t elementBytes,
                       uint64_t &count) {
  if (checkedElementCount(shape.data(), shape.size(), elementBytes, count))
    return "";
  for (int64_t dim : shape)
    if (dim < 0)
      return "an invalid shape " + formatShape(shape);
  return "shape " + formatShape(shape) +
         ", larger than kiln can hold (2^48 bytes)";
}

std::string describe(bool hasDType, DType dtype, int32_t tfType,
                     const std::vector<int64_t> &shape) {
  return std::string(hasDType ? dtypeName(dtype) : tfDataTypeName(tfType).c_str()) +
         " " + formatShape(shape);
}

} // namespace

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? "," : "") + std::to_string(shape[i]);
  return out + "]";
}

struct BundleReader::Impl {
  std::string prefix;
  std::string indexPath;
  BundleHeader header;
  std::vector<TensorInfo> tensors;
  std::map<int32_t, std::unique_ptr<io::RandomAccessFile>> shards;

  /// The checked bytes of `info` from its shard.
  io::Status readBytes(const TensorInfo &info, std::string &out) const {
    const io::RandomAccessFile &shard = *shards.at(info.entry.shardId);
    io::Status status = shard.read(static_cast<uint64_t>(info.entry.offset),
                                   static_cast<uint64_t>(info.entry.size), out);
    if (!status.ok())
      return io::Status(status.code(),
                        status.message() + " (" + quoted(info.name) + ")");
    return io::Status();
  }

  io::Status corruptData(const TensorInfo &info, const std::string &why) const {
    return io::dataLoss(shards.at(info.entry.shardId)->name() + ": " +
                        quoted(info.name) + ": " + why);
  }
};

BundleReader::BundleReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleReader::~BundleReader() = default;

const std::string &BundleReader::prefix() const { return impl_->prefix; }
const BundleHeader &BundleReader::header() const { return impl_->header; }
const std::vector<TensorInfo> &BundleReader::tensors() const {
  return impl_->tensors;
}

const TensorInfo *BundleReader::find(const std::string &name) const {
  auto it = std::lower_bound(
      impl_->tensors.begin(), impl_->tensors.end(), name,
      [](const TensorInfo &info, const std::string &key) { return info.name < key; });
  if (it == impl_->tensors.end() || it->name != name)
    return nullptr;
  return &*it;
}

io::Status BundleReader::open(const std::string &prefix,
                              std::unique_ptr<BundleReader> &out) {
  auto impl = std::make_unique<Impl>();
  impl->prefix = prefix;
  impl->indexPath = indexFileName(prefix);
  const std::string &indexPath = impl->indexPath;
  std::string bytes;
  io::Status status = io::readFile(indexPath, bytes);
  if (!status.ok())
    return io::Status(status.code(),
                      "cannot open checkpoint " + prefix + ": " + status.message());
  std::vector<SSTableEntry> entries;
  KILN_IO_RETURN_IF_ERROR(readSSTable(bytes, indexPath, entries));
  if (entries.empty() || !entries[0].key.empty())
    return io::dataLoss(indexPath + ": the checkpoint index has no bundle header "
                                    "(empty key)");
  BundleHeader &header = impl->header;
  KILN_IO_RETURN_IF_ERROR(decodeBundleHeader(
      entries[0].value, indexPath + ": bundle header", header));
  if (header.endianness != 0)
    return io::Status(io::StatusCode::Unimplemented,
                      indexPath + ": the checkpoint was written big-endian");
  if (header.producer < 0 || header.minConsumer > kBundleVersion ||
      std::count(header.badConsumers.begin(), header.badConsumers.end(),
                 kBundleVersion))
    return io::Status(io::StatusCode::FailedPrecondition,
                      indexPath + ": bundle version (producer " +
                          std::to_string(header.producer) + ", min consumer " +
                          std::to_string(header.minConsumer) +
                          ") cannot be read by this reader (version " +
                          std::to_string(kBundleVersion) + ")");
  if (header.numShards < 1)
    return io::dataLoss(indexPath + ": the bundle header says " +
                        std::to_string(header.numShards) + " data shards");

  for (size_t i = 1; i < entries.size(); ++i) {
    TensorInfo info;
    info.name = entries[i].key;
    const std::string context = indexPath + ": " + quoted(info.name);
    KILN_IO_RETURN_IF_ERROR(decodeBundleEntry(entries[i].value, context, info.entry));
    const BundleEntry &entry = info.entry;
    info.hasDType = fromTfDataType(entry.dtype, info.dtype);
    if (entry.dtype == 0)
      return io::dataLoss(context + " has no dtype");
    uint64_t count;
    if (entry.unknownRank)
      return io::dataLoss(context + " has an unknown rank");
    // Strings are counted here (a byte each at least); numeric tensors
    // again with their element size when read.
    if (std::string error = shapeError(entry.shape, 1, count); !error.empty())
      return io::dataLoss(context + " has " + error);
    if (!entry.sliced) {
      if (entry.shardId < 0 || entry.shardId >= header.numShards)
        return io::dataLoss(context + " names data shard " +
                            std::to_string(entry.shardId) + " of " +
                            std::to_string(header.numShards));
      if (entry.offset < 0 || entry.size < 0)
        return io::dataLoss(context + " has a negative offset or size");
      auto &shard = impl->shards[entry.shardId];
      if (!shard) {
        std::string dataPath = dataFileName(prefix, entry.shardId, header.numShards);
        status = io::openForRandomAccess(dataPath, shard);
        if (!status.ok())
          return io::Status(status.code(), "cannot open checkpoint " + prefix +
                                                ": " + status.message());
      }
      uint64_t end = uint64_t(entry.offset) + uint64_t(entry.size);
      if (end > shard->size())
        return io::dataLoss(
            shard->name() + ": truncated: " + quoted(info.name) +
            " needs bytes up to " + std::to_string(end) + " but the file has " +
            std::to_string(shard->size()));
    }
    impl->tensors.push_back(std::move(info));
  }
  out.reset(new BundleReader(std::move(impl)));
  return io::Status();
}

io::Status BundleReader::read(const std::string &name, HostTensor &out) const {
  std::string bytes;
  const TensorInfo *info = nullptr;
  KILN_IO_RETURN_IF_ERROR(readChecked(name, info, bytes));
  out.dtype = info->dtype;
  out.shape = info->entry.shape;
  out.data.assign(bytes.begin(), bytes.end());
  return io::Status();
}

io::Status BundleReader::readChecked(const std::string &name,
                                     const TensorInfo *&info,
                                     std::string &bytes) const {
  info = find(name);
  if (!info)
    return io::notFound(impl_->indexPath + ": no " + quoted(name) +
                        " in the checkpoint");
  const std::string context = impl_->indexPath + ": " + quoted(name);
  if (info->entry.sliced)
    return io::Status(io::StatusCode::Unimplemented,
                      context + " is a partitioned (sliced) variable, which "
                                "kiln does not read");
  if (!info->hasDType)
    return io::Status(io::StatusCode::Unimplemented,
                      context + " has dtype " + tfDataTypeName(info->entry.dtype) +
                          ", which kiln tensors cannot hold");
  uint64_t count = 0;
  size_t elementSize = dtypeSize(info->dtype);
  if (std::string error = shapeError(info->entry.shape, elementSize, count);
      !error.empty())
    return io::dataLoss(context + " has " + error);
  if (count * elementSize != uint64_t(info->entry.size))
    return io::dataLoss(context + " stores " + std::to_string(info->entry.size) +
                        " bytes but " +
                        describe(true, info->dtype, 0, info->entry.shape) +
                        " needs " + std::to_string(count) + " elements of " +
                        std::to_string(elementSize) + " bytes");
  KILN_IO_RETURN_IF_ERROR(impl_->readBytes(*info, bytes));
  if (io::maskCrc32c(io::crc32c(bytes)) != info->entry.maskedCrc32c)
    return impl_->corruptData(*info, "checksum mismatch: the data is corrupt");
  return io::Status();
}

io::Status BundleReader::checkExpected(const std::string &name, DType dtype,
                                       const std::vector<int64_t> &shape) const {
  const TensorInfo *info = find(name);
  if (info && (!info->hasDType || info->dtype != dtype ||
               info->entry.shape != shape))
    return io::invalidArgument(
        impl_->indexPath + ": " + quoted(name) + " is " +
        describe(info->hasDType, info->dtype, info->entry.dtype, info->entry.shape) +
        " in the checkpoint but " + describe(true, dtype, 0, shape) +
        " was expected");
  return io::Status();
}

io::Status BundleReader::readExpecting(const std::string &name, DType dtype,
                                       const std::vector<int64_t> &shape,
                                       HostTensor &out) const {
  KILN_IO_RETURN_IF_ERROR(checkExpected(name, dtype, shape));
  return read(name, out);
}

io::Status BundleReader::readInto(const std::string &name, DType dtype,
                                  const std::vector<int64_t> &shape, void *out,
                                  size_t bytes) const {
  KILN_IO_RETURN_IF_ERROR(checkExpected(name, dtype, shape));
  std::string checked;
  const TensorInfo *info = nullptr;
  KILN_IO_RETURN_IF_ERROR(readChecked(name, info, checked));
  if (checked.size() != bytes)
    return io::invalidArgument(impl_->indexPath + ": " + quoted(name) + " has " +
                               std::to_string(checked.size()) +
                               " bytes but the destination holds " +
                               std::to_string(bytes));
  if (bytes)
    std::memcpy(out, checked.data(), bytes);
  return io::Status();
}

io::Status BundleReader::readStrings(const std::string &name,
                                     std::vector<std::string> &out) const {
  const TensorInfo *info = find(name);
  if (!info)
    return io::notFound(impl_->indexPath + ": no " + quoted(name) +
                        " in the checkpoint");
  if (info->entry.dtype != kTfString || info->entry.sliced)
    return io::invalidArgument(impl_->indexPath + ": " + quoted(name) + " is " +
                               tfDataTypeName(info->entry.dtype) +
                               ", not an unsliced DT_STRING tensor");
  uint64_t count = 0;
  shapeError(info->entry.shape, 1, count); // checked when the index was read
  std::string bytes;
  KILN_IO_RETURN_IF_ERROR(impl_->readBytes(*info, bytes));
  // Each length is a varint of at least one byte, so a count beyond the
  // entry's size is corrupt; checking first bounds the allocation.
  if (count > bytes.size() && count != 0)
    return impl_->corruptData(*info, "more strings than bytes");
  std::vector<uint64_t> lengths(count);
  size_t position = 0;
  uint32_t crc = 0;
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (!io::WireReader::readVarint(bytes, position, lengths[i]))
      return impl_->corruptData(*info, "truncated string lengths");
    // TensorFlow checksums each length as fixed-width little-endian bytes.
    std::string fixed;
    if (lengths[i] > 0xffffffffu)
      detail::putFixed64(fixed, lengths[i]);
    else
      detail::putFixed32(fixed, static_cast<uint32_t>(lengths[i]));
    crc = io::crc32cExtend(crc, fixed.data(), fixed.size());
    if (lengths[i] > bytes.size() || total > bytes.size())
      return impl_->corruptData(*info, "a string is longer than the entry");
    total += lengths[i];
  }
  if (count > 0) {
    if (bytes.size() - position < 4)
      return impl_->corruptData(*info, "truncated length checksum");
    if (detail::fixed32At(bytes, position) != io::maskCrc32c(crc))
      return impl_->corruptData(*info, "string length checksum mismatch");
    crc = io::crc32cExtend(crc, bytes.data() + position, 4);
    position += 4;
  }
  if (bytes.size() - position != total)
    return impl_->corruptData(*info, "string bytes do not match their lengths");
  crc = io::crc32cExtend(crc, bytes.data() + position, total);
  if (io::maskCrc32c(crc) != info->entry.maskedCrc32c)
    return impl_->corruptData(*info, "checksum mismatch: the data is corrupt");
  out.clear();
  for (uint64_t length : lengths) {
    out.emplace_back(bytes, position, length);
    position += length;
  }
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
