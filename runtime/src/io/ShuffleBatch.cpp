//===- ShuffleBatch.cpp - background readers feeding shuffled batches -----===//

#include "kiln/runtime/io/shuffle_batch.h"

namespace kiln::runtime::io {

std::vector<RecordProducer> tfRecordProducers(std::vector<std::string> paths,
                                              RecordReaderOptions reader,
                                              size_t threads, size_t epochs) {
  std::vector<RecordProducer> producers;
  threads = std::max<size_t>(threads, 1);
  for (size_t first = 0; first < threads; ++first) {
    producers.push_back([paths, reader, threads, epochs,
                         first](const RecordEmitter &emit,
                                const Coordinator &coordinator) -> Status {
      for (size_t epoch = 0; epochs == 0 || epoch < epochs; ++epoch) {
        bool any = false;
        for (size_t i = first; i < paths.size(); i += threads) {
          any = true;
          std::unique_ptr<RecordReader> file;
          KILN_IO_RETURN_IF_ERROR(RecordReader::open(paths[i], reader, file));
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
        if (!any)
          break; // more threads than files: this one has none
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
