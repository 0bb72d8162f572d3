//===- shuffle_queue.h - a bounded queue that dequeues in random order ----===//
//
// TF1's RandomShuffleQueue: producers enqueue, consumers dequeue a random
// element, and a dequeue waits until more than `minAfterDequeue` elements
// are held (so what comes out stays mixed) unless the queue is closed, when
// the rest drains. Enqueue blocks while `capacity` elements are held.
//
// Reproducibility: elements move, in arrival order, into a mixing pool of
// exactly minAfterDequeue + 1 slots before each pick, and the pick uses a
// seeded generator. So the output order depends only on the arrival order
// and the seed - not on thread timing - and with a single producer the same
// input and seed give the same order every run. (TF picks among whatever
// happens to be queued, which differs from run to run.) The cost is that
// elements beyond the pool wait in FIFO order; capacity bounds memory, the
// pool size bounds mixing, as min_after_dequeue does in TF.
//
// Thread-safety: every member may be called from any thread. Batches are
// taken whole, one consumer at a time, so concurrent consumers never
// interleave inside a batch.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_SHUFFLE_QUEUE_H
#define KILN_RUNTIME_IO_SHUFFLE_QUEUE_H

#include "kiln/runtime/io/status.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

namespace kiln::runtime::io {

struct ShuffleQueueOptions {
  size_t capacity = 1000;
  size_t minAfterDequeue = 0;
  /// nullopt seeds from std::random_device (a different order each run).
  std::optional<uint64_t> seed;
};

template <typename T> class ShuffleQueue {
public:
  explicit ShuffleQueue(const ShuffleQueueOptions &options)
      : options_(options),
        random_(options.seed ? *options.seed : std::random_device()()) {}

  /// Checks capacity > minAfterDequeue, without which nothing could ever
  /// be dequeued before the queue closes.
  static Status validate(const ShuffleQueueOptions &options) {
    if (options.capacity == 0 || options.capacity <= options.minAfterDequeue)
      return invalidArgument(
          "shuffle queue: capacity (" + std::to_string(options.capacity) +
          ") must exceed min_after_dequeue (" +
          std::to_string(options.minAfterDequeue) + ")");
    return Status();
  }

  /// Adds `element`, waiting for room. Cancelled after cancel();
  /// FailedPrecondition after close().
  Status enqueue(T element) {
    std::unique_lock<std::mutex> lock(mutex_);
    notFull_.wait(lock, [&] {
      return cancelled_ || closed_ || heldLocked() < options_.capacity;
    });
    if (cancelled_)
      return Status(StatusCode::Cancelled, "shuffle queue: cancelled");
    if (closed_)
      return Status(StatusCode::FailedPrecondition,
                    "shuffle queue: enqueue after close");
    arriving_.push_back(std::move(element));
    notEmpty_.notify_all();
    return Status();
  }

  /// Takes `count` elements into `batch`. When the queue is closed with
  /// fewer left: with `allowSmaller`, returns what is left (if anything);
  /// otherwise (or when nothing is left) returns OutOfRange and drops them,
  /// as TF's shuffle_batch does. Cancelled after cancel().
  Status dequeueMany(size_t count, std::vector<T> &batch,
                     bool allowSmaller = false) {
    std::lock_guard<std::mutex> consumer(consumerMutex_);
    batch.clear();
    std::unique_lock<std::mutex> lock(mutex_);
    while (batch.size() < count) {
      notEmpty_.wait(lock, [&] { return cancelled_ || canPickLocked(); });
      if (cancelled_)
        return Status(StatusCode::Cancelled, "shuffle queue: cancelled");
      if (heldLocked() == 0) { // closed and drained
        if (allowSmaller && !batch.empty())
          return Status();
        batch.clear();
        return outOfRange("shuffle queue: closed and empty");
      }
      batch.push_back(pickLocked());
      notFull_.notify_all();
    }
    return Status();
  }

  Status dequeue(T &element) {
    std::vector<T> one;
    KILN_IO_RETURN_IF_ERROR(dequeueMany(1, one));
    element = std::move(one.front());
    return Status();
  }

  /// No more enqueues; dequeues drain what is held, then see OutOfRange.
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    notEmpty_.notify_all();
    notFull_.notify_all();
  }

  /// Wakes every waiter with Cancelled and refuses all further calls.
  void cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    notEmpty_.notify_all();
    notFull_.notify_all();
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return heldLocked();
  }

private:
  size_t heldLocked() const { return pool_.size() + arriving_.size(); }

  /// Whether a pick may happen now: the pool can be filled to
  /// minAfterDequeue + 1, or the queue is closed (then a pick may also find
  /// it empty, which ends the stream).
  bool canPickLocked() const {
    return closed_ || heldLocked() > options_.minAfterDequeue;
  }

  T pickLocked() {
    while (pool_.size() <= options_.minAfterDequeue && !arriving_.empty()) {
      pool_.push_back(std::move(arriving_.front()));
      arriving_.pop_front();
    }
    // Modulo rather than std::uniform_int_distribution: its algorithm is
    // left to the library, and the order must not change with it.
    size_t index = static_cast<size_t>(random_() % pool_.size());
    T element = std::move(pool_[index]);
    pool_[index] = std::move(pool_.back());
    pool_.pop_back();
    return element;
  }

  const ShuffleQueueOptions options_;
  std::mt19937_64 random_;
  mutable std::mutex mutex_;
  std::mutex consumerMutex_;
  std::condition_variable notEmpty_, notFull_;
  std::vector<T> pool_;
  std::deque<T> arriving_;
  bool closed_ = false;
  bool cancelled_ = false;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_SHUFFLE_QUEUE_H
