//===- Coordinator.cpp - stopping a set of threads together ---------------===//

#include "kiln/runtime/io/coordinator.h"

namespace kiln::runtime::io {

Coordinator::~Coordinator() {
  requestStop();
  (void)join();
}

void Coordinator::requestStop(const Status &error) {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error.ok() && error.code() != StatusCode::OutOfRange &&
        error_.ok())
      error_ = error;
    if (stopRequested_)
      return;
    stopRequested_ = true;
    callbacks.swap(callbacks_);
  }
  stopped_.notify_all();
  // Outside the lock: a callback may cancel a queue whose waiters call
  // shouldStop().
  for (auto &callback : callbacks)
    callback();
}

bool Coordinator::shouldStop() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopRequested_;
}

bool Coordinator::waitForStop(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return stopped_.wait_for(lock, timeout, [&] { return stopRequested_; });
}

void Coordinator::onStop(std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopRequested_) {
      callbacks_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

void Coordinator::registerThread(std::thread thread) {
  std::lock_guard<std::mutex> lock(mutex_);
  threads_.push_back(std::move(thread));
}

Status Coordinator::join() {
  // Threads may register more threads while we join; loop until none are
  // left.
  for (;;) {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      threads.swap(threads_);
    }
    if (threads.empty())
      break;
    for (std::thread &thread : threads)
      if (thread.joinable())
        thread.join();
  }
  return error();
}

Status Coordinator::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

} // namespace kiln::runtime::io
