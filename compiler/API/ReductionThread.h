//===- ReductionThread.h - all-reduces beside the computation ---*- C++ -*-===//
//
// Private to compiler/API. A session of a data-parallel job posts each
// gradient bucket here as soon as the segment of the step that computes it
// returns, and goes on with the next segment while this thread sums the
// bucket across ranks (Horovod's background thread). Buckets are reduced
// in the order they are posted, which every rank shares.
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_REDUCTIONTHREAD_H
#define KILN_COMPILER_API_REDUCTIONTHREAD_H

#include "kiln/runtime/parallel/communicator.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kiln {

class ReductionThread {
public:
  /// `communicator` must allow calls from this thread
  /// (Communicator::callableFromAnyThread) and outlive this object.
  explicit ReductionThread(runtime::parallel::Communicator &communicator);
  ~ReductionThread();

  /// Sums `count` floats at `data` across ranks, in the background; the
  /// buffer must stay untouched until wait() returns.
  void post(float *data, size_t count);
  /// Waits until every posted bucket is summed; the first error since the
  /// last wait, if any (later buckets are then skipped).
  Status wait();

private:
  void loop();

  runtime::parallel::Communicator &communicator_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<float *, size_t>> queue_;
  bool busy_ = false, stopping_ = false;
  Status error_;
  std::thread thread_;
};

} // namespace kiln

#endif // KILN_COMPILER_API_REDUCTIONTHREAD_H
