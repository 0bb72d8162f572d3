//===- ThreadPool.h - the kernels' shared worker threads --------*- C++ -*-===//
#ifndef KILN_KERNELS_THREADPOOL_H
#define KILN_KERNELS_THREADPOOL_H

#include <cstdint>
#include <functional>

namespace kiln::kernels {

/// Threads the kernels may use (kiln_cpu_num_threads()).
int threadCount();

/// Runs fn(0) .. fn(tasks - 1), spread over the pool and the calling
/// thread, and returns when all are done. Tasks must be independent.
void parallelFor(int64_t tasks, const std::function<void(int64_t)> &fn);

} // namespace kiln::kernels

#endif // KILN_KERNELS_THREADPOOL_H
