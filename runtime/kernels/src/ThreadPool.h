//===- ThreadPool.h - the kernels' shared Eigen thread pool -----*- C++ -*-===//
#ifndef KILN_KERNELS_THREADPOOL_H
#define KILN_KERNELS_THREADPOOL_H

#define EIGEN_USE_THREADS
#include <unsupported/Eigen/CXX11/Tensor>

namespace kiln::kernels {

/// The device every kernel evaluates on; null when one thread is asked for,
/// so single-threaded runs pay no pool hand-off.
const Eigen::ThreadPoolDevice *threadPoolDevice();

} // namespace kiln::kernels

#endif // KILN_KERNELS_THREADPOOL_H
