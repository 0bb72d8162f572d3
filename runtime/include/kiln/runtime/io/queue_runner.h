//===- queue_runner.h - producer threads that fill a queue ----------------===//
//
// TF1's tf.train.QueueRunner: N threads each run a producer function that
// enqueues until its input ends. When the last producer ends cleanly the
// queue is closed, so consumers drain it and then see the end of input. When
// a producer fails, the error goes to the Coordinator, whose stop cancels
// the queue: every blocked producer and consumer wakes, and the consumer
// learns the error from Coordinator::join/error. A stop requested elsewhere
// (the consumer quitting early) cancels the queue the same way.
//
// Ownership: the runner's threads are registered with (and joined by) the
// Coordinator; the queue callbacks must stay valid until then.
// Thread-safety: start() once, from one thread.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_QUEUE_RUNNER_H
#define KILN_RUNTIME_IO_QUEUE_RUNNER_H

#include "kiln/runtime/io/coordinator.h"
#include "kiln/runtime/io/shuffle_queue.h"

#include <functional>
#include <vector>

namespace kiln::runtime::io {

class QueueRunner {
public:
  /// Fills the queue until its input ends (return OK or OutOfRange) or an
  /// enqueue fails (return that status). Long loops should also check
  /// coordinator.shouldStop().
  using Producer = std::function<Status(const Coordinator &coordinator)>;

  QueueRunner(std::vector<Producer> producers, std::function<void()> closeQueue,
              std::function<void()> cancelQueue);

  /// Starts one thread per producer, registered with `coordinator`.
  void start(Coordinator &coordinator);

private:
  std::vector<Producer> producers_;
  std::function<void()> closeQueue_, cancelQueue_;
};

/// A runner over a ShuffleQueue.
template <typename T>
QueueRunner makeQueueRunner(ShuffleQueue<T> &queue,
                            std::vector<QueueRunner::Producer> producers) {
  return QueueRunner(
      std::move(producers), [&queue] { queue.close(); },
      [&queue] { queue.cancel(); });
}

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_QUEUE_RUNNER_H
