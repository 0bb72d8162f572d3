//===- bundle_writer.h - saving tensors as a TensorFlow V2 checkpoint -----===//
//
// Writes `<prefix>.index` and `<prefix>.data-00000-of-00001` byte for byte as
// TensorFlow's BundleWriter does (FACTS.md section 2): tensor bytes appended
// to the data file in add() order, row-major little-endian, each with its
// masked CRC-32C; the index holds the header under key "" and one
// BundleEntryProto per tensor, keys sorted. TensorFlow's
// tf.train.load_checkpoint and Saver.restore read the result.
//
// Saving is atomic per prefix: both files are written under temporary names
// beside their final ones and synced; only when both are complete are they
// renamed into place (data first, then index) and the directory synced. A
// failure or crash before that leaves any earlier checkpoint with the same
// prefix untouched, and the temporaries of a failed save are deleted. (A
// crash in the microseconds between the two renames leaves the old index
// over the new data; the reader's checksums then refuse it clearly.)
//
// Usage:
//   std::unique_ptr<BundleWriter> writer;
//   KILN_IO_RETURN_IF_ERROR(BundleWriter::open("ckpt/model.ckpt-10", writer));
//   KILN_IO_RETURN_IF_ERROR(writer->add("hidden1/weights", weights));
//   KILN_IO_RETURN_IF_ERROR(writer->finish());
//
// Local paths only for now (renames go through POSIX). Thread-safety: one
// thread at a time per writer; savers of different prefixes are independent.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CHECKPOINT_BUNDLE_WRITER_H
#define KILN_RUNTIME_CHECKPOINT_BUNDLE_WRITER_H

#include "kiln/runtime/io/status.h"
#include "kiln/runtime/npy.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::runtime::checkpoint {

/// A tensor with the checkpoint key it is saved under (a variable's name,
/// e.g. "hidden1/weights").
struct NamedTensor {
  std::string name;
  HostTensor tensor;
};

class BundleWriter {
public:
  /// Starts a checkpoint at `prefix`; nothing appears at the final names
  /// until finish() succeeds.
  static io::Status open(const std::string &prefix,
                         std::unique_ptr<BundleWriter> &out);
  /// An unfinished writer abandons its save and deletes its temporaries.
  ~BundleWriter();
  BundleWriter(const BundleWriter &) = delete;
  BundleWriter &operator=(const BundleWriter &) = delete;

  /// Appends one tensor. Refuses an empty or repeated name, a negative
  /// dimension, and data whose size does not match dtype and shape. After
  /// an error the writer is failed and finish() reports it.
  io::Status add(const std::string &name, const HostTensor &tensor);
  /// The same from bytes the caller owns (a variable's storage), without
  /// copying them into a HostTensor first.
  io::Status add(const std::string &name, DType dtype,
                 const std::vector<int64_t> &shape, const void *data,
                 size_t bytes);

  /// Writes the index and renames both files into place.
  io::Status finish();

  const std::string &prefix() const;

private:
  struct Impl;
  explicit BundleWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Writes `tensors` (data in the given order) as the checkpoint `prefix`.
io::Status writeCheckpoint(const std::string &prefix,
                           const std::vector<NamedTensor> &tensors);

} // namespace kiln::runtime::checkpoint

#endif // KILN_RUNTIME_CHECKPOINT_BUNDLE_WRITER_H
