//===- shuffle_batch.h - background readers feeding shuffled batches ------===//
//
// TF1's tf.train.shuffle_batch over a string_input_producer, in C++:
// producer threads read records (TFRecord files, or any producer function)
// into a ShuffleQueue; the consumer - the training loop - takes batches of
// `batchSize` records with next(). A QueueRunner runs the producers and a
// Coordinator stops everything together:
//   - the input ends: the queue drains; the last partial batch is returned
//     when allowSmallerFinalBatch is set (dropped otherwise), then next()
//     returns OutOfRange;
//   - a producer fails (a corrupt record): next() returns that error, naming
//     the file and byte offset, and the other producers stop;
//   - the consumer stops early: stop() (or the destructor) cancels the
//     queue and joins every thread, without hanging on a full queue.
//
// Records stay serialized; parse a batch with parseExampleBatch
// (example_parsing.h), as TF's parse_example after shuffle_batch does.
//
// Usage:
//   ShuffleBatchOptions options;
//   options.batchSize = 100;
//   options.queue = {/*capacity=*/2000, /*minAfterDequeue=*/1000, /*seed=*/7};
//   std::unique_ptr<ShuffleBatch> batches;
//   TFRecordSourceOptions files;
//   files.threads = 2;
//   KILN_IO_RETURN_IF_ERROR(ShuffleBatch::start(
//       tfRecordProducers({"train.tfrecord"}, files), options, batches));
//   std::vector<std::string> batch;
//   while ((status = batches->next(batch)).ok()) train(batch);
//
// Thread-safety: next() may be called from several consumer threads;
// stop() from any thread.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_SHUFFLE_BATCH_H
#define KILN_RUNTIME_IO_SHUFFLE_BATCH_H

#include "kiln/runtime/io/coordinator.h"
#include "kiln/runtime/io/queue_runner.h"
#include "kiln/runtime/io/record_reader.h"
#include "kiln/runtime/io/shuffle_queue.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::runtime::io {

struct ShuffleBatchOptions {
  size_t batchSize = 32;
  ShuffleQueueOptions queue;
  bool allowSmallerFinalBatch = false;
};

/// A producer writes records through `emit` (which fails once the stage is
/// stopping; return its status then).
using RecordEmitter = std::function<Status(std::string record)>;
using RecordProducer =
    std::function<Status(const RecordEmitter &emit, const Coordinator &)>;

/// Where tfRecordProducers reads, as tf.train.string_input_producer: the
/// file list is read `epochs` times (0 = until stopped), in order or, with
/// `shuffleFiles`, in a new seeded order each epoch.
struct TFRecordSourceOptions {
  RecordReaderOptions reader;
  /// Producer threads; thread i reads files i, i + threads, ... of each
  /// epoch's order. One thread gives a reproducible record order.
  size_t threads = 1;
  size_t epochs = 1;
  bool shuffleFiles = false;
  uint64_t seed = 0;
};

std::vector<RecordProducer>
tfRecordProducers(std::vector<std::string> paths,
                  const TFRecordSourceOptions &options = {});

class ShuffleBatch {
public:
  static Status start(std::vector<RecordProducer> producers,
                      const ShuffleBatchOptions &options,
                      std::unique_ptr<ShuffleBatch> &out);
  ~ShuffleBatch();

  /// The next batch; OutOfRange once the input is exhausted, a producer's
  /// error if one failed, Cancelled after stop().
  Status next(std::vector<std::string> &batch);

  /// Stops the producers and joins them; returns the first producer error
  /// (OK when they stopped cleanly). Idempotent.
  Status stop();

  Coordinator &coordinator() { return coordinator_; }

private:
  explicit ShuffleBatch(const ShuffleBatchOptions &options);

  ShuffleBatchOptions options_;
  ShuffleQueue<std::string> queue_;
  Coordinator coordinator_;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_SHUFFLE_BATCH_H
