//===- ThreadPool.cpp - the kernels' shared worker threads ----------------===//
//
// A fork-join pool made for the short parallel sections of a step: a GEMM
// of a few hundred microseconds, a loop split over the team. Waking a
// sleeping thread costs tens of microseconds on the VMs kiln runs on, as
// much as such a section saves, so workers spin (with pause) for a while
// after each section before they sleep: the sections of one step follow
// each other closely and find them awake. A section runs on the calling
// thread plus the workers; one section at a time: a call made while
// another runs (from a task, or another session's thread) runs its tasks
// on its own thread.
//
//===----------------------------------------------------------------------===//

#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define KILN_SPIN_PAUSE() _mm_pause()
#else
#define KILN_SPIN_PAUSE() std::this_thread::yield()
#endif

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

/// How long an idle worker keeps spinning before it sleeps.
constexpr std::chrono::microseconds kSpin{2000};

class Pool {
public:
  explicit Pool(int threads) : threads_(threads) {
    for (int i = 1; i < threads; ++i)
      workers_.emplace_back([this] { work(); });
  }

  /// Stops and joins the workers (at exit, or when a step library that
  /// linked the kernels is unloaded: no thread may outlive the code).
  ~Pool() {
    stopping_.store(true, std::memory_order_release);
    {
      std::lock_guard<std::mutex> lock(sleepMutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread &worker : workers_)
      worker.join();
  }

  int threads() const { return threads_; }

  void run(int64_t tasks, const std::function<void(int64_t)> &fn) {
    auto inline_ = [&] {
      for (int64_t task = 0; task < tasks; ++task)
        fn(task);
    };
    if (insideTask)
      return inline_();
    std::unique_lock<std::mutex> section(sectionMutex_, std::try_to_lock);
    if (!section.owns_lock())
      return inline_();
    // Each section has its own task counter, so a worker still leaving an
    // earlier section can never claim (or repeat) a task of this one.
    // Workers beyond the caller's limit find no seat and leave at once.
    Section current{&fn, tasks};
    current.seats.store(threadCount() - 1, std::memory_order_relaxed);
    current_.store(&current);
    {
      std::lock_guard<std::mutex> lock(sleepMutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    if (sleeping_.load(std::memory_order_acquire) > 0)
      wake_.notify_all();
    takeTasks(current);
    while (current.done.load(std::memory_order_acquire) < tasks)
      KILN_SPIN_PAUSE();
    // The section lives on this stack: wait out workers that may still
    // hold a pointer to it (they find no task left and leave).
    current_.store(nullptr);
    while (entered_.load() != 0)
      KILN_SPIN_PAUSE();
  }

private:
  struct Section {
    const std::function<void(int64_t)> *fn;
    int64_t tasks;
    std::atomic<int64_t> next{0}, done{0};
    /// Workers that may still join (the caller's thread limit).
    std::atomic<int> seats{0};
  };

  /// Runs tasks of `section` until none are left.
  static void takeTasks(Section &section) {
    insideTask = true;
    for (int64_t task = section.next.fetch_add(1, std::memory_order_acq_rel);
         task < section.tasks;
         task = section.next.fetch_add(1, std::memory_order_acq_rel)) {
      (*section.fn)(task);
      section.done.fetch_add(1, std::memory_order_acq_rel);
    }
    insideTask = false;
  }

  /// Joins the running section, if any. Entering before looking pairs with
  /// run()'s clearing before waiting (both sequentially consistent).
  void joinSection() {
    entered_.fetch_add(1);
    if (Section *section = current_.load();
        section && section->seats.fetch_sub(1, std::memory_order_acq_rel) > 0)
      takeTasks(*section);
    entered_.fetch_sub(1);
  }

  void work() {
    uint64_t seen = generation_.load(std::memory_order_acquire);
    while (true) {
      auto spinUntil = std::chrono::steady_clock::now() + kSpin;
      uint64_t current;
      while ((current = generation_.load(std::memory_order_acquire)) == seen &&
             std::chrono::steady_clock::now() < spinUntil)
        for (int i = 0; i < 64; ++i)
          KILN_SPIN_PAUSE();
      if (current == seen) {
        std::unique_lock<std::mutex> lock(sleepMutex_);
        sleeping_.fetch_add(1, std::memory_order_acq_rel);
        // Timed, so a worker also notices a stop it was not woken for.
        while (generation_.load(std::memory_order_acquire) == seen &&
               !stopping_.load(std::memory_order_acquire))
          wake_.wait_for(lock, std::chrono::milliseconds(10));
        sleeping_.fetch_sub(1, std::memory_order_acq_rel);
        current = generation_.load(std::memory_order_acquire);
      }
      seen = current;
      if (stopping_.load(std::memory_order_acquire))
        return;
      joinSection();
    }
  }

  static thread_local bool insideTask;

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex sectionMutex_, sleepMutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> sleeping_{0};
  std::atomic<Section *> current_{nullptr};
  std::atomic<int> entered_{0};
  std::atomic<bool> stopping_{false};
};

thread_local bool Pool::insideTask = false;

Pool &pool() {
  static Pool instance(requestedThreads());
  return instance;
}

/// kiln_cpu_limit_threads's limit for the sections this thread starts.
thread_local int32_t threadLimit = 0;

} // namespace

int threadCount() {
  int threads = pool().threads();
  return threadLimit > 0 && threadLimit < threads ? threadLimit : threads;
}

void parallelFor(int64_t tasks, const std::function<void(int64_t)> &fn) {
  if (tasks <= 1 || threadCount() == 1) {
    for (int64_t task = 0; task < tasks; ++task)
      fn(task);
    return;
  }
  pool().run(tasks, fn);
}

} // namespace kiln::kernels

extern "C" int kiln_cpu_num_threads(void) { return kiln::kernels::threadCount(); }

extern "C" int32_t kiln_cpu_limit_threads(int32_t max_threads) {
  int32_t previous = kiln::kernels::threadLimit;
  kiln::kernels::threadLimit = max_threads > 0 ? max_threads : 0;
  return previous;
}
