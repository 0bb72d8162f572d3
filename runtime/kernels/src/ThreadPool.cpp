//===- ThreadPool.cpp - the kernels' shared Eigen thread pool -------------===//

#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

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
  std::unique_ptr<Eigen::ThreadPool> pool;
  std::unique_ptr<Eigen::ThreadPoolDevice> device;
  Pool() {
    if (threads > 1) {
      pool = std::make_unique<Eigen::ThreadPool>(threads);
      device = std::make_unique<Eigen::ThreadPoolDevice>(pool.get(), threads);
    }
  }
};

Pool &pool() {
  static Pool instance;
  return instance;
}

} // namespace

const Eigen::ThreadPoolDevice *threadPoolDevice() { return pool().device.get(); }

} // namespace kiln::kernels

extern "C" int kiln_cpu_num_threads(void) { return kiln::kernels::pool().threads; }
