//===- ReductionThread.cpp - all-reduces beside the computation -----------===//

#include "compiler/API/ReductionThread.h"

namespace kiln {

ReductionThread::ReductionThread(runtime::parallel::Communicator &communicator)
    : communicator_(communicator), thread_([this] { loop(); }) {}

ReductionThread::~ReductionThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ReductionThread::post(float *data, size_t count) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.emplace_back(data, count);
  }
  changed_.notify_all();
}

Status ReductionThread::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
  Status error = std::move(error_);
  error_ = Status();
  return error;
}

void ReductionThread::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty())
      return; // stopping, with nothing left to sum
    auto [data, count] = queue_.front();
    queue_.pop_front();
    if (!error_.ok()) {
      changed_.notify_all();
      continue;
    }
    busy_ = true;
    lock.unlock();
    Status status = communicator_.allReduceSum(data, count);
    lock.lock();
    busy_ = false;
    if (!status.ok())
      error_ = std::move(status);
    changed_.notify_all();
  }
}

} // namespace kiln
