//===- ParallelLoops.cpp - OpenMP worksharing loops on the kernels' threads -===//
//
// Generated parallel loops arrive as LLVM's OpenMP lowering emits them: a
// fork of one outlined "microtask" that every thread of a team runs, each
// asking for its static share of the iteration space. The team is the
// kernels' thread pool (the calling thread included), so loops and library
// kernels never compete for cores. A region holds exactly one worksharing
// loop (kiln-parallelize-loops makes no other kind), whose closing barrier
// is therefore the fork's own join: the barrier entry point does nothing.
//
//===----------------------------------------------------------------------===//

#include "ThreadPool.h"

#include "kiln/kernels/cpu_kernels.h"

#include <cstdarg>
#include <cstdlib>

namespace {

/// Position of the calling thread in the running team, and the team size.
thread_local int32_t teamThread = 0;
thread_local int32_t teamSize = 1;

/// Calls `microtask` with the thread ids and the fork's pointer arguments.
/// LLVM's OpenMP builder passes the captured values in one aggregate, so a
/// handful of arguments covers every region it makes.
void invoke(KilnCpuMicrotask microtask, int32_t *thread, int32_t count,
            void *const *arguments) {
  switch (count) {
  case 0:
    return microtask(thread, thread);
  case 1:
    return microtask(thread, thread, arguments[0]);
  case 2:
    return microtask(thread, thread, arguments[0], arguments[1]);
  case 3:
    return microtask(thread, thread, arguments[0], arguments[1], arguments[2]);
  case 4:
    return microtask(thread, thread, arguments[0], arguments[1], arguments[2],
                     arguments[3]);
  default:
    std::abort(); // kiln's regions capture one aggregate
  }
}

/// This thread's contiguous share of [lower, upper] (inclusive, step
/// `increment` > 0) in a static schedule over `teamSize` threads.
template <typename T>
void staticShare(int32_t *isLast, T *lower, T *upper, int64_t *stride,
                 int64_t increment) {
  uint64_t trips = (uint64_t(*upper) - uint64_t(*lower)) / uint64_t(increment) + 1;
  uint64_t threads = uint64_t(teamSize), me = uint64_t(teamThread);
  uint64_t base = trips / threads, extra = trips % threads;
  uint64_t first = me * base + (me < extra ? me : extra);
  uint64_t count = base + (me < extra ? 1 : 0);
  T start = *lower;
  *stride = int64_t(trips) * increment;
  if (count == 0) {
    // An empty share: lower above upper.
    *lower = T(start + T(trips * uint64_t(increment)));
    *upper = T(*lower - T(1));
    *isLast = 0;
    return;
  }
  *lower = T(start + T(first * uint64_t(increment)));
  *upper = T(*lower + T((count - 1) * uint64_t(increment)));
  *isLast = first + count == trips;
}

} // namespace

extern "C" {

void kiln_cpu_omp_fork_call(void *, int32_t argument_count,
                            KilnCpuMicrotask microtask, ...) {
  void *arguments[4] = {};
  va_list list;
  va_start(list, microtask);
  for (int32_t i = 0; i < argument_count && i < 4; ++i)
    arguments[i] = va_arg(list, void *);
  va_end(list);
  if (argument_count > 4)
    std::abort();
  int32_t threads = kiln::kernels::threadCount();
  kiln::kernels::parallelFor(threads, [&](int64_t task) {
    int32_t savedThread = teamThread, savedSize = teamSize;
    teamThread = int32_t(task);
    teamSize = threads;
    int32_t id = teamThread;
    invoke(microtask, &id, argument_count, arguments);
    teamThread = savedThread;
    teamSize = savedSize;
  });
}

int32_t kiln_cpu_omp_global_thread_num(void *) { return teamThread; }

void kiln_cpu_omp_for_static_init_8u(void *, int32_t, int32_t, int32_t *is_last,
                                     uint64_t *lower, uint64_t *upper,
                                     int64_t *stride, int64_t increment,
                                     int64_t) {
  staticShare(is_last, lower, upper, stride, increment);
}

void kiln_cpu_omp_for_static_init_8(void *, int32_t, int32_t, int32_t *is_last,
                                    int64_t *lower, int64_t *upper,
                                    int64_t *stride, int64_t increment,
                                    int64_t) {
  staticShare(is_last, lower, upper, stride, increment);
}

void kiln_cpu_omp_for_static_fini(void *, int32_t) {}

void kiln_cpu_omp_barrier(void *, int32_t) {}

} // extern "C"
