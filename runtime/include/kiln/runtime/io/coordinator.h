//===- coordinator.h - stopping a set of threads together -----------------===//
//
// TF1's tf.train.Coordinator: threads poll shouldStop(); any thread (or the
// consumer) calls requestStop(), with an error when something failed; join()
// waits for every registered thread and returns the first error, so a
// reader thread's failure surfaces in the thread that called join. Stop
// callbacks (registered with onStop) run once, on the first requestStop, to
// wake threads blocked in queues.
//
// An OutOfRange error passed to requestStop counts as a clean stop, as in
// TF: the input simply ended.
//
// Thread-safety: every member may be called from any thread, except that
// join() must not be called from a registered thread.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_COORDINATOR_H
#define KILN_RUNTIME_IO_COORDINATOR_H

#include "kiln/runtime/io/status.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln::runtime::io {

class Coordinator {
public:
  Coordinator() = default;
  Coordinator(const Coordinator &) = delete;
  Coordinator &operator=(const Coordinator &) = delete;
  /// Requests a stop and joins whatever is still registered.
  ~Coordinator();

  /// Asks every thread to stop. The first non-OK, non-OutOfRange `error`
  /// is kept and returned by join() and error().
  void requestStop(const Status &error = Status());
  bool shouldStop() const;
  /// Waits until a stop is requested or `timeout` passes; true if stopped.
  bool waitForStop(std::chrono::milliseconds timeout) const;

  /// Runs `callback` on the first requestStop (at once, if that already
  /// happened). Callbacks must not block.
  void onStop(std::function<void()> callback);

  /// Takes ownership of a thread to join.
  void registerThread(std::thread thread);

  /// Joins every registered thread; returns the kept error, if any.
  Status join();

  /// The kept error (OK when there is none).
  Status error() const;

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable stopped_;
  bool stopRequested_ = false;
  Status error_;
  std::vector<std::function<void()>> callbacks_;
  std::vector<std::thread> threads_;
};

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_COORDINATOR_H
