//===- bundle_reader.h - reading TensorFlow V2 checkpoints ----------------===//
//
// Opens `<prefix>.index`, verifies the whole table (block checksums, key
// order, the header's version and endianness) and lists the tensors; reads
// a tensor from its data shard and verifies its masked CRC-32C before
// handing it out. Checkpoints written by TensorFlow (tf.compat.v1 Saver,
// tf.train.Checkpoint, SavedModel variables/) and by kiln read the same way.
//
// Every failure is a Status naming the file and, where one is at fault, the
// tensor: a missing file (NotFound), corrupt or truncated bytes (DataLoss),
// a tensor whose dtype or shape differs from what the caller expects
// (InvalidArgument), types kiln's tensors cannot hold (Unimplemented).
// Hostile files never crash the reader and never make it allocate more than
// the data file's size.
//
// Thread-safety: after open(), const methods may be called from several
// threads (ranged reads use pread).
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_BUNDLE_READER_H
#define KILN_RUNTIME_CHECKPOINT_BUNDLE_READER_H

#include "kiln/runtime/checkpoint/bundle_entry.h"
#include "kiln/runtime/io/status.h"
#include "kiln/runtime/npy.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::runtime::checkpoint {

/// One tensor as the index describes it.
struct TensorInfo {
  std::string name;
  BundleEntry entry;
  /// False for types a HostTensor cannot hold (DT_STRING, ...).
  bool hasDType = false;
  DType dtype = DType::F32;
};

class BundleReader {
public:
  /// Reads and verifies `<prefix>.index` and opens the data shards it names.
  static io::Status open(const std::string &prefix,
                         std::unique_ptr<BundleReader> &out);
  ~BundleReader();
  BundleReader(const BundleReader &) = delete;
  BundleReader &operator=(const BundleReader &) = delete;

  const std::string &prefix() const;
  const BundleHeader &header() const;
  /// Every tensor, sorted by name (the header entry excluded).
  const std::vector<TensorInfo> &tensors() const;
  /// The tensor called `name`, or null.
  const TensorInfo *find(const std::string &name) const;

  /// Reads a numeric or bool tensor and verifies its checksum.
  io::Status read(const std::string &name, HostTensor &out) const;
  /// As read(), but refuses a tensor whose dtype or shape is not the
  /// expected one (restoring into an existing variable).
  io::Status readExpecting(const std::string &name, DType dtype,
                           const std::vector<int64_t> &shape,
                           HostTensor &out) const;
  /// As readExpecting(), into `bytes` bytes at `out` (a variable's storage),
  /// which must be exactly the tensor's size.
  io::Status readInto(const std::string &name, DType dtype,
                      const std::vector<int64_t> &shape, void *out,
                      size_t bytes) const;
  /// Reads a DT_STRING tensor (e.g. TF2's _CHECKPOINTABLE_OBJECT_GRAPH),
  /// verifying the length checksum and the entry's checksum.
  io::Status readStrings(const std::string &name,
                         std::vector<std::string> &out) const;

private:
  /// Finds `name`, checks it is readable as a HostTensor, reads and
  /// verifies its bytes.
  io::Status readChecked(const std::string &name, const TensorInfo *&info,
                         std::string &bytes) const;
  io::Status checkExpected(const std::string &name, DType dtype,
                           const std::vector<int64_t> &shape) const;

  struct Impl;
  explicit BundleReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// "[2,3]" or "[]" for a scalar, as errors print shapes.
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_BUNDLE_READER_H
