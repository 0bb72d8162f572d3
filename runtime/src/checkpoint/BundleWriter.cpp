//===- BundleWriter.cpp - saving tensors as a TensorFlow V2 checkpoint ----===//

#include "kiln/runtime/checkpoint/bundle_writer.h"

#include "FileOps.h"
#include "kiln/runtime/checkpoint/bundle_entry.h"
#include "kiln/runtime/checkpoint/data_type.h"
#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/checkpoint/sstable_builder.h"
#include "kiln/runtime/io/crc32c.h"
#include "kiln/runtime/io/file_system.h"

#include <limits>
#include <map>

// The data file holds the host's bytes and the header says little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "checkpoints are written little-endian");

namespace kiln::runtime::checkpoint {

struct BundleWriter::Impl {
  std::string prefix;
  std::string dataPath, indexPath;
  std::string dataTemp, indexTemp;
  std::unique_ptr<io::OutputStream> data;
  int64_t dataSize = 0;
  // Sorted by key, as the table needs; data order is add() order.
  std::map<std::string, BundleEntry> entries;
  io::Status status;
  bool finished = false;

  io::Status fail(io::Status error) {
    if (status.ok())
      status = error;
    return error;
  }

  void deleteTemporaries() {
    if (data) {
      (void)data->close();
      data.reset();
    }
    (void)detail::deleteIfExists(dataTemp);
    (void)detail::deleteIfExists(indexTemp);
  }

  io::Status writeIndex() {
    SSTableBuilder table;
    KILN_IO_RETURN_IF_ERROR(table.add("", encodeBundleHeader(BundleHeader())));
    for (const auto &[name, entry] : entries)
      KILN_IO_RETURN_IF_ERROR(table.add(name, encodeBundleEntry(entry)));
    std::unique_ptr<io::OutputStream> index;
    KILN_IO_RETURN_IF_ERROR(io::openForWrite(indexTemp, index));
    KILN_IO_RETURN_IF_ERROR(index->append(table.finish()));
    KILN_IO_RETURN_IF_ERROR(index->sync());
    return index->close();
  }

  io::Status commit() {
    KILN_IO_RETURN_IF_ERROR(data->sync());
    KILN_IO_RETURN_IF_ERROR(data->close());
    data.reset();
    KILN_IO_RETURN_IF_ERROR(writeIndex());
    // Data first: until the index is renamed, readers of the prefix keep
    // seeing the previous checkpoint's index (and, before this rename, its
    // data).
    KILN_IO_RETURN_IF_ERROR(io::renameFile(dataTemp, dataPath));
    return io::renameFile(indexTemp, indexPath);
  }
};

BundleWriter::BundleWriter(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

BundleWriter::~BundleWriter() {
  if (!impl_->finished)
    impl_->deleteTemporaries();
}

const std::string &BundleWriter::prefix() const { return impl_->prefix; }

io::Status BundleWriter::open(const std::string &prefix,
                              std::unique_ptr<BundleWriter> &out) {
  if (prefix.empty())
    return io::invalidArgument("a checkpoint prefix must not be empty");
  auto impl = std::make_unique<Impl>();
  impl->prefix = prefix;
  impl->dataPath = dataFileName(prefix, 0, 1);
  impl->indexPath = indexFileName(prefix);
  impl->dataTemp = detail::temporaryPathFor(impl->dataPath);
  impl->indexTemp = detail::temporaryPathFor(impl->indexPath);
  KILN_IO_RETURN_IF_ERROR(io::openForWrite(impl->dataTemp, impl->data));
  out.reset(new BundleWriter(std::move(impl)));
  return io::Status();
}

io::Status BundleWriter::add(const std::string &name, const HostTensor &tensor) {
  return add(name, tensor.dtype, tensor.shape, tensor.data.data(),
             tensor.data.size());
}

io::Status BundleWriter::add(const std::string &name, DType dtype,
                             const std::vector<int64_t> &shape, const void *data,
                             size_t byteCount) {
  Impl &r = *impl_;
  if (!r.status.ok())
    return r.status;
  if (r.finished || !r.data)
    return io::Status(io::StatusCode::FailedPrecondition,
                      r.prefix + ": the checkpoint was already finished");
  const std::string where = indexFileName(r.prefix) + ": tensor \"" + name + "\"";
  if (name.empty())
    return r.fail(io::invalidArgument(
        r.prefix + ": a tensor name must not be empty (the empty key holds "
                   "the bundle header)"));
  if (r.entries.count(name))
    return r.fail(io::invalidArgument(where + " was added twice"));
  uint64_t elements = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return r.fail(io::invalidArgument(where + " has a negative dimension"));
    if (dim != 0 && elements > std::numeric_limits<uint64_t>::max() / uint64_t(dim))
      return r.fail(io::invalidArgument(where + " has too many elements"));
    elements *= uint64_t(dim);
  }
  uint64_t bytes = elements * dtypeSize(dtype);
  if (elements != 0 && bytes / elements != dtypeSize(dtype))
    return r.fail(io::invalidArgument(where + " has too many elements"));
  if (bytes != byteCount)
    return r.fail(io::invalidArgument(
        where + " holds " + std::to_string(byteCount) + " bytes but its dtype " +
        dtypeName(dtype) + " and shape need " + std::to_string(bytes)));

  std::string_view contents(static_cast<const char *>(data), byteCount);
  if (io::Status s = r.data->append(contents); !s.ok())
    return r.fail(s);
  BundleEntry entry;
  entry.dtype = toTfDataType(dtype);
  entry.shape = shape;
  entry.offset = r.dataSize;
  entry.size = static_cast<int64_t>(contents.size());
  entry.maskedCrc32c = io::maskCrc32c(io::crc32c(contents));
  r.entries.emplace(name, std::move(entry));
  r.dataSize += static_cast<int64_t>(contents.size());
  return io::Status();
}

io::Status BundleWriter::finish() {
  Impl &r = *impl_;
  if (r.finished)
    return io::Status(io::StatusCode::FailedPrecondition,
                      r.prefix + ": the checkpoint was already finished");
  if (!r.status.ok()) {
    r.deleteTemporaries();
    r.finished = true;
    return io::Status(r.status.code(), r.prefix + ": checkpoint not saved: " +
                                           r.status.message());
  }
  io::Status status = r.commit();
  r.finished = true;
  if (!status.ok()) {
    r.deleteTemporaries();
    return io::Status(status.code(),
                      r.prefix + ": checkpoint not saved: " + status.message());
  }
  return io::Status();
}

io::Status writeCheckpoint(const std::string &prefix,
                           const std::vector<NamedTensor> &tensors) {
  std::unique_ptr<BundleWriter> writer;
  KILN_IO_RETURN_IF_ERROR(BundleWriter::open(prefix, writer));
  for (const NamedTensor &named : tensors)
    KILN_IO_RETURN_IF_ERROR(writer->add(named.name, named.tensor));
  return writer->finish();
}

} // namespace kiln::runtime::checkpoint
