//===- ShuffleBatch.cpp - background readers feeding shuffled batches -----===//

#include "kiln/runtime/io/shuffle_batch.h"

#include <algorithm>
#include <random>

namespace kiln::runtime::io {

namespace {

/// The order files are read in during `epoch`: as given, or a permutation
/// every producer thread computes alike from the seed and the epoch.
std::vector<size_t> epochOrder(size_t count, const TFRecordSourceOptions &options,
                               size_t epoch) {
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i)
    order[i] = i;
  if (!options.shuffleFiles)
    return order;
  std::mt19937_64 random(options.seed * 0x9E3779B97F4A7C15ull + epoch);
  // Fisher-Yates with modulo picks: the order must not depend on the
  // standard library's distribution algorithms.
  for (size_t i = count; i > 1; --i)
    std::swap(order[i - 1], order[random() % i]);
  return order;
}

} // namespace

std::vector<RecordProducer>
tfRecordProducers(std::vector<std::string> paths,
                  const TFRecordSourceOptions &options) {
  std::vector<RecordProducer> producers;
  size_t threads = std::max<size_t>(options.threads, 1);
  // More threads than files would leave some with nothing to read.
  threads = std::min(threads, std::max<size_t>(paths.size(), 1));
  for (size_t first = 0; first < threads; ++first) {
    producers.push_back([paths, options, threads,
                         first](const RecordEmitter &emit,
                                const Coordinator &coordinator) -> Status {
      for (size_t epoch = 0; options.epochs == 0 || epoch < options.epochs;
           ++epoch) {
        if (paths.empty())
          break;
        std::vector<size_t> order = epochOrder(paths.size(), options, epoch);
        for (size_t i = first; i < order.size(); i += threads) {
          std::unique_ptr<RecordReader> file;
          KILN_IO_RETURN_IF_ERROR(
              RecordReader::open(paths[order[i]], options.reader, file));
          std::string record;
          for (;;) {
            if (coordinator.shouldStop())
              return Status(StatusCode::Cancelled, "stopped");
            Status status = file->read(record);
            if (status.code() == StatusCode::OutOfRange)
              break;
            KILN_IO_RETURN_IF_ERROR(status);
            KILN_IO_RETURN_IF_ERROR(emit(std::move(record)));
          }
        }
      }
      return Status();
    });
  }
  return producers;
}

ShuffleBatch::ShuffleBatch(const ShuffleBatchOptions &options)
    : options_(options), queue_(options.queue) {}

ShuffleBatch::~ShuffleBatch() { (void)stop(); }

Status ShuffleBatch::start(std::vector<RecordProducer> producers,
                           const ShuffleBatchOptions &options,
                           std::unique_ptr<ShuffleBatch> &out) {
  KILN_IO_RETURN_IF_ERROR(ShuffleQueue<std::string>::validate(options.queue));
  if (options.batchSize == 0)
    return invalidArgument("shuffle_batch: batch size must be positive");
  std::unique_ptr<ShuffleBatch> stage(new ShuffleBatch(options));
  ShuffleQueue<std::string> &queue = stage->queue_;
  std::vector<QueueRunner::Producer> enqueuers;
  for (RecordProducer &producer : producers)
    enqueuers.push_back([&queue, producer = std::move(producer)](
                            const Coordinator &coordinator) {
      RecordEmitter emit = [&queue](std::string record) {
        return queue.enqueue(std::move(record));
      };
      return producer(emit, coordinator);
    });
  makeQueueRunner(queue, std::move(enqueuers)).start(stage->coordinator_);
  out = std::move(stage);
  return Status();
}

Status ShuffleBatch::next(std::vector<std::string> &batch) {
  Status status = queue_.dequeueMany(options_.batchSize, batch,
                                     options_.allowSmallerFinalBatch);
  if (status.code() == StatusCode::Cancelled) {
    // The queue is cancelled only by a stop; report why it stopped.
    Status error = coordinator_.error();
    if (!error.ok())
      return error;
    return Status(StatusCode::Cancelled, "shuffle_batch: stopped");
  }
  return status;
}

Status ShuffleBatch::stop() {
  coordinator_.requestStop();
  return coordinator_.join();
}

} // namespace kiln::runtime::io
