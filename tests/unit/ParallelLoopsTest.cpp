//===- ParallelLoopsTest.cpp - the parallel-loop entry points -------------===//
//
// Drives kiln_cpu_omp_* the way LLVM's OpenMP lowering does: a fork of a
// microtask whose threads each take a static share of a loop.
//
//===----------------------------------------------------------------------===//

#include "kiln/kernels/cpu_kernels.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdarg>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace {

struct Loop {
  uint64_t first, last; // inclusive, as the OpenMP lowering passes them
  std::vector<std::atomic<int>> *visits;
  std::mutex *mutex;
  std::set<std::thread::id> *threads;
  std::set<int32_t> *ids;
};

void microtask(int32_t *globalThread, int32_t *teamThread, ...) {
  va_list list;
  va_start(list, teamThread);
  Loop *loop = va_arg(list, Loop *);
  va_end(list);
  int32_t id = kiln_cpu_omp_global_thread_num(nullptr);
  EXPECT_EQ(id, *globalThread);
  int32_t isLast = 0;
  uint64_t lower = loop->first, upper = loop->last;
  int64_t stride = 0;
  kiln_cpu_omp_for_static_init_8u(nullptr, id, 34, &isLast, &lower, &upper,
                                  &stride, 1, 0);
  for (uint64_t i = lower; i <= upper && upper != uint64_t(-1); ++i)
    (*loop->visits)[i]++;
  kiln_cpu_omp_for_static_fini(nullptr, id);
  kiln_cpu_omp_barrier(nullptr, id);
  std::lock_guard<std::mutex> lock(*loop->mutex);
  loop->threads->insert(std::this_thread::get_id());
  loop->ids->insert(id);
}

TEST(ParallelLoops, EveryIterationRunsOnceOnEveryThread) {
  for (uint64_t trips : {uint64_t(1), uint64_t(2), uint64_t(3), uint64_t(1000),
                         uint64_t(1001)}) {
    std::vector<std::atomic<int>> visits(trips);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::set<int32_t> ids;
    Loop loop{0, trips - 1, &visits, &mutex, &threads, &ids};
    kiln_cpu_omp_fork_call(nullptr, 1, &microtask, &loop);
    for (uint64_t i = 0; i < trips; ++i)
      EXPECT_EQ(visits[i].load(), 1) << "iteration " << i << " of " << trips;
    int team = kiln_cpu_num_threads();
    // Threads of the pool may run several members of a team in turn.
    EXPECT_LE(int(threads.size()), team) << "trips " << trips;
    EXPECT_EQ(int(ids.size()), team);
    EXPECT_EQ(*ids.begin(), 0);
    EXPECT_EQ(*ids.rbegin(), team - 1);
  }
  // Outside a fork the caller is thread 0.
  EXPECT_EQ(kiln_cpu_omp_global_thread_num(nullptr), 0);
}

struct Share {
  int64_t lower = 0, upper = -1;
  int32_t isLast = 0;
};

void recordShare(int32_t *, int32_t *teamThread, ...) {
  va_list list;
  va_start(list, teamThread);
  std::vector<Share> *shares = va_arg(list, std::vector<Share> *);
  va_end(list);
  int32_t id = kiln_cpu_omp_global_thread_num(nullptr);
  Share share;
  share.lower = 10;
  share.upper = 10 + 3 * 99;
  int64_t stride = 0;
  kiln_cpu_omp_for_static_init_8(nullptr, id, 34, &share.isLast, &share.lower,
                                 &share.upper, &stride, 3, 0);
  EXPECT_EQ(stride, 300);
  (*shares)[id] = share;
}

TEST(ParallelLoops, SharesAreContiguousAndOrdered) {
  // A signed loop from 10 by 3, 100 iterations: thread shares tile it in
  // thread order, and only the share holding the last iteration says so.
  std::vector<Share> shares(kiln_cpu_num_threads());
  kiln_cpu_omp_fork_call(nullptr, 1, &recordShare, &shares);
  int64_t next = 10;
  for (const Share &share : shares) {
    if (share.upper < share.lower)
      continue;
    EXPECT_EQ(share.lower, next);
    EXPECT_EQ((share.upper - share.lower) % 3, 0);
    next = share.upper + 3;
    EXPECT_EQ(share.isLast, share.upper == 10 + 3 * 99 ? 1 : 0);
  }
  EXPECT_EQ(next, 10 + 3 * 100);
}

/// Counts every iteration of [0, trips) it is given a share of.
struct Counted {
  uint64_t trips;
  std::vector<std::atomic<int>> *visits;
};

void countShare(int32_t *, int32_t *teamThread, ...) {
  va_list list;
  va_start(list, teamThread);
  Counted *loop = va_arg(list, Counted *);
  va_end(list);
  int32_t id = kiln_cpu_omp_global_thread_num(nullptr);
  int32_t isLast = 0;
  uint64_t lower = 0, upper = loop->trips - 1;
  int64_t stride = 0;
  kiln_cpu_omp_for_static_init_8u(nullptr, id, 34, &isLast, &lower, &upper,
                                  &stride, 1, 0);
  for (uint64_t i = lower; i <= upper && upper != uint64_t(-1); ++i)
    (*loop->visits)[i]++;
}

void forkCounted(std::vector<std::atomic<int>> &visits, uint64_t trips) {
  Counted loop{trips, &visits};
  kiln_cpu_omp_fork_call(nullptr, 1, &countShare, &loop);
}

TEST(ParallelLoops, BackToBackSectionsNeverRepeatOrSkipAnIteration) {
  // Sections of changing sizes right after one another: a thread still
  // leaving one section must not take work of the next.
  for (int round = 0; round < 2000; ++round) {
    uint64_t trips = 1 + uint64_t(round % 7);
    std::vector<std::atomic<int>> visits(trips);
    forkCounted(visits, trips);
    for (uint64_t i = 0; i < trips; ++i)
      ASSERT_EQ(visits[i].load(), 1) << "round " << round << " iteration " << i;
  }
}

void nestedFork(int32_t *, int32_t *teamThread, ...) {
  va_list list;
  va_start(list, teamThread);
  std::vector<std::atomic<int>> *visits = va_arg(list, std::vector<std::atomic<int>> *);
  va_end(list);
  // A fork inside a section runs on the calling thread alone.
  forkCounted(*visits, visits->size());
}

TEST(ParallelLoops, NestedAndConcurrentForksRunEveryIteration) {
  std::vector<std::atomic<int>> nested(10);
  kiln_cpu_omp_fork_call(nullptr, 1, &nestedFork, &nested);
  // Every member of the outer team ran the whole inner loop once.
  for (std::atomic<int> &count : nested)
    EXPECT_EQ(count.load(), kiln_cpu_num_threads());

  std::vector<std::atomic<int>> first(1000), second(1000);
  std::thread other([&] {
    for (int i = 0; i < 50; ++i)
      forkCounted(second, second.size());
  });
  for (int i = 0; i < 50; ++i)
    forkCounted(first, first.size());
  other.join();
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].load(), 50);
    EXPECT_EQ(second[i].load(), 50);
  }
}

} // namespace
