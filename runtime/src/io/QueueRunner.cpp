//===- QueueRunner.cpp - producer threads that fill a queue ---------------===//

#include "kiln/runtime/io/queue_runner.h"

#include <atomic>
#include <memory>

namespace kiln::runtime::io {

QueueRunner::QueueRunner(std::vector<Producer> producers,
                         std::function<void()> closeQueue,
                         std::function<void()> cancelQueue)
    : producers_(std::move(producers)), closeQueue_(std::move(closeQueue)),
      cancelQueue_(std::move(cancelQueue)) {}

void QueueRunner::start(Coordinator &coordinator) {
  coordinator.onStop(cancelQueue_);
  if (producers_.empty()) {
    closeQueue_();
    return;
  }
  // Shared so the threads need nothing from this object once started.
  struct Shared {
    std::atomic<size_t> running;
    std::function<void()> closeQueue;
  };
  auto shared = std::make_shared<Shared>();
  shared->running = producers_.size();
  shared->closeQueue = closeQueue_;
  for (Producer &producer : producers_) {
    coordinator.registerThread(
        std::thread([shared, &coordinator, producer = std::move(producer)] {
          Status status = producer(coordinator);
          bool clean = status.ok() || status.code() == StatusCode::OutOfRange;
          if (!clean && !(status.code() == StatusCode::Cancelled &&
                          coordinator.shouldStop()))
            coordinator.requestStop(status);
          // The last producer to finish closes the queue, even after an
          // error: a cancelled queue ignores it, and consumers of a closed
          // one must not wait for elements nobody will send.
          if (--shared->running == 0)
            shared->closeQueue();
        }));
  }
  producers_.clear();
}

} // namespace kiln::runtime::io
