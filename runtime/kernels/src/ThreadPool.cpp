//===- ThreadPool.cpp - the kernels' shared worker threads ----------------===//

#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#define EIGEN_USE_THREADS
#include <unsupported/Eigen/CXX11/ThreadPool>

#include <cstdlib>
#include <memory>
#include <thread>

namespace kiln::kernels {
namespace {

int requestedThreads() {
  if (const char *value = std::getenv("KILN_NUM_THREADS")) {
    char *end = nullptr;
    long threads = std::strtol(value, &end, 10);
    if (end != value && *end == '\0' && threads >= 1 && threads <= 4096)
      return static_cast<int>(threads);
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

struct Pool {
  int threads = requestedThreads();
  // The calling thread takes a share of every parallelFor, so the pool
  // holds one thread fewer than the kernels use.
  std::unique_ptr<Eigen::ThreadPool> pool =
      threads > 1 ? std::make_unique<Eigen::ThreadPool>(threads - 1) : nullptr;
};

Pool &pool() {
  static Pool instance;
  return instance;
}

} // namespace

int threadCount() { return pool().threads; }

void parallelFor(int64_t tasks, const std::function<void(int64_t)> &fn) {
  Eigen::ThreadPool *workers = pool().pool.get();
  if (!workers || tasks <= 1) {
    for (int64_t task = 0; task < tasks; ++task)
      fn(task);
    return;
  }
  Eigen::Barrier done(static_cast<unsigned>(tasks - 1));
  for (int64_t task = 1; task < tasks; ++task)
    workers->Schedule([&fn, &done, task] {
      fn(task);
      done.Notify();
    });
  fn(0);
  done.Wait();
}

} // namespace kiln::kernels

extern "C" int kiln_cpu_num_threads(void) { return kiln::kernels::threadCount(); }
